/**
 * The one run loop of both runners: plan every experiment → refuse what the
 * runner cannot run (before any work) → dedupe points shared by experiments
 * → reuse cached ones → run the rest (the runner's way) → one row per
 * planned point → CSV → provenance. Result files are written atomically and
 * only when their contents change, so a warm run leaves data/ untouched.
 * Provenance (the code version) is computed once per run.
 */

import { join } from "node:path";
import type { LoadedManifest } from "../manifest/discover.js";
import { planPoints } from "../plan/points.js";
import { info } from "../progress.js";
import { removeStaleTempFiles, writeFileAtomic } from "../results/atomic-write.js";
import { formatRunsCsv } from "../results/csv.js";
import { DATA_DIR, metaPathOf, resultsPath } from "../results/paths.js";
import { detectCodeVersion, resultsUnchanged, writeProvenance } from "../results/provenance.js";
import type { RunRow } from "../results/types.js";
import type {
  ExperimentPlan,
  PointJob,
  PointOutcome,
  RunContext,
  Runner,
  RunSummary,
} from "./runner.js";

export interface RunLoopOptions {
  /** Ignore cached points and run them again. */
  force?: boolean;
  /** Plan and report, run nothing, write nothing. */
  dryRun?: boolean;
  /** Holds data/ (default: the working directory). */
  root?: string;
  /** The code version for provenance (default: git describe of the package, once per run). */
  codeVersion?: string;
}

function planningOf(id: Runner["id"]): "sim" | "hw" {
  return id === "sim" ? "sim" : "hw";
}

/** Every experiment's points for this runner; a bad plan throws before anything runs. */
export function planExperiments(
  runner: Runner,
  manifests: readonly LoadedManifest[],
): ExperimentPlan[] {
  const plans = manifests.map((loaded) => {
    const points = planPoints(
      loaded.manifest,
      runner.plansAs ?? planningOf(runner.id),
      runner.machineTerms,
    );
    const first = points[0]?.spec.seed;
    return {
      loaded,
      points: runner.firstSeedOnly ? points.filter((p) => p.spec.seed === first) : points,
    };
  });
  runner.check(plans);
  return plans;
}

export async function runExperiments(
  runner: Runner,
  manifests: readonly LoadedManifest[],
  o: RunLoopOptions = {},
): Promise<RunSummary> {
  const started = new Date();
  const t0 = performance.now();
  const plans = planExperiments(runner, manifests);
  // A run killed in the middle of a write left a temp file: its process is gone, so remove it.
  const stale = removeStaleTempFiles(join(o.root ?? ".", DATA_DIR));
  if (stale.length > 0) info(`run: removed ${stale.length} temp file(s) of an interrupted run`);

  const results = new Map<string, PointOutcome>();
  const jobs = new Map<string, PointJob>();
  let reused = 0;
  for (const plan of plans) {
    for (const point of plan.points) {
      const key = runner.keyOf(plan, point.spec);
      if (results.has(key) || jobs.has(key)) continue;
      const hit = o.force ? undefined : runner.cached(plan, point.spec);
      if (hit !== undefined) {
        results.set(key, hit);
        reused++;
      } else jobs.set(key, { key, spec: point.spec, plan, point });
    }
  }
  const context: RunContext = {
    plans,
    keysOf: (plan) => plan.points.map((p) => runner.keyOf(plan, p.spec)),
    pending: new Set(jobs.keys()),
    reused,
  };
  const dryRun = o.dryRun ?? false;
  await runner.execute(
    [...jobs.values()],
    context,
    (job, outcome) => results.set(job.key, outcome),
    {
      dryRun,
    },
  );
  const wallTimeS = (performance.now() - t0) / 1000;
  const summary: RunSummary = {
    runner: runner.id,
    ran: dryRun ? 0 : jobs.size,
    reused,
    wallTimeS,
    written: [],
    invalid: 0,
  };
  if (dryRun) return summary;

  const codeVersion = o.codeVersion ?? detectCodeVersion();
  for (const plan of plans) {
    const { manifest, path: manifestPath } = plan.loaded;
    const outcomes = plan.points.map((p) => {
      const outcome = results.get(runner.keyOf(plan, p.spec));
      if (outcome === undefined)
        throw new Error(`no result for ${manifest.id} ${p.spec.mechanism}`);
      return outcome;
    });
    const rows: RunRow[] = plan.points.map((p, i) => {
      const { metrics, hw } = outcomes[i] as PointOutcome;
      return hw === undefined
        ? { panel: p.panel, x: p.x, spec: p.spec, metrics }
        : { panel: p.panel, x: p.x, spec: p.spec, metrics, hw };
    });
    summary.invalid += rows.filter((r) => r.hw?.valid === false).length;
    const path = resultsPath(manifest.id, runner.id, o.root);
    const metaPath = metaPathOf(path);
    const csv = formatRunsCsv(rows, { hw: runner.id === "hw" });
    const runnerVersion = runner.versionFor(plan);
    if (resultsUnchanged(path, csv, metaPath, manifestPath, runnerVersion)) continue;
    writeFileAtomic(path, csv);
    const details = runner.provenanceDetails?.(plan, outcomes);
    writeProvenance(metaPath, {
      manifestPath,
      runner: runner.id,
      runnerVersion,
      seeds: [...new Set(plan.points.map((p) => p.spec.seed))].sort((a, b) => a - b),
      points: rows.length,
      startedAt: started,
      wallTimeS,
      codeVersion,
      ...(details === undefined ? {} : { details }),
    });
    summary.written.push(path);
  }
  runner.finish?.(summary);
  return summary;
}
