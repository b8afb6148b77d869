/**
 * `knee`: the saturation point, the first x where metric < threshold ×
 * reference (e.g. reply_rate < 0.97 × rate). It must exist and lie in `within`.
 */
import type { SeriesPoint } from "../../results/types.js";
import { fmt, fmtInterval } from "../format.js";
import { combineParts } from "../outcome.js";
import { describeReference, metricOf, resolveReference, selectSeries } from "../series.js";
import type { ClaimOf, KindOutcome } from "../types.js";

/** The first point below threshold × reference, or undefined when the series never drops. */
export function findKnee(
  series: readonly SeriesPoint[],
  claim: Pick<ClaimOf<"knee">, "metric" | "reference" | "threshold">,
): SeriesPoint | undefined {
  return series.find(
    (point) =>
      metricOf(point, claim.metric) < claim.threshold * resolveReference(claim.reference, point),
  );
}

export function checkKnee(claim: ClaimOf<"knee">, points: readonly SeriesPoint[]): KindOutcome {
  const [from, to] = claim.within;
  return combineParts(claim.series, (mechanism) => {
    const series = selectSeries(points, mechanism, claim.x_range);
    const knee = findKnee(series, claim);
    if (knee === undefined) {
      const reference = describeReference(claim.reference);
      const last = series[series.length - 1];
      return {
        pass: false,
        measured: "no knee",
        detail: `${claim.metric} ≥ ${fmt(claim.threshold)} × ${reference} at all ${series.length} points (up to x=${fmt(last?.x ?? Number.NaN)})`,
      };
    }
    const pass = knee.x >= from && knee.x <= to;
    const outcome: KindOutcome = { pass, measured: `knee at ${fmt(knee.x)}` };
    if (!pass) outcome.detail = `knee at ${fmt(knee.x)} outside ${fmtInterval(from, to)}`;
    return outcome;
  });
}
