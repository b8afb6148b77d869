/**
 * The "expected" and "tolerance" columns: what a claim asks for, in words,
 * built from the claim alone (no data), so a reader can judge the check.
 */
import type { At, Claim } from "../manifest/schema.js";
import { fmt, fmtBounds, fmtInterval, fmtPct } from "./format.js";
import { describeKneeCondition } from "./kinds/knee.js";
import { describeReference } from "./series.js";
import type { ClaimOf } from "./types.js";

function describeAt(at: At): string {
  if (typeof at === "number") return `at x=${fmt(at)}`;
  return at === "mean" ? "(mean over x)" : `at ${at}`;
}

function describeValueTolerance(tolerance: ClaimOf<"value">["tolerance"]): string {
  const parts: string[] = [];
  if (tolerance.abs !== undefined) parts.push(fmt(tolerance.abs));
  if (tolerance.rel !== undefined) parts.push(fmtPct(tolerance.rel));
  return `± ${parts.join(" or ")}`;
}

function describePointRef(ref: ClaimOf<"ratio">["numerator"], claim: ClaimOf<"ratio">): string {
  return `${ref.series} ${ref.metric ?? claim.metric} ${describeAt(ref.at)}`;
}

function describeCore(claim: Claim): string {
  const series = "series" in claim ? `${claim.series.join(", ")} ` : "";
  switch (claim.kind) {
    case "predicts": {
      const what = claim.per_reply ? `${claim.metric} per reply` : claim.metric;
      const tol =
        claim.tolerance === undefined ? "" : ` within ± ${fmt(100 * claim.tolerance.rel)} %`;
      switch (claim.compare) {
        case "point":
          return `predicted ${series}${what}${tol} of measured at every x${claim.per_reply || claim.where === "keeps-up" ? " where the server keeps up" : claim.where === "saturated" ? " where the server saturates" : ""}`;
        case "peak":
          return `predicted peak ${series}${what}${tol} of measured`;
        case "knee":
          return `predicted knee of ${series}${what} (< ${fmt(claim.threshold)} × rate)${tol} of measured`;
        case "order":
          return `predicted order of ${series}${what} as measured at every x`;
      }
      return "";
    }
    case "value": {
      const where = claim.at_every ? "at every x" : describeAt(claim.at);
      return `${series}${claim.metric} ${fmt(claim.expected)} ${describeValueTolerance(claim.tolerance)} ${where}`;
    }
    case "tracks":
      return `${series}${claim.metric}/${describeReference(claim.reference, claim.metric)} ${fmtBounds(claim.min_ratio, claim.max_ratio)}`;
    case "flat":
      return `${series}${claim.metric} spread ≤ ${fmt(claim.max_spread)}`;
    case "monotone":
      return `${series}${claim.metric} ${claim.direction} in x`;
    case "reaches":
      return `${series}${claim.metric} ≥ ${fmt(claim.level)} by x=${fmt(claim.by)}`;
    case "onset_order":
      return `${series}first x with ${claim.metric} ≥ ${fmt(claim.level)} moves later over panels ${(claim.panels ?? []).join(" → ")}`;
    case "order": {
      const factor = claim.factor === 1 ? "" : `${fmt(claim.factor)} × `;
      return `${claim.metric}: ${claim.lower.join(", ")} < ${factor}${claim.higher.join(", ")}`;
    }
    case "knee":
      return `${series}knee in ${fmtInterval(claim.within[0], claim.within[1])}`;
    case "knee_order": {
      const grows =
        claim.gap_grows === undefined
          ? ""
          : `; gap in ${claim.gap_grows[1]} ≥ gap in ${claim.gap_grows[0]}`;
      return `${claim.metric} knee: ${claim.earlier.join(", ")} before ${claim.later.join(", ")}${grows}`;
    }
    case "linear":
      return `${series}${claim.metric} linear in x, R² ≥ ${fmt(claim.min_r2)}`;
    case "ratio": {
      const { denominator } = claim;
      const below =
        typeof denominator === "object"
          ? describePointRef(denominator, claim)
          : describeReference(denominator, claim.metric);
      return `${describePointRef(claim.numerator, claim)} / ${below} ${fmtBounds(claim.min, claim.max)}`;
    }
  }
}

/** e.g. "cpu_pct 6.67 ± 1 (mean over x)", "knee in [3000, 3400] for x in [2800, 4000]". */
export function describeExpected(claim: Claim): string {
  const range =
    claim.x_range === undefined
      ? ""
      : ` for x in ${fmtInterval(claim.x_range[0], claim.x_range[1])}`;
  const panels = claim.quantifier === "any" ? " (in any panel)" : "";
  return `${describeCore(claim)}${range}${panels}`;
}

/** The slack the check allows, e.g. "± 1", "ratio in [0.98, 1.02]", "slack 1". */
export function describeTolerance(claim: Claim): string {
  switch (claim.kind) {
    case "predicts":
      return claim.compare === "order"
        ? `pairs measured ≥ ${fmt(claim.distinct)}× apart`
        : `± ${fmt(100 * (claim.tolerance?.rel ?? 0))} % relative`;
    case "value":
      return describeValueTolerance(claim.tolerance);
    case "tracks":
      return `ratio ${fmtBounds(claim.min_ratio, claim.max_ratio)}`;
    case "flat":
      return `spread ≤ ${fmt(claim.max_spread)}`;
    case "monotone":
      return `slack ${fmt(claim.slack)}`;
    case "reaches":
      return "none";
    case "onset_order":
      return "never earlier; strictly later in the last panel; none counts as after the last x";
    case "order":
      return `factor ${fmt(claim.factor)}`;
    case "knee":
      return `knee: ${describeKneeCondition(claim)}`;
    case "knee_order":
      return `knee: ${describeKneeCondition(claim)}; no knee counts as after the last x`;
    case "linear":
      return `R² ≥ ${fmt(claim.min_r2)}`;
    case "ratio":
      return `ratio ${fmtBounds(claim.min, claim.max)}`;
  }
}
