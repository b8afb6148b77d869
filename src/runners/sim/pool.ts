/**
 * Runs simulator points on a pool of worker threads (one per job), or in
 * this thread when jobs = 1 or when running from TypeScript sources (tests),
 * where a worker cannot load the module.
 *
 * Points that differ only in warm-up and duration share a trajectory and are
 * simulated in one run, each over its own window (run-point.ts
 * simulateTrajectory): Table 1's whole-run points ride on Figures 6 and 7's.
 *
 * Runs go out longest first (longest-processing-time scheduling): the
 * cheap ones fill in at the end, so the workers finish together instead of
 * one idling while the other runs a late long point.
 */
import { Worker } from "node:worker_threads";
import type { Metrics, PointSpec } from "../../results/types.js";
import { simulateTrajectory, trajectoryKey } from "./run-point.js";
import type { WorkReply, WorkRequest } from "./worker.js";

export interface PointOutcome {
  index: number;
  metrics?: Metrics;
  /** Events simulated: the run's, on the first point of a shared run, 0 on the others. */
  events?: number;
  error?: string;
}

/** One run of the pool: the indices of the points it measures. */
type Run = readonly number[];

/** Outcomes of one run (in this thread or a worker): `specs[k]` is the point of index `run[k]`. */
export function simulateRun(
  run: Run,
  specs: readonly PointSpec[],
  profile: string,
): PointOutcome[] {
  try {
    const result = simulateTrajectory(specs, profile);
    return run.map((index, k) => ({
      index,
      metrics: result.metrics[k] as Metrics,
      events: k === 0 ? result.events : 0,
    }));
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    return run.map((index) => ({ index, error }));
  }
}

export async function runOnPool(
  specs: readonly PointSpec[],
  profile: string,
  jobs: number,
  onDone: (outcome: PointOutcome) => void,
): Promise<void> {
  const workerUrl = new URL("./worker.js", import.meta.url);
  const compiled = import.meta.url.endsWith(".js");
  const runs = longestFirst(specs, sharedRuns(specs));
  if (jobs <= 1 || !compiled || runs.length <= 1) {
    for (const run of runs) {
      const points = run.map((i) => specs[i] as PointSpec);
      for (const outcome of simulateRun(run, points, profile)) onDone(outcome);
      // Yield so progress output and signals are handled between runs.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return;
  }
  let next = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let active = 0;
      const feed = (w: Worker): boolean => {
        const run = runs[next++];
        if (run === undefined) return false;
        const req: WorkRequest = { run, specs: run.map((i) => specs[i] as PointSpec), profile };
        w.postMessage(req);
        return true;
      };
      const count = Math.min(jobs, runs.length);
      for (let i = 0; i < count; i++) {
        const w = new Worker(workerUrl);
        workers.push(w);
        w.on("message", (reply: WorkReply) => {
          // The next run first: onDone writes the cache (fsync), the worker need not wait.
          const fed = feed(w);
          for (const outcome of reply.outcomes) onDone(outcome);
          if (!fed) {
            active--;
            if (active === 0) resolve();
          }
        });
        w.on("error", reject);
        active++;
        feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** The points grouped into runs: one per trajectory, in order of first appearance. */
export function sharedRuns(specs: readonly PointSpec[]): number[][] {
  const byKey = new Map<string, number[]>();
  specs.forEach((spec, index) => {
    const key = trajectoryKey(spec);
    const run = byKey.get(key);
    if (run === undefined) byKey.set(key, [index]);
    else run.push(index);
  });
  return [...byKey.values()];
}

/**
 * The runs, most expensive first. A run's cost is about its number of
 * requests (events per request vary less than rates and run lengths do);
 * equal estimates keep their input order.
 */
export function longestFirst(specs: readonly PointSpec[], runs: readonly Run[]): Run[] {
  const cost = (run: Run) =>
    Math.max(
      ...run.map((i) => {
        const s = specs[i] as PointSpec;
        return s.rate * (s.warmup_s + s.duration_s);
      }),
    );
  return runs
    .map((run, i) => ({ run, i, cost: cost(run) }))
    .sort((a, b) => b.cost - a.cost || a.i - b.i)
    .map((r) => r.run);
}
