/**
 * Runs simulator points on a pool of worker threads (one per job), or in
 * this thread when jobs = 1 or when running from TypeScript sources (tests),
 * where a worker cannot load the module.
 *
 * Points go out longest first (longest-processing-time scheduling): the
 * cheap ones fill in at the end, so the workers finish together instead of
 * one idling while the other runs a late long point.
 */
import { Worker } from "node:worker_threads";
import type { Metrics, PointSpec } from "../../results/types.js";
import { simulatePoint } from "./run-point.js";
import type { WorkRequest } from "./worker.js";

export interface PointOutcome {
  index: number;
  metrics?: Metrics;
  events?: number;
  error?: string;
}

export async function runOnPool(
  specs: readonly PointSpec[],
  profile: string,
  jobs: number,
  onDone: (outcome: PointOutcome) => void,
): Promise<void> {
  const workerUrl = new URL("./worker.js", import.meta.url);
  const compiled = import.meta.url.endsWith(".js");
  if (jobs <= 1 || !compiled || specs.length <= 1) {
    for (let index = 0; index < specs.length; index++) {
      try {
        const r = simulatePoint(specs[index] as PointSpec, profile);
        onDone({ index, metrics: r.metrics, events: r.events });
      } catch (err) {
        onDone({ index, error: err instanceof Error ? err.message : String(err) });
      }
      // Yield so progress output and signals are handled between points.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return;
  }
  const order = longestFirst(specs);
  let next = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let active = 0;
      const feed = (w: Worker): boolean => {
        if (next >= order.length) return false;
        const index = order[next++] as number;
        const req: WorkRequest = { index, spec: specs[index] as PointSpec, profile };
        w.postMessage(req);
        return true;
      };
      const count = Math.min(jobs, specs.length);
      for (let i = 0; i < count; i++) {
        const w = new Worker(workerUrl);
        workers.push(w);
        w.on("message", (outcome: PointOutcome) => {
          // The next point first: onDone writes the cache (fsync), the worker need not wait.
          const fed = feed(w);
          onDone(outcome);
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

/**
 * Indices of `specs`, most expensive first. A point's cost is about its
 * number of requests (events per request vary less than rates and run
 * lengths do); equal estimates keep their input order.
 */
export function longestFirst(specs: readonly PointSpec[]): number[] {
  const cost = (s: PointSpec) => s.rate * (s.warmup_s + s.duration_s);
  return specs
    .map((_, i) => i)
    .sort((a, b) => cost(specs[b] as PointSpec) - cost(specs[a] as PointSpec));
}
