/** `monotone`: no step against the direction larger than `slack`. */
import type { SeriesPoint } from "../../results/types.js";
import { fmt, fmtList } from "../format.js";
import { leq } from "../numeric.js";
import { combineParts } from "../outcome.js";
import { metricOf, selectSeries } from "../series.js";
import type { ClaimOf, KindOutcome } from "../types.js";

interface Step {
  from: number;
  to: number;
  /** How far the step goes against the direction (≤ 0: with it). */
  against: number;
}

export function checkMonotone(
  claim: ClaimOf<"monotone">,
  points: readonly SeriesPoint[],
): KindOutcome {
  const word = claim.direction === "increasing" ? "drop" : "rise";
  return combineParts(claim.series, (mechanism) => {
    const series = selectSeries(points, mechanism, claim.x_range);
    if (series.length < 2) {
      return { pass: false, measured: "1 point", detail: "monotone needs ≥ 2 points" };
    }
    const values = series.map((point) => metricOf(point, claim.metric));
    const steps: Step[] = [];
    for (let i = 1; i < series.length; i++) {
      const change = (values[i] ?? 0) - (values[i - 1] ?? 0);
      const against = claim.direction === "increasing" ? -change : change;
      steps.push({ from: series[i - 1]?.x ?? 0, to: series[i]?.x ?? 0, against });
    }
    const worst = steps.reduce((a, b) => (b.against > a.against ? b : a));
    const tooLarge = steps.filter((s) => !leq(s.against, claim.slack));
    const measured =
      worst.against <= 0
        ? `${claim.direction} at every step (${series.length} points)`
        : `largest ${word} ${fmt(worst.against)} at x=${fmt(worst.from)}→${fmt(worst.to)}`;
    if (tooLarge.length === 0) return { pass: true, measured };
    return {
      pass: false,
      measured,
      detail: `${word} > slack ${fmt(claim.slack)} at ${fmtList(
        tooLarge.map((s) => `x=${fmt(s.from)}→${fmt(s.to)} (${fmt(s.against)})`),
      )}`,
    };
  });
}
