/**
 * The published numbers drawn over a chart panel, derived from the manifest's
 * claims on the charted metric. Pure data: no Vega-Lite here (see spec.ts).
 *
 *   value   → a band expected ± tolerance over the claim's x range (or the
 *             sweep's x extent), or a point with an error bar when `at` names
 *             one x (a number, 'first' or 'last');
 *   reaches → a marker at (by, level) meaning "≥ level by this x";
 *   knee    → a shaded x interval `within` where the knee must lie.
 *
 * Other claim kinds (order, flat, tracks, …) state relations, not numbers,
 * and are not drawn.
 */
import { describeKneeCondition } from "../claims/kinds/knee.js";
import { panelChart } from "../manifest/panel-chart.js";
import type { Claim, Manifest, Mechanism } from "../manifest/schema.js";

/** Which runner produced the reproduced series. */
export type RunnerId = keyof Manifest["runners"];

type ValueClaim = Extract<Claim, { kind: "value" }>;
type ReachesClaim = Extract<Claim, { kind: "reaches" }>;
type KneeClaim = Extract<Claim, { kind: "knee" }>;
type TracksClaim = Extract<Claim, { kind: "tracks" }>;
type DrawnClaim = ValueClaim | ReachesClaim | KneeClaim | TracksClaim;

interface OverlayBase {
  claimId: string;
  series: Mechanism[];
  /** Claim id, source ref and quote, for tooltips. */
  label: string;
  /** The published statement in words, e.g. "6.67 ± 1 (5.67–7.67), mean over x in [250, 3000]". */
  published: string;
  /** A short caption drawn next to the item, e.g. "paper: rtsig 6.67 ± 1". */
  caption: string;
}

/** A value claim over an x range: expected ± tolerance. */
export interface ValueBand extends OverlayBase {
  kind: "value-band";
  x: number;
  x2: number;
  expected: number;
  lo: number;
  hi: number;
}

/** A value claim at one x: expected with an error bar lo..hi. */
export interface ValuePoint extends OverlayBase {
  kind: "value-point";
  x: number;
  expected: number;
  lo: number;
  hi: number;
}

/** A bound at one x: the metric is ≥ level (reaches, tracks min) or ≤ level (tracks max). */
export interface ReachesMarker extends OverlayBase {
  kind: "reaches";
  x: number;
  level: number;
  bound: "min" | "max";
}

/** A knee claim: the knee's x lies in x..x2. */
export interface KneeInterval extends OverlayBase {
  kind: "knee";
  x: number;
  x2: number;
}

export type OverlayItem = ValueBand | ValuePoint | ReachesMarker | KneeInterval;

export interface OverlayOptions {
  /** Only claims checked for this runner are drawn (claim.runners). Default 'sim'. */
  runner?: RunnerId;
}

/** The overlay items for one panel, in manifest claim order. */
export function publishedOverlay(
  manifest: Manifest,
  panelId: string,
  options: OverlayOptions = {},
): OverlayItem[] {
  const runner = options.runner ?? "sim";
  const items: OverlayItem[] = [];
  for (const claim of manifest.claims) {
    if (claim.metric !== panelChart(manifest, panelId).y) continue;
    if (claim.panels !== undefined && !claim.panels.includes(panelId)) continue;
    if (!claim.runners.includes(runner)) continue;
    if (claim.kind === "tracks") {
      items.push(...tracksItems(claim, manifest, panelId));
      continue;
    }
    const item = overlayItemOf(claim, manifest.sweep.values);
    if (item !== undefined) items.push(item);
  }
  return mergeReachesMarkers(items);
}

/**
 * Reaches markers at the same (x, level) — e.g. "select and /dev/poll ≥ 95 %
 * by 3000" stated once for both — are drawn as one marker with one caption,
 * so their captions do not overprint.
 */
function mergeReachesMarkers(items: OverlayItem[]): OverlayItem[] {
  const out: OverlayItem[] = [];
  const byPlace = new Map<string, ReachesMarker>();
  for (const item of items) {
    if (item.kind !== "reaches") {
      out.push(item);
      continue;
    }
    const key = `${item.x}|${item.level}|${item.bound}`;
    const first = byPlace.get(key);
    if (!first) {
      const copy = { ...item, series: [...item.series] };
      byPlace.set(key, copy);
      out.push(copy);
      continue;
    }
    first.series.push(...item.series.filter((m) => !first.series.includes(m)));
    first.claimId = `${first.claimId}, ${item.claimId}`;
    first.label = `${first.label}\n${item.label}`;
    first.caption = `paper: ${first.series.join(", ")} ${first.bound === "min" ? "≥" : "≤"} ${text(first.level)}`;
  }
  return out;
}

function overlayItemOf(claim: Claim, sweepValues: number[]): OverlayItem | undefined {
  switch (claim.kind) {
    case "value":
      return valueItem(claim, sweepValues);
    case "reaches":
      return reachesItem(claim);
    case "knee":
      return kneeItem(claim);
    default:
      return undefined;
  }
}

/**
 * Allowed deviation of a value claim. With both abs and rel given the looser
 * one applies (a value passes if it is within either).
 */
export function toleranceOf(claim: ValueClaim): number {
  const abs = claim.tolerance.abs ?? 0;
  const rel = (claim.tolerance.rel ?? 0) * Math.abs(claim.expected);
  return Math.max(abs, rel);
}

