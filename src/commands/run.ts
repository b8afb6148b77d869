import { availableParallelism } from "node:os";
import type { LoadedManifest } from "../manifest/discover.js";
import { type PlannedPoint, planPoints, pointKey } from "../plan/points.js";
import { ExperimentProgress, info } from "../progress.js";
import { writeFileAtomic } from "../results/atomic-write.js";
import { formatRunsCsv } from "../results/csv.js";
import { PointCache } from "../results/point-cache.js";
import { resultsUnchanged, writeProvenance } from "../results/provenance.js";
import type { Metrics, PointSpec, RunRow } from "../results/types.js";
import { runSimBatch, simSupports, simVersion } from "../runners/sim/runner.js";
import { resultsPath, selectManifests } from "./select-manifests.js";
import { UsageError } from "./usage-error.js";

export interface RunOptions {
  runner: string;
  jobs?: string;
  force?: boolean;
  /** hw runner: print the planned runs and time, run nothing. */
  dryRun?: boolean;
  /** hw runner: shape the server–client link to this rate (e.g. 100mbit). */
  link?: string;
}

export interface RunSummary {
  ran: number;
  reused: number;
  events: number;
  wallTimeS: number;
  written: string[];
}

function jobsFrom(raw: string | undefined): number {
  if (raw === undefined) return availableParallelism();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--jobs must be a whole number ≥ 1, got '${raw}'`);
  return n;
}

function profileOf(m: LoadedManifest): string {
  const profile = m.manifest.runners.sim?.profile;
  if (!profile)
    throw new UsageError(
      `${m.path}: no 'runners.sim' section; this experiment has no simulator setup`,
    );
  return profile;
}

export async function runCommand(ids: readonly string[], o: RunOptions): Promise<RunSummary> {
  if (o.runner === "hw") {
    const { runHwCommand } = await import("./run-hw.js");
    const r = await runHwCommand(ids, o);
    return { ran: r.ran, reused: r.reused, events: 0, wallTimeS: r.wallTimeS, written: r.written };
  }
  if (o.runner !== "sim") throw new UsageError(`unknown runner '${o.runner}' (known: sim, hw)`);
  if (o.dryRun) throw new UsageError("--dry-run plans hw runs only (use it with --runner hw)");
  if (o.link !== undefined) throw new UsageError("--link shapes a real link: it needs --runner hw");
  const jobs = jobsFrom(o.jobs);
  const started = new Date();
  const t0 = performance.now();
  const manifests = selectManifests(ids);
  // The cost profile is part of what decides a point, so it is part of the cache key.
  const caches = new Map<string, PointCache>();
  const cacheFor = (profile: string): PointCache => {
    let c = caches.get(profile);
    if (!c) {
      c = new PointCache("sim", `${simVersion()}|${profile}`);
      caches.set(profile, c);
    }
    return c;
  };

  // Plan everything first: unknown mechanisms fail before any work starts.
  const plans = manifests.map((m) => ({
    m,
    points: planPoints(m.manifest),
    profile: profileOf(m),
  }));
  const todo = new Map<string, { spec: PointSpec; profile: string }>();
  const results = new Map<string, Metrics>();
  let reused = 0;
  for (const { m, points, profile } of plans) {
    for (const p of points) {
      if (!simSupports(p.spec)) {
        throw new UsageError(
          `${m.path}: mechanism '${p.spec.mechanism}' is not modelled by the simulator`,
        );
      }
      const key = `${profile}|${pointKey(p.spec)}`;
      if (results.has(key) || todo.has(key)) continue;
      const hit = o.force ? undefined : cacheFor(profile).get(p.spec);
      if (hit) {
        results.set(key, hit);
        reused++;
      } else todo.set(key, { spec: p.spec, profile });
    }
  }

  let events = 0;
  const byProfile = new Map<string, PointSpec[]>();
  for (const { spec, profile } of todo.values()) {
    const list = byProfile.get(profile) ?? [];
    list.push(spec);
    byProfile.set(profile, list);
  }
  const progress = new ExperimentProgress(
    plans.map(({ m, points, profile }) => ({
      id: m.manifest.id,
      points: points.map((p) => `${profile}|${pointKey(p.spec)}`),
    })),
    todo,
  );
  for (const [profile, specs] of byProfile) {
    const batch = await runSimBatch(specs, profile, jobs, (spec, metrics) => {
      cacheFor(profile).put(spec, metrics);
      results.set(`${profile}|${pointKey(spec)}`, metrics);
      progress.pointDone(`${profile}|${pointKey(spec)}`);
    });
    events += batch.events;
    if (batch.failures.length > 0)
      throw new Error(`simulation failed:\n${batch.failures.join("\n")}`);
  }

  progress.finish();
  const wallTimeS = (performance.now() - t0) / 1000;
  const written: string[] = [];
  for (const { m, points, profile } of plans) {
    const rows: RunRow[] = points.map((p: PlannedPoint) => ({
      panel: p.panel,
      x: p.x,
      spec: p.spec,
      metrics: results.get(`${profile}|${pointKey(p.spec)}`) as Metrics,
    }));
    const path = resultsPath(m.manifest.id, "sim");
    const metaPath = path.replace(/\.csv$/, ".meta.json");
    const csv = formatRunsCsv(rows);
    const runnerVersion = `${simVersion()} profile=${profile}`;
    // Nothing new: keep the CSV and its provenance as they are, so a warm run
    // leaves the committed data/ untouched (no churn of dates in git).
    if (resultsUnchanged(path, csv, metaPath, m.path, runnerVersion)) continue;
    writeFileAtomic(path, csv);
    writeProvenance(metaPath, {
      manifestPath: m.path,
      runner: "sim",
      runnerVersion,
      seeds: m.manifest.sweep.seeds,
      points: rows.length,
      startedAt: started,
      wallTimeS,
    });
    written.push(path);
  }
  info(
    `run: ${todo.size} points simulated, ${reused} reused from cache, ${written.length} result files written, ` +
      `${wallTimeS.toFixed(1)} s` +
      (events > 0 ? `, ${(events / 1e6).toFixed(1)} M events` : ""),
  );
  return { ran: todo.size, reused, events, wallTimeS, written };
}
