/** Builders for claim-checker tests: SeriesPoint fixtures and schema-parsed claims. */
import type { z } from "zod";
import type { ClaimOf } from "../../src/claims/types.js";
import {
  Claim,
  type ClaimKind,
  type Mechanism,
  type Metric,
  type Parameter,
} from "../../src/manifest/schema.js";
import type { SeriesPoint } from "../../src/results/types.js";

type MetricValues = Partial<Record<Metric, number | undefined>>;

interface PointOptions {
  panel?: string;
  params?: Partial<Record<Parameter, number>>;
}

const DEFAULT_PARAMS: Record<Parameter, number> = {
  connections: 0,
  idle: 0,
  rate: 0,
  reply_bytes: 1,
  duration_s: 10,
  warmup_s: 1,
  client_timeout_s: 10,
};

/**
 * The reply rate a fixture point gets when the test does not set one: the
 * checker reads no point whose server served nothing (the evidence rule).
 */
export const SERVED_REPLY_RATE = 100;

/**
 * One point; each metric value becomes an estimate with a zero-width interval.
 * reply_rate defaults to SERVED_REPLY_RATE; a test of the evidence rule sets
 * it (0), or leaves it out with `reply_rate: undefined`.
 */
export function point(
  mechanism: Mechanism,
  x: number,
  metrics: MetricValues,
  options: PointOptions = {},
): SeriesPoint {
  const estimates: SeriesPoint["metrics"] = {};
  const withServed: MetricValues =
    "reply_rate" in metrics ? metrics : { reply_rate: SERVED_REPLY_RATE, ...metrics };
  for (const [metric, mean] of Object.entries(withServed) as [Metric, number | undefined][]) {
    if (mean === undefined) continue;
    estimates[metric] = { mean, lo: mean, hi: mean, n: 3 };
  }
  return {
    panel: options.panel ?? "a",
    mechanism,
    x,
    params: { ...DEFAULT_PARAMS, ...options.params },
    metrics: estimates,
  };
}

interface SeriesOptions {
  panel?: string;
  /** The parameter the x axis sweeps (set to x in each point's params). */
  xParam?: Parameter;
  /** Parameters fixed for every point, e.g. { rate: 500 }. */
  params?: Partial<Record<Parameter, number>>;
}

/** A series of points at `xs`, metrics computed from x (and the point's index). */
export function series(
  mechanism: Mechanism,
  xs: readonly number[],
  metrics: (x: number, index: number) => MetricValues,
  options: SeriesOptions = {},
): SeriesPoint[] {
  const xParam = options.xParam ?? "rate";
  return xs.map((x, i) =>
    point(mechanism, x, metrics(x, i), {
      panel: options.panel ?? "a",
      params: { ...options.params, [xParam]: x },
    }),
  );
}

/** A series from explicit values of one metric, one per x. */
export function valuesSeries(
  mechanism: Mechanism,
  metric: Metric,
  xs: readonly number[],
  values: readonly number[],
  options: SeriesOptions = {},
): SeriesPoint[] {
  return series(mechanism, xs, (_x, i) => ({ [metric]: values[i] }), options);
}

type ClaimInput<K extends ClaimKind> = Extract<z.input<typeof Claim>, { kind: K }>;
type BaseFields = "id" | "source" | "role" | "kind";

/** Parses a claim through the real schema (defaults applied), filling id/source/role. */
export function claim<K extends ClaimKind>(
  kind: K,
  fields: Omit<ClaimInput<K>, BaseFields> & Partial<Pick<ClaimInput<K>, "id" | "source" | "role">>,
): ClaimOf<K> {
  const parsed = Claim.parse({
    id: `test-${kind.replaceAll("_", "-")}`,
    source: { ref: "Figure 0", quote: "a test quote" },
    role: "validation",
    ...fields,
    kind,
  });
  if (parsed.kind !== kind) throw new Error(`parsed a ${parsed.kind} claim, wanted ${kind}`);
  return parsed as ClaimOf<K>;
}

export const PERSISTENT_X = [250, 500, 1000, 1500, 2000, 2500, 3000];
export const BURST_X = [2800, 3000, 3200, 3400, 3600, 3800, 4000];
