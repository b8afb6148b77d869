/**
 * `predicts`: the simulator's prediction of a hw section against the
 * measurement at the same points (docs/cross-validation.md). The points of a
 * cross-validation evaluation hold both: the measured series as they are,
 * the predicted ones marked with the variant MODEL_SERIES.
 */
import type { SeriesPoint } from "../../results/types.js";
import { fmt, fmtList, fmtPct } from "../format.js";
import { sameX } from "../numeric.js";
import { combineParts, guardNoData, malformed, NoDataError } from "../outcome.js";
import { inRange, metricOf, parameterOf } from "../series.js";
import type { ClaimOf, KindOutcome } from "../types.js";

/** The variant name predicted points carry beside the measured ones. */
export const MODEL_SERIES = "model";

/** The hw runner's validity rule: a run that achieves less than this share of its offered rate missed it. */
const KEEPS_UP = 0.98;

type Claim = ClaimOf<"predicts">;

function seriesOf(
  points: readonly SeriesPoint[],
  mechanism: string,
  predicted: boolean,
  claim: Claim,
): SeriesPoint[] {
  const series = points
    .filter(
      (p) =>
        p.mechanism === mechanism &&
        (p.variant === MODEL_SERIES) === predicted &&
        inRange(p.x, claim.x_range),
    )
    .sort((a, b) => a.x - b.x);
  if (series.length === 0) {
    throw new NoDataError(`no ${predicted ? "predicted" : "measured"} data for ${mechanism}`);
  }
  return series;
}

/** The claim's value at a point: the metric, or with per_reply the metric per reply per second. */
function valueAt(p: SeriesPoint, claim: Claim): number {
  const v = metricOf(p, claim.metric);
  if (!claim.per_reply) return v;
  const replies = metricOf(p, "reply_rate");
  if (!(replies > 0)) throw new NoDataError(`no replies for ${p.mechanism} at x=${fmt(p.x)}`);
  return v / replies;
}

function relative(predicted: number, measured: number): number {
  if (measured === 0 && predicted === 0) return 0;
  return predicted / measured - 1;
}

function tolerance(claim: Claim): number | undefined {
  return claim.tolerance?.rel;
}

function checkPoints(claim: Claim, points: readonly SeriesPoint[]): KindOutcome {
  const tol = tolerance(claim);
  if (tol === undefined) return malformed("compare: point needs tolerance.rel");
  return combineParts(claim.series, (mechanism) => {
    const measured = seriesOf(points, mechanism, false, claim);
    const predicted = seriesOf(points, mechanism, true, claim);
    const pairs = measured.flatMap((m) => {
      const keepsUp = metricOf(m, "reply_rate") >= KEEPS_UP * parameterOf(m, "rate");
      // Per reply only below saturation (a saturated server's CPU per reply is its capacity).
      const where = claim.per_reply ? "keeps-up" : claim.where;
      if ((where === "keeps-up" && !keepsUp) || (where === "saturated" && keepsUp)) return [];
      const p = predicted.find((q) => sameX(q.x, m.x));
      return p === undefined
        ? []
        : [{ x: m.x, off: relative(valueAt(p, claim), valueAt(m, claim)) }];
    });
    if (pairs.length === 0) {
      const where = claim.per_reply ? "keeps-up" : claim.where;
      throw new NoDataError(
        `no point of ${mechanism} measured and predicted${where === "all" ? "" : ` where the measured server ${where === "keeps-up" ? "keeps up" : "saturates"}`}`,
      );
    }
    const worst = pairs.reduce((a, b) => (Math.abs(b.off) > Math.abs(a.off) ? b : a));
    const outside = pairs.filter((q) => Math.abs(q.off) > tol + 1e-12);
    const measuredText = `${pairs.length} point(s), worst ${fmtSigned(worst.off)} at x=${fmt(worst.x)}`;
    if (outside.length === 0) return { pass: true, measured: measuredText };
    return {
      pass: false,
      measured: measuredText,
      detail: `prediction off by more than ${fmtPct(tol)} at ${fmtList(
        outside.map((q) => `x=${fmt(q.x)} (${fmtSigned(q.off)})`),
      )}`,
    };
  });
}

function fmtSigned(fraction: number): string {
  return `${fraction >= 0 ? "+" : "−"}${fmtPct(Math.abs(fraction))}`;
}

function peakOf(series: readonly SeriesPoint[], claim: Claim): { x: number; value: number } {
  return series
    .map((p) => ({ x: p.x, value: valueAt(p, claim) }))
    .reduce((a, b) => (b.value > a.value ? b : a));
}