function valueItem(claim: ValueClaim, sweepValues: number[]): ValueBand | ValuePoint | undefined {
  const tolerance = toleranceOf(claim);
  const numbers = {
    expected: claim.expected,
    lo: claim.expected - tolerance,
    hi: claim.expected + tolerance,
  };
  const range = claim.x_range ?? extentOf(sweepValues);
  const base = (where: string) => ({
    ...baseOf(claim),
    published: `${claim.expected} ± ${text(tolerance)} (${text(numbers.lo)}–${text(numbers.hi)}), ${where}`,
    caption: captionOf(claim, `${claim.expected} ± ${text(tolerance)}`),
  });

  const pointX = claim.at_every ? undefined : pointXOf(claim.at, range, sweepValues);
  if (pointX !== undefined) {
    return { kind: "value-point", ...base(`at x = ${pointX}`), x: pointX, ...numbers };
  }
  if (range === undefined) return undefined;
  const where = claim.at_every
    ? `at every x in [${range[0]}, ${range[1]}]`
    : `${claim.at} over x in [${range[0]}, ${range[1]}]`;
  return { kind: "value-band", ...base(where), x: range[0], x2: range[1], ...numbers };
}

/** The single x a value claim is checked at, if it names one. */
function pointXOf(
  at: ValueClaim["at"],
  range: [number, number] | undefined,
  sweepValues: number[],
): number | undefined {
  if (typeof at === "number") return at;
  if (at !== "first" && at !== "last") return undefined;
  const inRange = sweepValues.filter(
    (v) => range === undefined || (v >= range[0] && v <= range[1]),
  );
  return at === "first" ? inRange[0] : inRange[inRange.length - 1];
}

function reachesItem(claim: ReachesClaim): ReachesMarker {
  return {
    kind: "reaches",
    ...baseOf(claim),
    published: `≥ ${claim.level} by x = ${claim.by}`,
    caption: captionOf(claim, `≥ ${claim.level}`),
    x: claim.by,
    level: claim.level,
    bound: "min",
  };
}

/**
 * A tracks claim whose reference is fixed in this panel (e.g. the request
 * rate of a Figure 3 panel): both bounds → a band reference × [min, max];
 * one bound → a ≥/≤ marker at each x of its range. A reference that varies
 * along x is not drawn here.
 */
function tracksItems(claim: TracksClaim, manifest: Manifest, panelId: string): OverlayItem[] {
  const reference = panelConstant(claim.reference, manifest, panelId);
  if (reference === undefined) return [];
  const range = claim.x_range ?? extentOf(manifest.sweep.values);
  if (range === undefined) return [];
  const refName = typeof claim.reference === "number" ? String(claim.reference) : claim.reference;
  const { min_ratio: min, max_ratio: max } = claim;
  if (min !== undefined && max !== undefined) {
    const lo = min * reference;
    const hi = max * reference;
    return [
      {
        kind: "value-band",
        ...baseOf(claim),
        published: `${refName} × [${min}, ${max}] = ${text(lo)}–${text(hi)}`,
        caption: captionOf(claim, `${text(lo)}–${text(hi)}`),
        x: range[0],
        x2: range[1],
        expected: reference,
        lo,
        hi,
      },
    ];
  }
  const ratio = min ?? max;
  if (ratio === undefined) return [];
  const bound = min !== undefined ? "min" : "max";
  const level = ratio * reference;
  const sign = bound === "min" ? "≥" : "≤";
  return manifest.sweep.values
    .filter((x) => x >= range[0] && x <= range[1])
    .map((x) => ({
      kind: "reaches" as const,
      ...baseOf(claim),
      published: `${sign} ${ratio} × ${refName} = ${text(level)} at x = ${x}`,
      caption: captionOf(claim, `${sign} ${text(level)}`),
      x,
      level,
      bound,
    }));
}

/** A parameter's value in one panel, when it does not vary along x. */
function panelConstant(
  reference: TracksClaim["reference"],
  manifest: Manifest,
  panelId: string,
): number | undefined {
  if (typeof reference === "number") return reference;
  // A reference to another series or metric varies with the data: not drawn.
  if (typeof reference === "object" || reference === manifest.sweep.x) return undefined;
  const panel = manifest.sweep.panels.find((p) => p.id === panelId);
  return panel?.params[reference] ?? manifest.sweep.params[reference];
}

function kneeItem(claim: KneeClaim): KneeInterval {
  const [lo, hi] = claim.within;
  return {
    kind: "knee",
    ...baseOf(claim),
    published: `knee (first x where ${describeKneeCondition(claim)}) in [${lo}, ${hi}]`,
    caption: captionOf(claim, "knee"),
    x: lo,
    x2: hi,
  };
}

function captionOf(claim: DrawnClaim, what: string): string {
  return `paper: ${claim.series.join(", ")} ${what}`;
}

function baseOf(claim: DrawnClaim): Omit<OverlayBase, "published" | "caption"> {
  const deviation = claim.known_deviation ? ` [known deviation: ${claim.known_deviation}]` : "";
  return {
    claimId: claim.id,
    series: [...claim.series],
    label: `${claim.id} — ${claim.source.ref}: “${claim.source.quote}”${deviation}`,
  };
}

/** A number for reading: 12 significant digits, so 0.3 − 0.1 reads 0.2. */
function text(value: number): string {
  return String(Number(value.toPrecision(12)));
}

function extentOf(values: number[]): [number, number] | undefined {
  if (values.length === 0) return undefined;
  return [Math.min(...values), Math.max(...values)];
}
