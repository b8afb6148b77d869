/**
 * `knee_order`: knees (as in `knee`) compared between series. In each covered
 * panel every `earlier` series has its knee strictly before every `later`
 * series. A series without a knee in range counts as having it at +∞, so a
 * later series that never saturates is later; but two series that both never
 * saturate are not ordered, and fail.
 *
 * `gap_grows: [p, q]` compares panels: gap = earliest later knee − latest
 * earlier knee, and gap(q) ≥ gap(p) must hold. It spans panels, so the
 * checker (check.ts) evaluates it with `checkGapGrows` on all the points.
 */
import type { Mechanism } from "../../manifest/schema.js";
import type { SeriesPoint } from "../../results/types.js";
import { fmt, fmtList } from "../format.js";
import { geq } from "../numeric.js";
import { guardNoData, NoDataError } from "../outcome.js";
import { isSelfReference, selectSeries } from "../series.js";
import type { ClaimOf, KindOutcome } from "../types.js";
import { findKnee, selfReferenceKnee } from "./knee.js";

type KneeOrderClaim = ClaimOf<"knee_order">;

/** One series' knee; x is +∞ when the series has no knee in range. */
export interface SeriesKnee {
  series: Mechanism;
  x: number;
  /** The series' last x in range (to say how far "no knee" was checked). */
  lastX: number;
}

export interface KneeOrder {
  earlier: SeriesKnee[];
  later: SeriesKnee[];
  /** Pairs (earlier, later) whose knees are not strictly ordered. */
  violations: [SeriesKnee, SeriesKnee][];
  /**
   * Earliest later knee − latest earlier knee: +∞ when no later series has a
   * knee; NaN (undefined) when an earlier series has none.
   */
  gap: number;
}

function kneeOf(
  claim: KneeOrderClaim,
  points: readonly SeriesPoint[],
  mechanism: Mechanism,
): SeriesKnee {
  const series = selectSeries(points, mechanism, claim.x_range);
  const knee = findKnee(series, claim, points);
  const lastX = series[series.length - 1]?.x ?? Number.NaN;
  return { series: mechanism, x: knee?.x ?? Number.POSITIVE_INFINITY, lastX };
}

/** The knees of one panel's points and how they are ordered; throws NoDataError. */
export function kneeOrderIn(claim: KneeOrderClaim, points: readonly SeriesPoint[]): KneeOrder {
  const earlier = claim.earlier.map((m) => kneeOf(claim, points, m));
  const later = claim.later.map((m) => kneeOf(claim, points, m));
  const violations: [SeriesKnee, SeriesKnee][] = [];
  for (const e of earlier) {
    for (const l of later) if (!(e.x < l.x)) violations.push([e, l]);
  }
  const latestEarlier = Math.max(...earlier.map((k) => k.x));
  const earliestLater = Math.min(...later.map((k) => k.x));
  const gap =
    latestEarlier === Number.POSITIVE_INFINITY ? Number.NaN : earliestLater - latestEarlier;
  return { earlier, later, violations, gap };
}

function kneeText(knee: SeriesKnee): string {
  return Number.isFinite(knee.x) ? `${knee.series} ${fmt(knee.x)}` : `${knee.series} no knee`;
}

function gapText(gap: number): string {
  return Number.isNaN(gap) ? "undefined" : fmt(gap);
}

/** e.g. "rtsig 3200 < rtsig-perfd 3400 (gap 200)"; "≮" when not ordered. */
export function describeKneeOrder(order: KneeOrder): string {
  const op = order.violations.length === 0 ? "<" : "≮";
  const earlier = order.earlier.map(kneeText).join(", ");
  const later = order.later.map(kneeText).join(", ");
  return `${earlier} ${op} ${later} (gap ${gapText(order.gap)})`;
}

function violationText([e, l]: [SeriesKnee, SeriesKnee]): string {
  if (!Number.isFinite(e.x) && !Number.isFinite(l.x)) {
    return `${e.series} and ${l.series} both have no knee (up to x=${fmt(Math.max(e.lastX, l.lastX))})`;
  }
  return `${kneeText(e)} not before ${kneeText(l)}`;
}

/** A malformed outcome if a series' reference is its own value at the same x. */
function selfReferenced(claim: KneeOrderClaim): KindOutcome | undefined {
  const self = [...claim.earlier, ...claim.later].find((m) =>
    isSelfReference(claim.reference, m, claim.metric),
  );
  return self === undefined ? undefined : selfReferenceKnee(claim, self);
}

export function checkKneeOrder(claim: KneeOrderClaim, points: readonly SeriesPoint[]): KindOutcome {
  const self = selfReferenced(claim);
  if (self !== undefined) return self;
  return guardNoData(() => {
    const order = kneeOrderIn(claim, points);
    const measured = describeKneeOrder(order);
    if (order.violations.length === 0) return { pass: true, measured };
    return {
      pass: false,
      measured,
      detail: `knees not ordered: ${fmtList(order.violations.map(violationText))}`,
    };
  });
}

function gapIn(claim: KneeOrderClaim, points: readonly SeriesPoint[], panel: string): number {
  const inPanel = points.filter((p) => p.panel === panel);
  if (inPanel.length === 0) throw new NoDataError(`no data for panel ${panel} (gap_grows)`);
  try {
    return kneeOrderIn(claim, inPanel).gap;
  } catch (error) {
    if (error instanceof NoDataError) {
      throw new NoDataError(`${error.message} in panel ${panel} (gap_grows)`);
    }
    throw error;
  }
}

/**
 * `gap_grows: [p, q]` over all points of the experiment: gap(q) ≥ gap(p).
 * ∞ (no later knee) ≥ anything; a finite gap after an ∞ one fails; an
 * undefined gap (an earlier series without a knee) fails. Undefined without
 * `gap_grows`.
 */
export function checkGapGrows(
  claim: KneeOrderClaim,
  points: readonly SeriesPoint[],
): KindOutcome | undefined {
  if (claim.gap_grows === undefined) return undefined;
  const [p, q] = claim.gap_grows;
  const self = selfReferenced(claim);
  if (self !== undefined) return self;
  return guardNoData(() => {
    const from = gapIn(claim, points, p);
    const to = gapIn(claim, points, q);
    const panels = `(${p} → ${q})`;
    const span = `${gapText(from)} → ${gapText(to)} ${panels}`;
    if (Number.isNaN(from) || Number.isNaN(to)) {
      const where = Number.isNaN(from) ? p : q;
      return {
        pass: false,
        measured: `gap ${span}`,
        detail: `gap undefined in ${where}: an earlier series has no knee`,
      };
    }
    if (geq(to, from)) {
      return { pass: true, measured: `gap ${to > from ? "grows" : "holds"} ${span}` };
    }
    const detail = Number.isFinite(from)
      ? `gap in ${q} (${fmt(to)}) < gap in ${p} (${fmt(from)})`
      : `gap in ${p} is ∞ (no later series has a knee) but ${fmt(to)} in ${q}`;
    return { pass: false, measured: `gap shrinks ${span}`, detail };
  });
}
