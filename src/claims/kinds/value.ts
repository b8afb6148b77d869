/** `value`: the metric at a point (or at every point) ≈ expected ± tolerance. */
import type { SeriesPoint } from "../../results/types.js";
import { fmt, fmtList } from "../format.js";
import { leq } from "../numeric.js";
import { combineParts } from "../outcome.js";
import { metricOf, resolveAt, selectSeries } from "../series.js";
import type { ClaimOf, KindOutcome } from "../types.js";

type ValueClaim = ClaimOf<"value">;

/** Within abs, or within rel × |expected|; with both given, either suffices. */
export function withinTolerance(
  value: number,
  expected: number,
  tolerance: ValueClaim["tolerance"],
): boolean {
  const off = Math.abs(value - expected);
  const byAbs = tolerance.abs !== undefined && leq(off, tolerance.abs);
  const byRel = tolerance.rel !== undefined && leq(off, tolerance.rel * Math.abs(expected));
  return byAbs || byRel;
}

export function checkValue(claim: ValueClaim, points: readonly SeriesPoint[]): KindOutcome {
  return combineParts(claim.series, (mechanism) => {
    const series = selectSeries(points, mechanism, claim.x_range);
    return claim.at_every ? checkEveryPoint(claim, series) : checkOnePoint(claim, series);
  });
}

function checkOnePoint(claim: ValueClaim, series: readonly SeriesPoint[]): KindOutcome {
  const at = resolveAt(series, claim.at, claim.metric);
  const pass = withinTolerance(at.value, claim.expected, claim.tolerance);
  const outcome: KindOutcome = { pass, measured: `${fmt(at.value)} ${at.label}` };
  if (!pass)
    outcome.detail = `off by ${fmt(at.value - claim.expected)} from ${fmt(claim.expected)}`;
  return outcome;
}

function checkEveryPoint(claim: ValueClaim, series: readonly SeriesPoint[]): KindOutcome {
  const values = series.map((point) => ({ x: point.x, value: metricOf(point, claim.metric) }));
  const outside = values.filter((v) => !withinTolerance(v.value, claim.expected, claim.tolerance));
  const worst = values.reduce((a, b) =>
    Math.abs(b.value - claim.expected) > Math.abs(a.value - claim.expected) ? b : a,
  );
  if (outside.length === 0) {
    const lo = Math.min(...values.map((v) => v.value));
    const hi = Math.max(...values.map((v) => v.value));
    return { pass: true, measured: `${fmt(lo)}…${fmt(hi)} over ${values.length} points` };
  }
  return {
    pass: false,
    measured: `${fmt(worst.value)} at x=${fmt(worst.x)} (worst of ${values.length})`,
    detail: `${outside.length} of ${values.length} points outside: ${fmtList(
      outside.map((v) => `x=${fmt(v.x)} → ${fmt(v.value)}`),
    )}`,
  };
}
