/** `flat`: max − min of the metric over the range ≤ max_spread, per series. */
import type { SeriesPoint } from "../../results/types.js";
import { fmt } from "../format.js";
import { leq } from "../numeric.js";
import { combineParts } from "../outcome.js";
import { metricOf, selectSeries } from "../series.js";
import type { ClaimOf, KindOutcome } from "../types.js";

export function checkFlat(claim: ClaimOf<"flat">, points: readonly SeriesPoint[]): KindOutcome {
  return combineParts(claim.series, (mechanism) => {
    const series = selectSeries(points, mechanism, claim.x_range);
    // One point has no spread at all: a flatness check on it could not fail.
    if (series.length < 2) {
      return { pass: false, measured: `${series.length} point`, detail: "flat needs ≥ 2 points" };
    }
    const values = series.map((point) => metricOf(point, claim.metric));
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const spread = hi - lo;
    const pass = leq(spread, claim.max_spread);
    const outcome: KindOutcome = {
      pass,
      measured: `spread ${fmt(spread)} (${fmt(lo)}…${fmt(hi)})`,
    };
    if (!pass) outcome.detail = `spread ${fmt(spread)} > ${fmt(claim.max_spread)}`;
    return outcome;
  });
}
