/**
 * The simulator as a runner: its code version (for cache keys) and a batch
 * entry point over the worker pool.
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { sourceDirOf } from "../../package-root.js";
import type { Metrics, PointSpec } from "../../results/types.js";
import { sourceVersion } from "../source-version.js";
import { runOnPool } from "./pool.js";
import { SIM_MECHANISMS } from "./run-point.js";

// The simulator's TypeScript sources, also when running from dist/: the
// version must not depend on how the code was compiled (tsc or esbuild).
const SIM_DIR = sourceDirOf(dirname(fileURLToPath(import.meta.url)), "src/runners/sim");
let cachedVersion: string | undefined;

/**
 * Modules of the simulator's folder that schedule, cache or import points but
 * never change a point's numbers: editing them keeps the cache.
 */
const ORCHESTRATION = ["batch", "pool", "runner", "sim-runner", "worker"];

/** Hash of the simulator's model sources: a change to them invalidates simulator points only. */
export function simVersion(): string {
  cachedVersion ??= sourceVersion(SIM_DIR, ORCHESTRATION);
  return cachedVersion;
}

export function simSupports(spec: PointSpec): boolean {
  return SIM_MECHANISMS.includes(spec.mechanism);
}

export interface BatchResult {
  events: number;
  failures: string[];
}

export async function runSimBatch(
  specs: readonly PointSpec[],
  profile: string,
  jobs: number,
  onPoint: (spec: PointSpec, metrics: Metrics) => void,
): Promise<BatchResult> {
  let events = 0;
  const failures: string[] = [];
  await runOnPool(specs, profile, jobs, (outcome) => {
    const spec = specs[outcome.index] as PointSpec;
    if (outcome.error !== undefined || !outcome.metrics) {
      failures.push(`${spec.mechanism} ${JSON.stringify(spec)}: ${outcome.error ?? "no metrics"}`);
      return;
    }
    events += outcome.events ?? 0;
    onPoint(spec, outcome.metrics);
  });
  return { events, failures };
}
