/**
 * Reading one series (mechanism × panel) out of the aggregated points, and
 * resolving the positions (`At`) and references claims talk about. Every
 * lookup that finds nothing throws NoDataError, so a missing point can only
 * ever fail a claim.
 */
import type { At, Mechanism, Metric, Parameter } from "../manifest/schema.js";
import type { SeriesPoint } from "../results/types.js";
import { fmt, fmtInterval, fmtList } from "./format.js";
import { mean, sameX } from "./numeric.js";
import { NoDataError } from "./outcome.js";
import type { XRange } from "./types.js";

/** What a claim compares a metric with: a point parameter (e.g. rate) or a constant. */
export type Reference = Parameter | number;

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

/** The mean of `metric` at one point. */
export function metricOf(point: SeriesPoint, metric: Metric): number {
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

export function resolveReference(reference: Reference, point: SeriesPoint): number {
  return typeof reference === "number" ? reference : parameterOf(point, reference);
}

export function describeReference(reference: Reference): string {
  return typeof reference === "number" ? fmt(reference) : reference;
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
  reference: Reference,
  series: readonly SeriesPoint[],
  at: ResolvedAt,
): number {
  if (typeof reference === "number") return reference;
  if (at.point !== undefined) return parameterOf(at.point, reference);
  return mean(series.map((p) => parameterOf(p, reference)));
}
