/**
 * Which table cells a claim speaks about. A claim covers a row (panel × x)
 * of a table when it covers the panel (`panels`, default all), involves the
 * table's series and one of its column metrics, and its x window holds x:
 * `x_range` (default all) narrowed to the point it reads, if it reads one —
 * a value claim's numeric `at`, a ratio's point references; 'first'/'last'
 * resolve to the sweep's ends, 'peak'/'mean' leave the whole window.
 */

import { sameX } from "../../claims/numeric.js";
import { inRange } from "../../claims/series.js";
import type { At, Claim, Mechanism, Metric } from "../../manifest/schema.js";

type RatioClaim = Extract<Claim, { kind: "ratio" }>;

/** The sweep the claim is checked on: panel ids and ascending x values. */
export interface SweepShape {
  panels: readonly string[];
  values: readonly number[];
}

/** The series a claim reads. */
export function claimSeries(claim: Claim): Mechanism[] {
  switch (claim.kind) {
    case "order":
      return [...claim.lower, ...claim.higher];
    case "knee_order":
      return [...claim.earlier, ...claim.later];
    case "ratio":
      return pointRefs(claim).map((ref) => ref.series);
    default:
      // Every other kind names its series in `series`; a kind without one covers no row.
      return "series" in claim ? claim.series : [];
  }
}

/** The metrics a claim reads: its own, and any a ratio's point references name. */
export function claimMetrics(claim: Claim): Metric[] {
  if (claim.kind !== "ratio") return [claim.metric];
  return pointRefs(claim).map((ref) => ref.metric ?? claim.metric);
}

function pointRefs(claim: RatioClaim): RatioClaim["numerator"][] {
  const { numerator, denominator } = claim;
  return typeof denominator === "object" ? [numerator, denominator] : [numerator];
}

/** x values an `At` pins the claim to, or undefined when it reads the whole window. */
function pinnedBy(at: At, window: readonly number[]): number[] | undefined {
  if (typeof at === "number") return [at];
  if (at === "first") return window.slice(0, 1);
  if (at === "last") return window.slice(-1);
  return undefined;
}

/** x values the claim reads, or undefined for every x in its window. */
function pinnedXs(claim: Claim, window: readonly number[]): number[] | undefined {
  const ats: At[] =
    claim.kind === "value"
      ? claim.at_every
        ? []
        : [claim.at]
      : claim.kind === "ratio"
        ? pointRefs(claim).map((ref) => ref.at)
        : [];
  if (ats.length === 0) return undefined;
  const pinned: number[] = [];
  for (const at of ats) {
    const xs = pinnedBy(at, window);
    if (xs === undefined) return undefined;
    pinned.push(...xs);
  }
  return pinned;
}

export function coversPanel(claim: Claim, panel: string, sweep: SweepShape): boolean {
  return (claim.panels ?? sweep.panels).includes(panel);
}

export function coversX(claim: Claim, x: number, sweep: SweepShape): boolean {
  if (!inRange(x, claim.x_range)) return false;
  const window = sweep.values.filter((v) => inRange(v, claim.x_range));
  const pinned = pinnedXs(claim, window);
  return pinned === undefined || pinned.some((p) => sameX(p, x));
}

/** Whether the claim speaks about the table row (series × metrics × panel × x). */
export function coversRow(
  claim: Claim,
  row: { series: Mechanism; metrics: readonly Metric[]; panel: string; x: number },
  sweep: SweepShape,
): boolean {
  return (
    claimSeries(claim).includes(row.series) &&
    claimMetrics(claim).some((m) => row.metrics.includes(m)) &&
    coversPanel(claim, row.panel, sweep) &&
    coversX(claim, row.x, sweep)
  );
}
