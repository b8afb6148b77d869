/** `tracks`: metric / reference stays within [min_ratio, max_ratio] at every point. */
import type { SeriesPoint } from "../../results/types.js";
import { fmt, fmtBounds, fmtList } from "../format.js";
import { withinBounds } from "../numeric.js";
import { combineParts, malformed } from "../outcome.js";
import { describeReference, metricOf, resolveReference, selectSeries } from "../series.js";
import type { ClaimOf, KindOutcome } from "../types.js";

export function checkTracks(claim: ClaimOf<"tracks">, points: readonly SeriesPoint[]): KindOutcome {
  const { min_ratio: min, max_ratio: max } = claim;
  if (min === undefined && max === undefined) {
    return malformed("tracks claim sets neither min_ratio nor max_ratio, so it cannot fail");
  }
  return combineParts(claim.series, (mechanism) => {
    const ratios = selectSeries(points, mechanism, claim.x_range).map((point) => ({
      x: point.x,
      ratio: metricOf(point, claim.metric) / resolveReference(claim.reference, point),
    }));
    const lowest = ratios.reduce((a, b) => (b.ratio < a.ratio ? b : a));
    const highest = ratios.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    const outside = ratios.filter((r) => !withinBounds(r.ratio, min, max));
    const measured =
      lowest.ratio === highest.ratio
        ? `ratio ${fmt(lowest.ratio)} at ${ratios.length === 1 ? `x=${fmt(lowest.x)}` : `all ${ratios.length} points`}`
        : `ratio ${fmt(lowest.ratio)} (x=${fmt(lowest.x)}) … ${fmt(highest.ratio)} (x=${fmt(highest.x)})`;
    if (outside.length === 0) return { pass: true, measured };
    const reference = describeReference(claim.reference);
    return {
      pass: false,
      measured,
      detail: `${claim.metric}/${reference} not ${fmtBounds(min, max)} at ${fmtList(
        outside.map((r) => `x=${fmt(r.x)} (${fmt(r.ratio)})`),
      )}`,
    };
  });
}
