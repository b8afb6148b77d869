/**
 * Results of single runs, keyed by content hash of (spec, runner version):
 * `data/.cache/<runner>/<hash>.json` holds the Metrics JSON. A killed run
 * resumes with only the missing points, and a point shared by several
 * manifests is computed once.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { METRICS, type Metric } from "../manifest/schema.js";
import { pointHash } from "../plan/points.js";
import { writeFileAtomic } from "./atomic-write.js";
import type { Metrics, PointSpec } from "./types.js";

export const DEFAULT_CACHE_DIR = join("data", ".cache");

const CachedMetrics = z
  .object(
    Object.fromEntries(METRICS.map((m) => [m, z.number().nullable()])) as Record<
      Metric,
      z.ZodNullable<z.ZodNumber>
    >,
  )
  .strict();

/**
 * A cache entry parsed with `schema`, or undefined on a miss: no file, a
 * truncated or unreadable JSON, or an entry of another shape (e.g. written
 * before a metric was added) — each is recomputed rather than trusted.
 */
export function readCacheEntry<T>(path: string, schema: z.ZodType<T>): T | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

export class PointCache {
  readonly dir: string;

  constructor(
    readonly runner: string,
    readonly runnerVersion: string,
    root: string = DEFAULT_CACHE_DIR,
  ) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(runner)) throw new Error(`bad runner name "${runner}"`);
    this.dir = join(root, runner);
  }

  pathFor(spec: PointSpec): string {
    return join(this.dir, `${pointHash(spec, this.runnerVersion)}.json`);
  }

  /**
   * The cached metrics, or undefined on a miss. An entry that no longer fits
   * the metric set (e.g. a metric was added) is a miss, so it gets recomputed.
   */
  get(spec: PointSpec): Metrics | undefined {
    return readCacheEntry(this.pathFor(spec), CachedMetrics) as Metrics | undefined;
  }

  put(spec: PointSpec, metrics: Metrics): void {
    const ordered = Object.fromEntries(METRICS.map((m) => [m, metrics[m]]));
    writeFileAtomic(this.pathFor(spec), `${JSON.stringify(ordered, null, 2)}\n`);
  }
}
