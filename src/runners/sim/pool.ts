/**
 * Runs simulator points on a pool of worker threads (one per job), or in
 * this thread when jobs = 1 or when running from TypeScript sources (tests),
 * where a worker cannot load the module.
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
  let next = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let active = 0;
      const feed = (w: Worker): boolean => {
        if (next >= specs.length) return false;
        const req: WorkRequest = { index: next, spec: specs[next] as PointSpec, profile };
        next++;
        w.postMessage(req);
        return true;
      };
      const count = Math.min(jobs, specs.length);
      for (let i = 0; i < count; i++) {
        const w = new Worker(workerUrl);
        workers.push(w);
        w.on("message", (outcome: PointOutcome) => {
          onDone(outcome);
          if (!feed(w)) {
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
