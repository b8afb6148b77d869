/**
 * `dispatch-repro run [ids…] --runner hw`: every manifest's `runners.hw`
 * section measured on this machine. The runs go one at a time — the server
 * owns CPU 0, the load the other CPUs, and two runs at once would count each
 * other's work — in repetition order (every point's first repetition, then
 * every second one, …), so slow drifts of the machine spread over all points
 * instead of piling onto one. Each finished repetition is cached at once
 * (data/.cache/hw, keyed by spec + repetition + the hw runner's source hash +
 * machine), so a killed run resumes and a rerun reuses; a repetition shared
 * by several manifests (fig9 = fig6…fig8's response times) runs once.
 *
 * Writes data/<id>/hw.csv (atomically; one row per repetition, the shared
 * columns plus valid, invalid_reason, server_cpu_pct) and hw.meta.json
 * (provenance: machine, kernel, CPU model, httperf version, …). The planned
 * total time is printed before the first run; progress lines with an ETA go
 * to stderr.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import type { LoadedManifest } from "../manifest/discover.js";
import { type PlannedPoint, planPoints, pointKey } from "../plan/points.js";
import { info } from "../progress.js";
import { writeFileAtomic } from "../results/atomic-write.js";
import { formatRunsCsv } from "../results/csv.js";
import { type HwCachedRepetition, HwPointCache } from "../results/hw-point-cache.js";
import { DEFAULT_CACHE_DIR } from "../results/point-cache.js";
import { resultsUnchanged, writeProvenance } from "../results/provenance.js";
import { NO_METRICS, type PointSpec, type RunRow } from "../results/types.js";
import { allowedCpus, placeCpus } from "../runners/hw/cpu-placement.js";
import { HwRunFailed, isHwRunnerError, isMachineError } from "../runners/hw/hw-errors.js";
import { formatDuration, plannedSeconds } from "../runners/hw/planned-time.js";
import { HW_MECHANISMS, type HwPointOptions } from "../runners/hw/run-hw-point.js";
import {
  buildServer,
  hwRunnerVersion,
  hwSourceVersion,
  hwSupports,
  runHwRepetition,
  serverBinaryPath,
} from "../runners/hw/runner.js";
import { measureQuietly, notQuietReason, type QuietMeasurement } from "./hw-quiet.js";
import { linkOption } from "./link-option.js";
import { EXPERIMENTS_DIR, resultsPath, selectManifests } from "./select-manifests.js";
import { UsageError } from "./usage-error.js";

export interface HwRunOptions {
  force?: boolean;
  jobs?: string;
  /** Print the plan and its time, run nothing. */
  dryRun?: boolean;
  /** Directory holding experiments/ and data/ (default: the working directory). */
  root?: string;
  /** Build the server with make first (default true). */
  build?: boolean;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
  /** Passed to every run (tests: shorter grace periods). */
  pointOptions?: Partial<HwPointOptions>;
  /**
   * Measure a run again while other work disturbs CPU 0 (default true). Off
   * where other work on CPU 0 is expected and the numbers are not kept (the
   * end-to-end test runs beside other test files).
   */
  requireQuietMachine?: boolean;
  /** Shape the server–client link to this rate (e.g. 100mbit) instead of loopback; needs root. */
  link?: string;
}

export interface HwRunSummary {
  ran: number;
  reused: number;
  failed: number;
  invalid: number;
  plannedS: number;
  wallTimeS: number;
  written: string[];
}

/** One repetition to make, and where it appears first (for progress lines). */
interface Job {
  key: string;
  spec: PointSpec;
  label: string;
  plannedS: number;
}

/** Attempts at a repetition while other work disturbs CPU 0, before it is kept as invalid. */
const QUIET_ATTEMPTS = 3;