function checkPeak(claim: Claim, points: readonly SeriesPoint[]): KindOutcome {
  const tol = tolerance(claim);
  if (tol === undefined) return malformed("compare: peak needs tolerance.rel");
  return combineParts(claim.series, (mechanism) => {
    const m = peakOf(seriesOf(points, mechanism, false, claim), claim);
    const p = peakOf(seriesOf(points, mechanism, true, claim), claim);
    const off = relative(p.value, m.value);
    const text = `predicted ${fmt(p.value)}, measured ${fmt(m.value)} (${fmtSigned(off)})`;
    return Math.abs(off) <= tol + 1e-12
      ? { pass: true, measured: text }
      : { pass: false, measured: text, detail: `peak off by more than ${fmtPct(tol)}` };
  });
}

/** The first x whose metric falls below threshold × the offered rate; undefined when none does. */
function kneeOf(series: readonly SeriesPoint[], claim: Claim): number | undefined {
  return series.find((p) => valueAt(p, claim) < claim.threshold * parameterOf(p, "rate"))?.x;
}

function checkKneeMatch(claim: Claim, points: readonly SeriesPoint[]): KindOutcome {
  const tol = tolerance(claim);
  if (tol === undefined) return malformed("compare: knee needs tolerance.rel");
  return combineParts(claim.series, (mechanism) => {
    const measured = kneeOf(seriesOf(points, mechanism, false, claim), claim);
    if (measured === undefined) {
      throw new NoDataError(`the measured ${mechanism} keeps up at every x: no knee to predict`);
    }
    const predicted = kneeOf(seriesOf(points, mechanism, true, claim), claim);
    if (predicted === undefined) {
      return {
        pass: false,
        measured: `measured knee at ${fmt(measured)}, predicted none in range`,
        detail: "the model keeps up where the server did not",
      };
    }
    const off = relative(predicted, measured);
    const text = `knee predicted at ${fmt(predicted)}, measured at ${fmt(measured)} (${fmtSigned(off)})`;
    return Math.abs(off) <= tol + 1e-12
      ? { pass: true, measured: text }
      : { pass: false, measured: text, detail: `knee off by more than ${fmtPct(tol)}` };
  });
}

function checkOrderMatch(claim: Claim, points: readonly SeriesPoint[]): KindOutcome {
  const names = claim.series;
  if (names.length < 2) return malformed("compare: order needs two series or more");
  const measured = names.map((m) => seriesOf(points, m, false, claim));
  const predicted = names.map((m) => seriesOf(points, m, true, claim));
  const xs = [...new Set(measured.flat().map((p) => p.x))].sort((a, b) => a - b);
  let judged = 0;
  const swapped: string[] = [];
  for (const x of xs) {
    const m = measured.map((series) => valueAtX(series, x, claim));
    const p = predicted.map((series) => valueAtX(series, x, claim));
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        const [ma, mb, pa, pb] = [m[i], m[j], p[i], p[j]];
        if (ma === undefined || mb === undefined || pa === undefined || pb === undefined) continue;
        const hi = Math.max(ma, mb);
        const lo = Math.min(ma, mb);
        if (!(lo > 0) || hi / lo < claim.distinct) continue; // measured too close to order
        judged++;
        // A prediction that ties a clearly ordered pair does not order it.
        if (pa === pb || ma > mb !== pa > pb) {
          const [high, low] = ma > mb ? [names[i], names[j]] : [names[j], names[i]];
          swapped.push(`x=${fmt(x)}: ${high} > ${low}`);
        }
      }
    }
  }
  if (judged === 0) {
    throw new NoDataError(
      `no two series differ by ${fmt(claim.distinct)}× in the measurement: no order to predict`,
    );
  }
  const text = `${judged - swapped.length} of ${judged} ordered pair(s) kept`;
  return swapped.length === 0
    ? { pass: true, measured: text }
    : { pass: false, measured: text, detail: `the prediction swaps or ties ${fmtList(swapped)}` };
}

/** A series' value at x, or undefined where it has none (an order pair without data is skipped). */
function valueAtX(series: readonly SeriesPoint[], x: number, claim: Claim): number | undefined {
  const p = series.find((q) => sameX(q.x, x));
  if (p === undefined) return undefined;
  try {
    return valueAt(p, claim);
  } catch (error) {
    if (error instanceof NoDataError) return undefined;
    throw error;
  }
}

export function checkPredicts(claim: Claim, points: readonly SeriesPoint[]): KindOutcome {
  switch (claim.compare) {
    case "point":
      return checkPoints(claim, points);
    case "peak":
      return checkPeak(claim, points);
    case "knee":
      return checkKneeMatch(claim, points);
    case "order":
      return guardNoData(() => checkOrderMatch(claim, points));
  }
}
