/**
 * Reading one series (mechanism × panel) out of the aggregated points, and
 * resolving the positions (`At`) and references claims talk about. Every
 * lookup that finds nothing throws NoDataError, so a missing point can only
 * ever fail a claim.
 */
import type {
  At,
  Mechanism,
  Metric,
  Parameter,
  Reference as SchemaReference,
  SeriesReference,
} from "../manifest/schema.js";
import type { SeriesPoint } from "../results/types.js";
import { fmt, fmtInterval, fmtList } from "./format.js";
import { mean, sameX } from "./numeric.js";
import { NoDataError } from "./outcome.js";
import type { XRange } from "./types.js";

/**
 * What a claim compares a metric with: a point parameter (e.g. rate), a
 * constant, or another value read from the data (a SeriesReference).
 */
export type Reference = SchemaReference;

/** A reference that needs no other series: a point parameter or a constant (ratio denominators). */
export type ScalarReference = Parameter | number;

export function inRange(x: number, range: XRange | undefined): boolean {
  return range === undefined || (x >= range[0] && x <= range[1]);
}

/**
 * The points of `mechanism`, sorted by x, restricted to `range`. The caller
 * passes the points of one panel (or a panel to filter on).
 */
export function selectSeries(
  points: readonly SeriesPoint[],
  mechanism: Mechanism,
  range?: XRange,
  panel?: string,
): SeriesPoint[] {
  const series = points
    .filter((p) => p.mechanism === mechanism && (panel === undefined || p.panel === panel))
    .filter((p) => inRange(p.x, range))
    .sort((a, b) => a.x - b.x);
  if (series.length === 0) {
    const where = panel === undefined ? "" : ` in panel ${panel}`;
    const window = range === undefined ? "" : ` with x in ${fmtInterval(range[0], range[1])}`;
    throw new NoDataError(`no data for ${mechanism}${where}${window}`);
  }
  return series;
}

/**
 * The evidence rule: a point counts only if its server served something. A
 * run with no reply rate, or a reply rate of 0, shows no work done, so every
 * claim reading it gets "no data" — never a pass on an idle or broken run.
 */
function requireServed(point: SeriesPoint): void {
  const served = point.metrics.reply_rate?.mean;
  if (served === undefined || served === null || Number.isNaN(served)) {
    throw new NoDataError(
      `no data: no reply_rate for ${point.mechanism} at x=${fmt(point.x)}, so no evidence the server worked`,
    );
  }
  if (served <= 0) {
    throw new NoDataError(
      `no data: ${point.mechanism} served nothing at x=${fmt(point.x)} (reply_rate ${fmt(served)})`,
    );
  }
}

/** The mean of `metric` at one point (which must show the server served something). */
export function metricOf(point: SeriesPoint, metric: Metric): number {
  requireServed(point);
  const value = point.metrics[metric]?.mean;
  if (value === undefined || value === null || Number.isNaN(value)) {
    throw new NoDataError(`no data for ${metric} of ${point.mechanism} at x=${fmt(point.x)}`);
  }
  return value;
}

/** A resolved parameter of one point, e.g. its request rate. */
export function parameterOf(point: SeriesPoint, name: Parameter): number {
  const value: number | undefined = point.params[name];
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new NoDataError(
      `no data for parameter ${name} of ${point.mechanism} at x=${fmt(point.x)}`,
    );
  }
  return value;
}

/** What resolving a reference needs besides the point: the panel and the claim. */
export interface ReferenceContext {
  /** The points of the claim's panel (all series), where a SeriesReference is looked up. */
  points: readonly SeriesPoint[];
  /** The claim's metric: the default metric of a SeriesReference. */
  metric: Metric;
  /** The claim's x_range: a reference `at` a position is resolved within it, like `ratio`'s. */
  range?: XRange | undefined;
}

/**
 * The reference for one point of the claim's series: a constant; the point's
 * parameter; or, for a SeriesReference, the value of `metric` (default: the
 * claim's) of `series` (default: the point's own) at the point's x — or at
 * the fixed position `at` of that series (within the claim's x_range).
 * Anything missing throws NoDataError naming what and where.
 */
export function resolveReference(
  reference: Reference,
  point: SeriesPoint,
  context: ReferenceContext,
): number {
  if (typeof reference === "number") return reference;
  if (typeof reference === "string") return parameterOf(point, reference);
  const mechanism = reference.series ?? point.mechanism;
  const metric = reference.metric ?? context.metric;
  try {
    if (reference.at === undefined) {
      const series = selectSeries(context.points, mechanism);
      return metricOf(pointAt(series, point.x), metric);
    }
    return resolveAt(selectSeries(context.points, mechanism, context.range), reference.at, metric)
      .value;
  } catch (error) {
    if (error instanceof NoDataError) {
      const what = describeSeriesReference(reference, context.metric);
      const where = `${point.mechanism} at x=${fmt(point.x)} in panel ${point.panel}`;
      throw new NoDataError(`${error.message} (reference ${what}, for ${where})`);
    }
    throw error;
  }
}

