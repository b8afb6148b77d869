/**
 * `order`: every `lower` series < factor × every `higher` series at every
 * common x. Strict: "lower" (or "lowest") is not "equal", so a constant
 * dataset orders nothing; "much less" is a factor below 1 the text supports.
 */
import type { Mechanism } from "../../manifest/schema.js";
import type { SeriesPoint } from "../../results/types.js";
import { fmt, fmtList } from "../format.js";
import { geq, sameX } from "../numeric.js";
import { guardNoData, NoDataError } from "../outcome.js";
import { metricOf, selectSeries } from "../series.js";
import type { ClaimOf, KindOutcome } from "../types.js";

interface Comparison {
  lower: Mechanism;
  higher: Mechanism;
  x: number;
  /** lower / higher (0 when lower is 0 and higher is not). */
  ratio: number;
  ok: boolean;
}

export function checkOrder(claim: ClaimOf<"order">, points: readonly SeriesPoint[]): KindOutcome {
  return guardNoData(() => {
    const comparisons: Comparison[] = [];
    for (const lower of claim.lower) {
      const lowSeries = selectSeries(points, lower, claim.x_range);
      for (const higher of claim.higher) {
        comparisons.push(
          ...comparePair(claim, lowSeries, selectSeries(points, higher, claim.x_range)),
        );
      }
    }
    const failing = comparisons.filter((c) => !c.ok);
    // Report the worst failing comparison, or else the closest call.
    const pool = failing.length > 0 ? failing : comparisons;
    const worst = pool.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    const measured = `max ${worst.lower}/${worst.higher} ${fmt(worst.ratio)} at x=${fmt(worst.x)}`;
    if (failing.length === 0) return { pass: true, measured };
    const bound = claim.factor === 1 ? "" : `${fmt(claim.factor)} × `;
    return {
      pass: false,
      measured,
      detail: `lower not below ${bound}higher at ${fmtList(
        failing.map((c) => `${c.lower}/${c.higher} x=${fmt(c.x)} (${fmt(c.ratio)})`),
      )}`,
    };
  });
}

function comparePair(
  claim: ClaimOf<"order">,
  lowSeries: readonly SeriesPoint[],
  highSeries: readonly SeriesPoint[],
): Comparison[] {
  const comparisons: Comparison[] = [];
  for (const low of lowSeries) {
    const high = highSeries.find((p) => sameX(p.x, low.x));
    if (high === undefined) continue;
    const lowValue = metricOf(low, claim.metric);
    const highValue = metricOf(high, claim.metric);
    // Two zeros order nothing: no evidence that one is below the other.
    if (lowValue === 0 && highValue === 0) {
      throw new NoDataError(
        `no data: ${claim.metric} of ${low.mechanism} and ${high.mechanism} both 0 at x=${fmt(low.x)}`,
      );
    }
    comparisons.push({
      lower: low.mechanism,
      higher: high.mechanism,
      x: low.x,
      ratio: lowValue === 0 ? 0 : lowValue / highValue,
      ok: !geq(lowValue, claim.factor * highValue),
    });
  }
  if (comparisons.length === 0) {
    const [low, high] = [lowSeries[0]?.mechanism, highSeries[0]?.mechanism];
    throw new NoDataError(`no data: ${low} and ${high} share no x in range`);
  }
  return comparisons;
}
