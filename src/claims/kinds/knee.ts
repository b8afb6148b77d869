/**
 * `knee`: the saturation point. Direction `below` (default): the first x where
 * metric < threshold × reference (e.g. reply_rate < 0.97 × rate); `above`:
 * the first x where metric > threshold × reference (e.g. resp_ms > 5 × its
 * own value at the first x). It must exist and lie in `within`.
 */
import type { SeriesPoint } from "../../results/types.js";
import { fmt, fmtInterval } from "../format.js";
import { combineParts, malformed } from "../outcome.js";
import {
  describeReference,
  isSelfReference,
  metricOf,
  resolveReference,
  selectSeries,
} from "../series.js";
import type { ClaimOf, KindOutcome } from "../types.js";

/** What defines a knee; `knee` and `knee_order` claims both have it. */
export type KneeSpec = Pick<
  ClaimOf<"knee">,
  "metric" | "reference" | "threshold" | "direction" | "x_range"
>;

/** The knee condition in words, e.g. "reply_rate < 0.97 × rate"; `negated`: "≥". */
export function describeKneeCondition(spec: KneeSpec, negated = false): string {
  const op = spec.direction === "above" ? (negated ? "≤" : ">") : negated ? "≥" : "<";
  return `${spec.metric} ${op} ${fmt(spec.threshold)} × ${describeReference(spec.reference, spec.metric)}`;
}

/**
 * The first point of `series` past threshold × reference (below or above, by
 * `direction`), or undefined when it never gets there. `points` are the
 * panel's points, where a reference to another series or metric is read.
 */
export function findKnee(
  series: readonly SeriesPoint[],
  spec: KneeSpec,
  points: readonly SeriesPoint[],
): SeriesPoint | undefined {
  const context = { points, metric: spec.metric, range: spec.x_range };
  return series.find((point) => {
    const value = metricOf(point, spec.metric);
    const bound = spec.threshold * resolveReference(spec.reference, point, context);
    return spec.direction === "above" ? value > bound : value < bound;
  });
}

/** A failed outcome for a knee defined against the value itself (it can never occur). */
export function selfReferenceKnee(spec: KneeSpec, mechanism: string): KindOutcome {
  return malformed(
    `the reference of ${mechanism} is its own ${spec.metric} at the same x: the knee would compare the value with itself`,
  );
}

export function checkKnee(claim: ClaimOf<"knee">, points: readonly SeriesPoint[]): KindOutcome {
  const [from, to] = claim.within;
  return combineParts(claim.series, (mechanism) => {
    if (isSelfReference(claim.reference, mechanism, claim.metric)) {
      return selfReferenceKnee(claim, mechanism);
    }
    const series = selectSeries(points, mechanism, claim.x_range);
    const knee = findKnee(series, claim, points);
    if (knee === undefined) {
      const last = series[series.length - 1];
      return {
        pass: false,
        measured: "no knee",
        detail: `${describeKneeCondition(claim, true)} at all ${series.length} points (up to x=${fmt(last?.x ?? Number.NaN)})`,
      };
    }
    const pass = knee.x >= from && knee.x <= to;
    const outcome: KindOutcome = { pass, measured: `knee at ${fmt(knee.x)}` };
    if (!pass) outcome.detail = `knee at ${fmt(knee.x)} outside ${fmtInterval(from, to)}`;
    return outcome;
  });
}