/**
 * Whether a reference is the compared value itself (same series, same metric,
 * same x): metric/reference is then always 1, so a claim on it cannot fail.
 */
export function isSelfReference(
  reference: Reference,
  mechanism: Mechanism,
  metric: Metric,
): boolean {
  return (
    typeof reference === "object" &&
    reference.at === undefined &&
    (reference.series ?? mechanism) === mechanism &&
    (reference.metric ?? metric) === metric
  );
}

function describeReferenceAt(at: At): string {
  if (typeof at === "number") return `at x=${fmt(at)}`;
  switch (at) {
    case "first":
      return "at first x";
    case "last":
      return "at last x";
    case "peak":
      return "at its peak";
    case "mean":
      return "mean over x";
  }
}

function describeSeriesReference(reference: SeriesReference, metric: Metric): string {
  const name = reference.metric ?? metric;
  // Another series: "select-ma reply_rate"; own series, another metric at the
  // same x: "sigwaitinfo_calls"; own series at a position: "own resp_ms at first x".
  const base =
    reference.series !== undefined
      ? `${reference.series} ${name}`
      : reference.metric !== undefined && reference.at === undefined
        ? name
        : `own ${name}`;
  return reference.at === undefined ? base : `${base} ${describeReferenceAt(reference.at)}`;
}

/**
 * A reference in words, e.g. "rate", "100", "select-ma reply_rate",
 * "sigwaitinfo_calls", "own resp_ms at first x". `metric` is the claim's,
 * the default of a SeriesReference.
 */
export function describeReference(reference: Reference, metric: Metric): string {
  if (typeof reference === "number") return fmt(reference);
  if (typeof reference === "string") return reference;
  return describeSeriesReference(reference, metric);
}

/** The point of a series at x, or NoDataError naming the x values it does have. */
export function pointAt(series: readonly SeriesPoint[], x: number): SeriesPoint {
  const found = series.find((p) => sameX(p.x, x));
  if (found === undefined) {
    const first = series[0];
    const name = first === undefined ? "series" : first.mechanism;
    const has = fmtList(
      series.map((p) => fmt(p.x)),
      8,
    );
    throw new NoDataError(`no data for ${name} at x=${fmt(x)} (has x: ${has || "none"})`);
  }
  return found;
}

/** A metric value at an `At` position of a series. */
export interface ResolvedAt {
  value: number;
  /** The x the value was read at; absent for 'mean', which covers the whole series. */
  point?: SeriesPoint;
  /** How the position was chosen, e.g. "at x=3000 (peak)", "(mean over 8 points)". */
  label: string;
}

/** Resolves `at` (an x, 'first', 'last', 'peak' or 'mean') to a value of `metric`. */
export function resolveAt(series: readonly SeriesPoint[], at: At, metric: Metric): ResolvedAt {
  if (typeof at === "number") {
    const point = pointAt(series, at);
    return { value: metricOf(point, metric), point, label: `at x=${fmt(point.x)}` };
  }
  const first = series[0];
  const last = series[series.length - 1];
  if (first === undefined || last === undefined) throw new NoDataError("no data: empty series");
  switch (at) {
    case "first":
      return {
        value: metricOf(first, metric),
        point: first,
        label: `at x=${fmt(first.x)} (first)`,
      };
    case "last":
      return { value: metricOf(last, metric), point: last, label: `at x=${fmt(last.x)} (last)` };
    case "peak": {
      // The first x of the maximum, so ties resolve to the earliest load.
      let peak = first;
      let peakValue = metricOf(first, metric);
      for (const point of series) {
        const value = metricOf(point, metric);
        if (value > peakValue) {
          peak = point;
          peakValue = value;
        }
      }
      return { value: peakValue, point: peak, label: `at x=${fmt(peak.x)} (peak)` };
    }
    case "mean":
      return {
        value: mean(series.map((p) => metricOf(p, metric))),
        label: `(mean over ${series.length} points)`,
      };
  }
}

/**
 * A reference at a resolved position: the parameter of that point, or, for a
 * 'mean' position, the parameter's mean over the same series.
 */
export function resolveReferenceAt(
  reference: ScalarReference,
  series: readonly SeriesPoint[],
  at: ResolvedAt,
): number {
  if (typeof reference === "number") return reference;
  if (at.point !== undefined) return parameterOf(at.point, reference);
  return mean(series.map((p) => parameterOf(p, reference)));
}
