/**
 * Measured hw repetitions, keyed like the simulator's points by a content
 * hash of (spec with its repetition number as seed, runner version):
 * `data/.cache/hw/<hash>.json` holds the metrics, the hw columns (valid,
 * invalid_reason, server_cpu_pct) and the other measured extras. The hw
 * runner version hashes its sources and names the machine
 * (../runners/hw/runner.ts), so an edited server or another machine misses.
 * A killed `run --runner hw` resumes with the repetitions still missing.
 */
import { join } from "node:path";
import { z } from "zod";
import { METRICS, type Metric } from "../manifest/schema.js";
import { pointHash } from "../plan/points.js";
import { writeFileAtomic } from "./atomic-write.js";
import { DEFAULT_CACHE_DIR, readCacheEntry } from "./point-cache.js";
import type { HwFields, Metrics, PointSpec } from "./types.js";

const CachedRepetition = z.object({
  metrics: z
    .object(
      Object.fromEntries(METRICS.map((m) => [m, z.number().nullable()])) as Record<
        Metric,
        z.ZodNullable<z.ZodNumber>
      >,
    )
    .strict(),
  hw: z
    .object({
      valid: z.boolean(),
      invalid_reason: z.string(),
      server_cpu_pct: z.number().nullable(),
    })
    .strict(),
  /** Measured values beyond the CSV columns (µs per reply, achieved rate, …). */
  extra: z.record(z.string(), z.number().nullable()).default({}),
  warnings: z.array(z.string()).default([]),
});

export interface HwCachedRepetition {
  metrics: Metrics;
  hw: HwFields;
  extra: Record<string, number | null>;
  warnings: string[];
}

export class HwPointCache {
  readonly dir: string;

  constructor(
    readonly runnerVersion: string,
    root: string = DEFAULT_CACHE_DIR,
  ) {
    this.dir = join(root, "hw");
  }

  pathFor(spec: PointSpec): string {
    return join(this.dir, `${pointHash(spec, this.runnerVersion)}.json`);
  }

  /** The cached repetition, or undefined on a miss (also for an entry of another shape). */
  get(spec: PointSpec): HwCachedRepetition | undefined {
    return readCacheEntry(this.pathFor(spec), CachedRepetition) as HwCachedRepetition | undefined;
  }

  put(spec: PointSpec, entry: HwCachedRepetition): void {
    const metrics = Object.fromEntries(METRICS.map((m) => [m, entry.metrics[m]]));
    const body = { spec, ...entry, metrics };
    writeFileAtomic(this.pathFor(spec), `${JSON.stringify(body, null, 2)}\n`);
  }
}
