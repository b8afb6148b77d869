/**
 * Reproduced series of one panel as flat chart rows: one row per mechanism × x
 * with the metric's mean, 95% interval and run count. A rule-variant series
 * (runners.sim.variants) has its title as its source, so the chart tells it
 * from its mechanism's default series by the "data" legend.
 */
import type { Mechanism, Metric } from "../manifest/schema.js";
import type { SeriesPoint } from "../results/types.js";

export interface SeriesRow {
  source: string;
  mechanism: Mechanism;
  x: number;
  mean: number;
  lo: number;
  hi: number;
  n: number;
  /**
   * Interval edges as drawn: lo/hi, raised to the plot floor on a log scale;
   * null for a point with fewer runs than `minRuns` (no interval is drawn).
   */
  band_lo: number | null;
  band_hi: number | null;
  /** Fewer runs than `minRuns`: drawn hollow, with no interval. */
  few: boolean;
}

export interface SeriesRowOptions {
  /** Legend name of the reproduced data, e.g. "reproduced (sim)". */
  source: string;
  /** Legend names of rule-variant series by id (runners.sim.variants). */
  variantTitles?: ReadonlyMap<string, string>;
  /** Mechanism order for the rows (mechanisms not listed sort last, by id). */
  mechanismOrder: readonly Mechanism[];
  /**
   * Log scale: rows whose mean is ≤ 0 cannot be drawn and are dropped, and
   * interval edges ≤ 0 are raised to this floor.
   */
  logFloor?: number;
  /**
   * Runs a point needs for an interval (hw: 3 valid repetitions); a point
   * with fewer is drawn hollow with no interval, not with a zero-width one.
   */
  minRuns?: number;
}

/** The rows of `panel` for `metric`, sorted by mechanism order then x. */
export function seriesRows(
  points: readonly SeriesPoint[],
  panel: string,
  metric: Metric,
  options: SeriesRowOptions,
): SeriesRow[] {
  const rows: SeriesRow[] = [];
  for (const point of points) {
    if (point.panel !== panel) continue;
    const estimate = point.metrics[metric];
    if (estimate === undefined) continue;
    const { mean, lo, hi, n } = estimate;
    const floor = options.logFloor;
    if (floor !== undefined && !(mean > 0)) continue;
    const few = options.minRuns !== undefined && n < options.minRuns;
    rows.push({
      source:
        point.variant === undefined
          ? options.source
          : (options.variantTitles?.get(point.variant) ?? point.variant),
      mechanism: point.mechanism,
      x: point.x,
      mean,
      lo,
      hi,
      n,
      band_lo: few ? null : floor !== undefined && !(lo > 0) ? floor : lo,
      band_hi: few ? null : floor !== undefined && !(hi > 0) ? floor : hi,
      few,
    });
  }
  // The default series before any rule-variant series of the same mechanism.
  const sourceRank = (s: string) => (s === options.source ? 0 : 1);
  const rank = (m: Mechanism) => {
    const i = options.mechanismOrder.indexOf(m);
    return i === -1 ? options.mechanismOrder.length : i;
  };
  return rows.sort(
    (a, b) =>
      rank(a.mechanism) - rank(b.mechanism) ||
      (a.mechanism < b.mechanism ? -1 : a.mechanism > b.mechanism ? 1 : 0) ||
      sourceRank(a.source) - sourceRank(b.source) ||
      (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) ||
      a.x - b.x,
  );
}

/** Smallest positive value, or undefined when there is none. */
export function minPositive(values: Iterable<number>): number | undefined {
  let min: number | undefined;
  for (const v of values) if (v > 0 && (min === undefined || v < min)) min = v;
  return min;
}
