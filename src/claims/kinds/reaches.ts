/** `reaches`: the metric is ≥ level at x = by (and we report where it first got there). */
import type { SeriesPoint } from "../../results/types.js";
import { fmt } from "../format.js";
import { geq } from "../numeric.js";
import { combineParts } from "../outcome.js";
import { metricOf, resolveAt, selectSeries } from "../series.js";
import type { ClaimOf, KindOutcome } from "../types.js";

export function checkReaches(
  claim: ClaimOf<"reaches">,
  points: readonly SeriesPoint[],
): KindOutcome {
  return combineParts(claim.series, (mechanism) => {
    const series = selectSeries(points, mechanism, claim.x_range);
    const atBy = resolveAt(series, claim.by, claim.metric);
    const first = series.find((point) => geq(metricOf(point, claim.metric), claim.level));
    const firstText =
      first === undefined
        ? `never ≥ ${fmt(claim.level)}`
        : `first ≥ ${fmt(claim.level)} at x=${fmt(first.x)}`;
    const pass = geq(atBy.value, claim.level);
    const outcome: KindOutcome = {
      pass,
      measured: `${fmt(atBy.value)} ${atBy.label}; ${firstText}`,
    };
    if (!pass) {
      outcome.detail = `${claim.metric} ${fmt(atBy.value)} < ${fmt(claim.level)} at x=${fmt(claim.by)}`;
    }
    return outcome;
  });
}
