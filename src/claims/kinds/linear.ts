/** `linear`: least-squares fit of metric vs x over the range has R² ≥ min_r2. */
import type { SeriesPoint } from "../../results/types.js";
import { fmt } from "../format.js";
import { geq, linearFit } from "../numeric.js";
import { combineParts } from "../outcome.js";
import { metricOf, selectSeries } from "../series.js";
import type { ClaimOf, KindOutcome } from "../types.js";

/** Two points always fit a line exactly, so a meaningful R² needs three. */
const MIN_POINTS = 3;

export function checkLinear(claim: ClaimOf<"linear">, points: readonly SeriesPoint[]): KindOutcome {
  return combineParts(claim.series, (mechanism) => {
    const series = selectSeries(points, mechanism, claim.x_range);
    if (series.length < MIN_POINTS) {
      return {
        pass: false,
        measured: `${series.length} points`,
        detail: `linear needs ≥ ${MIN_POINTS} points in range, got ${series.length}`,
      };
    }
    const fit = linearFit(
      series.map((point) => point.x),
      series.map((point) => metricOf(point, claim.metric)),
    );
    const pass = geq(fit.r2, claim.min_r2);
    const measured = `R² ${fit.r2.toFixed(3)} (slope ${fmt(fit.slope)}, n=${series.length})`;
    const outcome: KindOutcome = { pass, measured };
    if (!pass) outcome.detail = `R² ${fit.r2.toFixed(3)} < ${fmt(claim.min_r2)}`;
    return outcome;
  });
}
