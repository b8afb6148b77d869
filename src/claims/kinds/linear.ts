/**
 * `linear`: least-squares fit of metric vs x over the range has R² ≥ min_r2
 * and a slope in the stated direction ("increases linearly with the load"
 * needs a rising line: a flat series is not linear in load, and its R² is
 * 0 here, not 1).
 */
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
    const rising = claim.direction === "increasing";
    const withDirection = rising ? fit.slope > 0 : fit.slope < 0;
    const fits = geq(fit.r2, claim.min_r2);
    const measured = `R² ${fit.r2.toFixed(3)} (slope ${fmt(fit.slope)}, n=${series.length})`;
    if (fits && withDirection) return { pass: true, measured };
    const problems: string[] = [];
    if (!withDirection) {
      problems.push(
        `slope ${fmt(fit.slope)} is not ${rising ? "> 0" : "< 0"} (${claim.direction})`,
      );
    }
    if (!fits) problems.push(`R² ${fit.r2.toFixed(3)} < ${fmt(claim.min_r2)}`);
    return { pass: false, measured, detail: problems.join("; ") };
  });
}
