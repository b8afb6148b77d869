/**
 * Layers of the published overlay, in grey and black with dashed strokes so
 * they never read as a reproduced series:
 *   knee intervals → full-height shaded x interval;
 *   value bands    → grey band lo..hi with a dashed rule at the expected value;
 *   value points   → hollow black diamond with an error bar;
 *   reaches        → hollow black upward triangle at (by, level), "≥ level";
 *                    a tracks upper bound → downward triangle, "≤ level".
 * `underlays` go beneath the reproduced series, `overlays` above them.
 */
import type { Channels } from "./chart-channels.js";
import { PUBLISHED_DASH, PUBLISHED_NAME, PUBLISHED_STYLE } from "./chart-style.js";
import type {
  KneeInterval,
  OverlayItem,
  ReachesMarker,
  ValueBand,
  ValuePoint,
} from "./published-overlay.js";
import type { Encoding, UnitLayer } from "./vega-lite-types.js";

/** Fields every overlay row carries for its tooltip. */
interface OverlayText {
  source: string;
  claim: string;
  series: string;
  published: string;
  caption: string;
}

export interface PublishedLayers {
  underlays: UnitLayer[];
  overlays: UnitLayer[];
}

export interface PublishedLayerOptions {
  channels: Channels;
  clip: boolean;
  /** Log scale: items at y ≤ 0 are dropped, band edges ≤ 0 raised to this. */
  logFloor?: number;
}

export function publishedLayers(
  items: OverlayItem[],
  options: PublishedLayerOptions,
): PublishedLayers {
  const { channels, clip } = options;
  const floor = options.logFloor;
  const raise = (v: number) => (floor !== undefined && !(v > 0) ? floor : v);
  const drawable = (v: number) => floor === undefined || v > 0;

  const knees = items.filter((i): i is KneeInterval => i.kind === "knee").map(kneeRow);
  const bands = items
    .filter((i): i is ValueBand => i.kind === "value-band" && drawable(i.expected))
    .map((i) => ({ ...textOf(i), x: i.x, x2: i.x2, ...valueNumbers(i, raise) }));
  const points = items
    .filter((i): i is ValuePoint => i.kind === "value-point" && drawable(i.expected))
    .map((i) => ({ ...textOf(i), x: i.x, ...valueNumbers(i, raise) }));
  const bounds = items.filter((i): i is ReachesMarker => i.kind === "reaches" && drawable(i.level));
  const minimums = bounds
    .filter((i) => i.bound === "min")
    .map((i) => ({ ...textOf(i), x: i.x, level: i.level }));
  const maximums = bounds
    .filter((i) => i.bound === "max")
    .map((i) => ({ ...textOf(i), x: i.x, level: i.level }));

  const tooltip: Encoding["tooltip"] = [
    { field: "source", type: "nominal", title: "data" },
    { field: "series", type: "nominal", title: "series" },
    { field: "published", type: "nominal", title: "published" },
    { field: "claim", type: "nominal", title: "claim" },
  ];
  const dashed = { strokeDash: channels.strokeDash };
  const style = PUBLISHED_STYLE;
  const underlays: UnitLayer[] = [];
  const overlays: UnitLayer[] = [];

  if (knees.length > 0) {
    underlays.push({
      data: { values: knees },
      mark: {
        type: "rect",
        fill: style.kneeFill,
        fillOpacity: style.kneeOpacity,
        stroke: style.kneeStroke,
        strokeWidth: 1,
        strokeDash: PUBLISHED_DASH,
        clip,
      },
      encoding: { x: channels.x("x"), x2: channels.x2("x2"), tooltip },
    });
  }
  if (bands.length > 0) {
    underlays.push(
      {
        data: { values: bands },
        mark: {
          type: "rect",
          fill: style.bandFill,
          fillOpacity: style.bandOpacity,
          stroke: style.bandStroke,
          strokeWidth: 1,
          strokeDash: PUBLISHED_DASH,
          clip,
        },
        encoding: {
          x: channels.x("x"),
          x2: channels.x2("x2"),
          y: channels.y("band_lo"),
          y2: channels.y2("band_hi"),
          tooltip,
        },
      },
      {
        data: { values: bands },
        mark: { type: "rule", stroke: style.ruleStroke, strokeWidth: 1.5, clip },
        encoding: {
          x: channels.x("x"),
          x2: channels.x2("x2"),
          y: channels.y("expected"),
          ...dashed,
          tooltip,
        },
      },
    );
  }
  if (points.length > 0) {
    const data = { values: points };
    const cap = { type: "tick", orient: "horizontal", size: 10, thickness: 1.5, clip } as const;
    overlays.push(
      {
        data,
        mark: { type: "rule", stroke: style.markerStroke, strokeWidth: 1.5, clip },
        encoding: {
          x: channels.x("x"),
          y: channels.y("band_lo"),
          y2: channels.y2("band_hi"),
          tooltip,
        },
      },
      {
        data,
        mark: { ...cap, color: style.markerStroke },
        encoding: { x: channels.x("x"), y: channels.y("band_lo") },
      },
      {
        data,
        mark: { ...cap, color: style.markerStroke },
        encoding: { x: channels.x("x"), y: channels.y("band_hi") },
      },
      {
        data,
        mark: hollowMarker("diamond", 70, clip),
        encoding: { x: channels.x("x"), y: channels.y("expected"), tooltip },
      },
    );
  }
  if (minimums.length > 0) {
    overlays.push({
      data: { values: minimums },
      mark: hollowMarker("triangle-up", 90, clip),
      encoding: { x: channels.x("x"), y: channels.y("level"), tooltip },
    });
  }
  if (maximums.length > 0) {
    overlays.push({
      data: { values: maximums },
      mark: hollowMarker("triangle-down", 90, clip),
      encoding: { x: channels.x("x"), y: channels.y("level"), tooltip },
    });
  }
  const markers = [...minimums, ...maximums];
  overlays.push(...captionLayers({ knees, bands, points, minimums: markers }, channels, clip));
  return { underlays, overlays };
}

