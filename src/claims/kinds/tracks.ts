/**
 * `tracks`: metric / reference stays within [min_ratio, max_ratio] at every
 * point. The reference may be a parameter (reply_rate ≈ rate), a constant, or
 * another value at the same x: another series (rtsig-perfd ≈ select-ma), or
 * another metric (sigio_count ≈ sigwaitinfo_calls).
 */
import type { SeriesPoint } from "../../results/types.js";
import { fmt, fmtBounds, fmtList } from "../format.js";
import { withinBounds } from "../numeric.js";
import { combineParts, malformed, NoDataError } from "../outcome.js";
import {
  describeReference,
  isSelfReference,
  metricOf,
  resolveReference,
  selectSeries,
} from "../series.js";
import type { ClaimOf, KindOutcome } from "../types.js";

/**
 * metric / reference. Two zeros are no evidence of tracking (a server that
 * served nothing "tracks" everything), so 0/0 is no data, never a ratio of 1.
 * A reference of 0 alone gives ±∞ (or NaN for a NaN metric), which fails any
 * max bound.
 */
export function trackingRatio(value: number, reference: number, where = ""): number {
  if (value === 0 && reference === 0) {
    throw new NoDataError(`no data: ratio of two zeros${where}`);
  }
  return value / reference;
}

export function checkTracks(claim: ClaimOf<"tracks">, points: readonly SeriesPoint[]): KindOutcome {
  const { min_ratio: min, max_ratio: max } = claim;
  if (min === undefined && max === undefined) {
    return malformed("tracks claim sets neither min_ratio nor max_ratio, so it cannot fail");
  }
  const context = { points, metric: claim.metric, range: claim.x_range };
  return combineParts(claim.series, (mechanism) => {
    if (isSelfReference(claim.reference, mechanism, claim.metric)) {
      return malformed(
        `the reference of ${mechanism} is its own ${claim.metric} at the same x, so the ratio is always 1`,
      );
    }
    const ratios = selectSeries(points, mechanism, claim.x_range).map((point) => ({
      x: point.x,
      ratio: trackingRatio(
        metricOf(point, claim.metric),
        resolveReference(claim.reference, point, context),
        ` (${mechanism} ${claim.metric} at x=${fmt(point.x)})`,
      ),
    }));
    const lowest = ratios.reduce((a, b) => (b.ratio < a.ratio ? b : a));
    const highest = ratios.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    const outside = ratios.filter((r) => !withinBounds(r.ratio, min, max));
    const measured =
      lowest.ratio === highest.ratio
        ? `ratio ${fmt(lowest.ratio)} at ${ratios.length === 1 ? `x=${fmt(lowest.x)}` : `all ${ratios.length} points`}`
        : `ratio ${fmt(lowest.ratio)} (x=${fmt(lowest.x)}) … ${fmt(highest.ratio)} (x=${fmt(highest.x)})`;
    if (outside.length === 0) return { pass: true, measured };
    const reference = describeReference(claim.reference, claim.metric);
    return {
      pass: false,
      measured,
      detail: `${claim.metric}/${reference} not ${fmtBounds(min, max)} at ${fmtList(
        outside.map((r) => `x=${fmt(r.x)} (${fmt(r.ratio)})`),
      )}`,
    };
  });
}
