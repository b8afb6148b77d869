/**
 * `ratio`: a point value divided by another point value, a parameter (read at
 * the numerator's point) or a constant, within [min, max].
 */
import type { SeriesPoint } from "../../results/types.js";
import { fmt, fmtBounds } from "../format.js";
import { withinBounds } from "../numeric.js";
import { guardNoData, malformed, NoDataError } from "../outcome.js";
import {
  type ResolvedAt,
  resolveAt,
  resolveReferenceAt,
  type ScalarReference,
  selectSeries,
} from "../series.js";
import type { ClaimOf, KindOutcome } from "../types.js";

type RatioClaim = ClaimOf<"ratio">;
type PointRef = RatioClaim["numerator"];

interface Operand {
  value: number;
  text: string;
}

export function checkRatio(claim: RatioClaim, points: readonly SeriesPoint[]): KindOutcome {
  if (claim.min === undefined && claim.max === undefined) {
    return malformed("ratio claim sets neither min nor max, so it cannot fail");
  }
  return guardNoData(() => {
    const numSeries = selectSeries(points, claim.numerator.series, claim.x_range);
    const numMetric = claim.numerator.metric ?? claim.metric;
    const numAt = resolveAt(numSeries, claim.numerator.at, numMetric);
    const numerator: Operand = {
      value: numAt.value,
      text: `${claim.numerator.series} ${fmt(numAt.value)} ${numAt.label}`,
    };
    const { denominator } = claim;
    const divisor =
      typeof denominator === "object"
        ? resolvePointRef(claim, denominator, points)
        : resolveReferenceOperand(denominator, numSeries, numAt);
    if (numerator.value === 0 && divisor.value === 0) {
      throw new NoDataError(`no data: ratio of two zeros (${numerator.text} / ${divisor.text})`);
    }
    const ratio = numerator.value / divisor.value;
    const pass = withinBounds(ratio, claim.min, claim.max);
    const measured = `ratio ${fmt(ratio)} = ${numerator.text} / ${divisor.text}`;
    if (pass) return { pass, measured };
    return { pass, measured, detail: `ratio ${fmt(ratio)} not ${fmtBounds(claim.min, claim.max)}` };
  });
}

function resolvePointRef(
  claim: RatioClaim,
  ref: PointRef,
  points: readonly SeriesPoint[],
): Operand {
  const series = selectSeries(points, ref.series, claim.x_range);
  const at = resolveAt(series, ref.at, ref.metric ?? claim.metric);
  return { value: at.value, text: `${ref.series} ${fmt(at.value)} ${at.label}` };
}

/** A parameter read where the numerator was read (its mean for 'mean'), or a constant. */
function resolveReferenceOperand(
  reference: ScalarReference,
  numSeries: readonly SeriesPoint[],
  numAt: ResolvedAt,
): Operand {
  const value = resolveReferenceAt(reference, numSeries, numAt);
  return { value, text: typeof reference === "number" ? fmt(value) : `${reference} ${fmt(value)}` };
}