/**
 * Short captions ("paper: rtsig 6.67 ± 1") so a static image says what each
 * overlay item is: above a band's left end, right of a point, below-left of a
 * reaches marker, at the top of a knee interval.
 */
function captionLayers(
  rows: { knees: object[]; bands: object[]; points: object[]; minimums: object[] },
  channels: Channels,
  clip: boolean,
): UnitLayer[] {
  const text = {
    type: "text",
    fontSize: 9,
    color: PUBLISHED_STYLE.captionColor,
    clip,
  } as const;
  const caption = { text: { field: "caption", type: "nominal" } } as const;
  const layers: UnitLayer[] = [];
  if (rows.knees.length > 0) {
    layers.push({
      data: { values: rows.knees },
      mark: { ...text, align: "left", baseline: "top", dx: 3, dy: 3 },
      encoding: { x: channels.x("x"), y: { value: 0 }, ...caption },
    });
  }
  if (rows.bands.length > 0) {
    layers.push({
      data: { values: rows.bands },
      mark: { ...text, align: "left", baseline: "bottom", dx: 3, dy: -2 },
      encoding: { x: channels.x("x"), y: channels.y("band_hi"), ...caption },
    });
  }
  if (rows.points.length > 0) {
    layers.push({
      data: { values: rows.points },
      mark: { ...text, align: "left", baseline: "middle", dx: 9 },
      encoding: { x: channels.x("x"), y: channels.y("expected"), ...caption },
    });
  }
  // Marker captions sit below-left of the marker, except in the left half of
  // the x range, where that would run off the plot: there they sit below-right.
  const xs = (rows.minimums as Array<{ x: number }>).map((r) => r.x);
  const middle = (Math.min(...xs) + Math.max(...xs)) / 2;
  const leftHalf = (rows.minimums as Array<{ x: number }>).filter(
    (r) => xs.length > 1 && r.x < middle,
  );
  const rightHalf = (rows.minimums as Array<{ x: number }>).filter((r) => !leftHalf.includes(r));
  for (const [values, align, dx] of [
    [leftHalf, "left", -4],
    [rightHalf, "right", 4],
  ] as const) {
    if (values.length === 0) continue;
    layers.push({
      data: { values },
      mark: { ...text, align, baseline: "top", dx, dy: 9 },
      encoding: { x: channels.x("x"), y: channels.y("level"), ...caption },
    });
  }
  return layers;
}

function hollowMarker(shape: string, size: number, clip: boolean) {
  return {
    type: "point",
    shape,
    size,
    filled: false,
    fill: "white",
    fillOpacity: 0.6,
    stroke: PUBLISHED_STYLE.markerStroke,
    strokeWidth: 1.6,
    opacity: 1,
    clip,
  } as const;
}

function textOf(item: OverlayItem): OverlayText {
  return {
    source: PUBLISHED_NAME,
    claim: item.label,
    series: item.series.join(", "),
    published: item.published,
    caption: item.caption,
  };
}

function kneeRow(item: KneeInterval) {
  return { ...textOf(item), x: item.x, x2: item.x2 };
}

function valueNumbers(item: ValueBand | ValuePoint, raise: (v: number) => number) {
  return {
    expected: item.expected,
    lo: item.lo,
    hi: item.hi,
    band_lo: raise(item.lo),
    band_hi: raise(item.hi),
  };
}