/** One repetition, measured again while other work disturbs CPU 0 (hw-quiet.ts). */
function runQuietly(
  spec: PointSpec,
  pointOptions: HwRunOptions["pointOptions"],
  log: (line: string) => void,
  attempts: number,
): Promise<QuietMeasurement> {
  const measure = async (): Promise<HwCachedRepetition> => {
    const { metrics, hw, result } = await runHwRepetition(spec, {
      ...pointOptions,
      // runHwPoint's own step lines are too many for a long run: keep what matters.
      log: (line) => {
        pointOptions?.log?.(line);
        if (/waiting for another hw run/.test(line)) log(line);
      },
    });
    return { metrics, hw, extra: { ...result.extra }, warnings: result.warnings };
  };
  return measureQuietly(measure, attempts, log);
}

/** Runs this many failures in a row mean something is wrong with the machine, not a point. */
const MAX_FAILURES_IN_A_ROW = 3;

/** `httperf --version`'s first line, or null. */
function httperfVersion(): string | null {
  try {
    const out = execFileSync("httperf", ["--version"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 5000,
    });
    return /httperf-[\w.]+/.exec(out)?.[0] ?? (out.trim().split("\n").pop() || null);
  } catch {
    return null;
  }
}

function labelOf(m: LoadedManifest, p: PlannedPoint, repetitions: number): string {
  const s = p.spec;
  const where =
    s.workload === "persistent"
      ? `C=${s.connections} R=${s.rate}`
      : `idle=${s.idle} R=${s.rate}${s.reply_bytes !== 1 ? ` ${s.reply_bytes} B` : ""}`;
  return `${m.manifest.id}/${p.panel} ${s.mechanism} ${where} rep ${s.seed}/${repetitions}`;
}

function shortMetrics(r: HwCachedRepetition): string {
  const n = (v: number | null, digits = 1) => (v === null ? "–" : v.toFixed(digits));
  const m = r.metrics;
  const text =
    `${n(m.reply_rate, 0)} replies/s, cpu ${n(m.cpu_pct)}%, server ${n(r.hw.server_cpu_pct)}%, ` +
    `${n(m.resp_ms, 2)} ms, ${m.errors ?? 0} errors`;
  return r.hw.valid ? text : `${text} — INVALID: ${r.hw.invalid_reason}`;
}

/** A run that threw: no metrics, marked invalid with the error (not cached: a rerun retries it). */
function failedRepetition(message: string): HwCachedRepetition {
  return {
    metrics: { ...NO_METRICS },
    hw: { valid: false, invalid_reason: `run failed: ${message}`, server_cpu_pct: null },
    extra: {},
    warnings: [],
  };
}

/** Manifests to run: the named ones (each must have a hw section), or every one that has one. */
function hwManifests(ids: readonly string[], root: string, log: (l: string) => void) {
  const all = selectManifests(ids, join(root, EXPERIMENTS_DIR));
  if (ids.length > 0) return all; // planPoints names the one without a hw section
  const without = all.filter((m) => m.manifest.runners.hw === undefined);
  if (without.length > 0) {
    log(`run: no hw section (skipped): ${without.map((m) => m.manifest.id).join(", ")}`);
  }
  return all.filter((m) => m.manifest.runners.hw !== undefined);
}

