/**
 * `monotone`: no step against the direction larger than `slack`, and a net
 * change (last − first) in the direction larger than `slack`, so a constant
 * series is neither increasing nor decreasing. With `max_step_ratio` ("rises
 * only gradually"), no step between adjacent x may multiply the metric by
 * more than that factor.
 */
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
  /** to-value / from-value in the direction (∞ from 0). */
  factor: number;
}

function stepsOf(
  claim: ClaimOf<"monotone">,
  series: readonly SeriesPoint[],
  values: readonly number[],
): Step[] {
  const steps: Step[] = [];
  for (let i = 1; i < series.length; i++) {
    const before = values[i - 1] ?? 0;
    const after = values[i] ?? 0;
    const change = after - before;
    const against = claim.direction === "increasing" ? -change : change;
    const [small, large] = claim.direction === "increasing" ? [before, after] : [after, before];
    const factor = small === 0 ? (large === 0 ? 1 : Number.POSITIVE_INFINITY) : large / small;
    steps.push({ from: series[i - 1]?.x ?? 0, to: series[i]?.x ?? 0, against, factor });
  }
  return steps;
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
    const steps = stepsOf(claim, series, values);
    const first = values[0] ?? 0;
    const last = values[values.length - 1] ?? 0;
    const net = claim.direction === "increasing" ? last - first : first - last;
    const worst = steps.reduce((a, b) => (b.against > a.against ? b : a));
    const tooLarge = steps.filter((s) => !leq(s.against, claim.slack));
    const ratioLimit = claim.max_step_ratio;
    const jumps = ratioLimit === undefined ? [] : steps.filter((s) => !leq(s.factor, ratioLimit));
    const netText = `net ${fmt(claim.direction === "increasing" ? net : -net)} (${fmt(first)}→${fmt(last)})`;
    const measured =
      worst.against <= 0
        ? `${claim.direction} at every step, ${netText}`
        : `largest ${word} ${fmt(worst.against)} at x=${fmt(worst.from)}→${fmt(worst.to)}, ${netText}`;
    const problems: string[] = [];
    if (!(net > claim.slack)) {
      problems.push(
        `net change ${fmt(net)} in the ${claim.direction} direction is not > slack ${fmt(claim.slack)}`,
      );
    }
    if (tooLarge.length > 0) {
      problems.push(
        `${word} > slack ${fmt(claim.slack)} at ${fmtList(
          tooLarge.map((s) => `x=${fmt(s.from)}→${fmt(s.to)} (${fmt(s.against)})`),
        )}`,
      );
    }
    if (ratioLimit !== undefined && jumps.length > 0) {
      problems.push(
        `step > ${fmt(ratioLimit)}× at ${fmtList(
          jumps.map((s) => `x=${fmt(s.from)}→${fmt(s.to)} (${fmt(s.factor)}×)`),
        )}`,
      );
    }
    if (problems.length === 0) return { pass: true, measured };
    return { pass: false, measured, detail: problems.join("; ") };
  });
}