export async function runHwCommand(
  ids: readonly string[],
  o: HwRunOptions = {},
): Promise<HwRunSummary> {
  const log = o.log ?? info;
  const root = o.root ?? ".";
  if (o.jobs !== undefined && o.jobs !== "1") {
    log("run: --jobs is ignored by the hw runner: one run at a time (CPU 0 is the server's)");
  }
  const link = linkOption(o.link);
  const started = new Date();
  const t0 = performance.now();
  const manifests = hwManifests(ids, root, log);
  if (manifests.length === 0) throw new UsageError("no experiment has a 'runners.hw' section");

  // Plan everything first: an unsupported mechanism fails before any work starts.
  const plans = manifests.map((m) => ({ m, points: planPoints(m.manifest, "hw") }));
  for (const { m, points } of plans) {
    const bad = [
      ...new Set(points.filter((p) => !hwSupports(p.spec)).map((p) => p.spec.mechanism)),
    ];
    if (bad.length > 0) {
      throw new UsageError(
        `${m.path}: runners.hw.mechanisms: ${bad.join(", ")} ha${bad.length > 1 ? "ve" : "s"} no hw server ` +
          `(hw mechanisms: ${HW_MECHANISMS.join(", ")}; devpoll and rtsig-perfd are simulator-only)`,
      );
    }
    const reps = m.manifest.runners.hw?.repetitions ?? 0;
    if (reps < 3) {
      log(`run: ${m.manifest.id}: ${reps} repetition(s) per point; 3 or more give a 95% interval`);
    }
  }

  if (o.build !== false && !o.dryRun) await buildServer();
  if (!o.dryRun && !existsSync(serverBinaryPath())) {
    throw new UsageError(`no hw server at ${serverBinaryPath()}: build it with 'make server'`);
  }
  // A shaped link measures something else than loopback: its own cache entries and provenance.
  const version = link ? `${hwRunnerVersion()}|link=${link}` : hwRunnerVersion();
  const pointOptions = { ...o.pointOptions, ...(link ? { link } : {}) };
  const cache = new HwPointCache(version, join(root, DEFAULT_CACHE_DIR));
  const requireQuiet = o.requireQuietMachine ?? true;

  // Distinct repetitions, in repetition-major order.
  const results = new Map<string, HwCachedRepetition>();
  const jobs = new Map<string, Job>();
  const perManifest = new Map<string, { runs: number; plannedS: number }>();
  let reused = 0;
  let plannedAllS = 0;
  for (const { m, points } of plans) {
    const reps = m.manifest.runners.hw?.repetitions ?? 1;
    const mine = { runs: 0, plannedS: 0 };
    perManifest.set(m.manifest.id, mine);
    for (const p of points) {
      const key = pointKey(p.spec);
      if (results.has(key) || jobs.has(key)) continue;
      const plannedS = plannedSeconds(p.spec);
      plannedAllS += plannedS;
      const hit = o.force ? undefined : cache.get(p.spec);
      // A cached run disturbed by other work on CPU 0 is measured again.
      if (hit && (!requireQuiet || notQuietReason(hit) === null)) {
        results.set(key, hit);
        reused++;
        continue;
      }
      jobs.set(key, { key, spec: p.spec, label: labelOf(m, p, reps), plannedS });
      mine.runs++;
      mine.plannedS += plannedS;
    }
  }
  const queue = [...jobs.values()].sort((a, b) => a.spec.seed - b.spec.seed);
  const plannedS = queue.reduce((s, j) => s + j.plannedS, 0);
  const placement = placeCpus(0);

  log(
    `run --runner hw: ${queue.length} runs to make, ${reused} reused from cache; ` +
      `planned ${formatDuration(plannedS)} (all ${queue.length + reused} runs: ${formatDuration(plannedAllS)}); ` +
      `server on CPU ${placement.serverCpu}, load on CPU ${placement.loadCpus.join(",")}; ` +
      (link ? `link shaped to ${link} (network namespaces, veth, tc)` : "loopback"),
  );
  for (const [id, t] of perManifest) {
    if (t.runs > 0)
      log(`  ${id.padEnd(8)} ${String(t.runs).padStart(4)} runs  ${formatDuration(t.plannedS)}`);
  }
  const nothingOwn = [...perManifest].filter(([, t]) => t.runs === 0).map(([id]) => id);
  if (queue.length > 0 && nothingOwn.length > 0) {
    log(`  (${nothingOwn.join(", ")}: every run shared with the above or cached)`);
  }
  if (o.dryRun) {
    return {
      ran: 0,
      reused,
      failed: 0,
      invalid: 0,
      plannedS,
      wallTimeS: (performance.now() - t0) / 1000,
      written: [],
    };
  }

  let failed = 0;
  let failedInARow = 0;
  let doneS = 0;
  const loopStart = performance.now();
  const width = String(queue.length).length;
  for (const [i, job] of queue.entries()) {
    const runStart = performance.now();
    let r: HwCachedRepetition;
    try {
      const run = await runQuietly(job.spec, pointOptions, log, requireQuiet ? QUIET_ATTEMPTS : 0);
      r = run.r;
      // Invalid for the clients' fault is a measurement like any other; a
      // disturbed run is not, and the next run measures it again.
      if (!run.disturbed) cache.put(job.spec, r);
      failedInARow = 0;
    } catch (error) {
      // The machine cannot run any point (a limit, a missing tool): stop at once.
      if (!isHwRunnerError(error) || isMachineError(error)) throw error;
      const message = error.message.split("\n")[0] ?? "";
      failed++;
      failedInARow++;
      r = failedRepetition(message);
      if (failedInARow >= MAX_FAILURES_IN_A_ROW) {
        throw new HwRunFailed(
          `${failedInARow} hw runs in a row failed, the last: ${message}; stopping (finished runs are cached)`,
        );
      }
    }
    results.set(job.key, r);
    doneS += job.plannedS;
    const elapsedS = (performance.now() - loopStart) / 1000;
    const pace = doneS > 0 ? elapsedS / doneS : 1;
    const etaS = (plannedS - doneS) * pace;
    log(
      `hw [${String(i + 1).padStart(width)}/${queue.length}] ${job.label}: ${shortMetrics(r)} ` +
        `(${((performance.now() - runStart) / 1000).toFixed(1)} s; ${formatDuration(elapsedS)} elapsed, ETA ${formatDuration(etaS)})`,
    );
    for (const w of r.warnings) log(`  warning: ${w}`);
  }

  const wallTimeS = (performance.now() - t0) / 1000;
  const written: string[] = [];
  const httperf = httperfVersion();
  let invalid = 0;
  for (const { m, points } of plans) {
    const rows: RunRow[] = points.map((p) => {
      const r = results.get(pointKey(p.spec)) as HwCachedRepetition;
      return { panel: p.panel, x: p.x, spec: p.spec, metrics: r.metrics, hw: r.hw };
    });
    const invalidHere = rows.filter((r) => r.hw?.valid === false).length;
    invalid += invalidHere;
    const path = join(root, resultsPath(m.manifest.id, "hw"));
    const metaPath = path.replace(/\.csv$/, ".meta.json");
    const csv = formatRunsCsv(rows, { hw: true });
    if (resultsUnchanged(path, csv, metaPath, m.path, version)) continue;
    writeFileAtomic(path, csv);
    const hw = m.manifest.runners.hw;
    writeProvenance(metaPath, {
      manifestPath: m.path,
      runner: "hw",
      runnerVersion: version,
      seeds: Array.from({ length: hw?.repetitions ?? 1 }, (_, k) => k + 1),
      points: rows.length,
      startedAt: started,
      wallTimeS,
      details: {
        machine: {
          cpuModel: cpus()[0]?.model.trim() ?? "unknown",
          cpusAllowed: allowedCpus(),
          cpuMHz: cpus()[0]?.speed ?? null,
          memoryBytes: totalmem(),
        },
        placement,
        link: link ?? "loopback",
        httperf,
        hwSourceVersion: hwSourceVersion(),
        serverBinary: serverBinaryPath(),
        repetitions: hw?.repetitions ?? 1,
        invalidRuns: invalidHere,
        note: "seeds are repetition numbers; invalid runs (valid=false) stay in the CSV and are left out of charts and claims",
      },
    });
    written.push(path);
  }
  log(
    `run --runner hw: ${queue.length} runs made (${failed} failed), ${reused} reused from cache, ` +
      `${invalid} invalid row(s) marked in the CSVs, ${written.length} result files written, ` +
      `${formatDuration(wallTimeS)} (planned ${formatDuration(plannedS)})`,
  );
  if (failed > 0) {
    throw new HwRunFailed(
      `${failed} hw run(s) failed; they are marked invalid ("run failed: …") in the CSVs and not cached: rerun to retry them`,
    );
  }
  return { ran: queue.length, reused, failed, invalid, plannedS, wallTimeS, written };
}
