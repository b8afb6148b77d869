/**
 * The look shared by every figure: size, font, mechanism colours, and the
 * distinct grey/black style of the published overlay.
 */
import type { Config } from "vega-lite";
import { MECHANISMS, type Mechanism } from "../manifest/schema.js";

/** The font the SVG names and the PNG rasteriser loads (png.ts). */
export const FONT_FAMILY = "DejaVu Sans";

export const PANEL_WIDTH = 420;
export const PANEL_HEIGHT = 300;

export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/**
 * One fixed colour per mechanism (Tableau 10), so a mechanism looks the same
 * in every figure whatever subset of mechanisms a figure shows.
 */
const MECHANISM_COLORS: Record<Mechanism, string> = {
  select: "#4e79a7",
  "select-ma": "#76b7b2",
  poll: "#edc948",
  devpoll: "#f28e2b",
  rtsig: "#e15759",
  "rtsig-perfd": "#b07aa1",
  epoll: "#59a14f",
  "epoll-et": "#9c755f",
  io_uring: "#ff9da7",
};

export function mechanismColor(mechanism: Mechanism): string {
  return MECHANISM_COLORS[mechanism];
}

/**
 * One point shape and one line dash per mechanism, beside its colour: where
 * two series coincide (multi-accept select under epoll, RT signals under
 * signal-per-fd, any two at 100 % CPU) both stay visible — the dashes
 * interleave and the markers differ. No dash is the published overlay's.
 */
const MECHANISM_SHAPES: Record<Mechanism, string> = {
  select: "circle",
  "select-ma": "square",
  poll: "triangle-down",
  devpoll: "diamond",
  rtsig: "triangle-up",
  "rtsig-perfd": "cross",
  epoll: "triangle-right",
  "epoll-et": "triangle-left",
  io_uring: "wedge",
};

const MECHANISM_DASHES: Record<Mechanism, number[]> = {
  select: [1, 0],
  "select-ma": [7, 3],
  poll: [2, 2],
  devpoll: [9, 3, 2, 3],
  rtsig: [4, 2],
  "rtsig-perfd": [1, 2],
  epoll: [12, 4],
  "epoll-et": [6, 2, 1, 2],
  io_uring: [3, 3, 9, 3],
};

export function mechanismShape(mechanism: Mechanism): string {
  return MECHANISM_SHAPES[mechanism];
}

export function mechanismDash(mechanism: Mechanism): number[] {
  return MECHANISM_DASHES[mechanism];
}

/** Mechanisms in the canonical order of the schema. */
export function canonicalOrder(mechanisms: Iterable<Mechanism>): Mechanism[] {
  const present = new Set(mechanisms);
  return MECHANISMS.filter((m) => present.has(m));
}

/** Legend entries of the "data" legend (the strokeDash channel). */
export function reproducedName(runner: string): string {
  return `reproduced (${runner})`;
}
export const PUBLISHED_NAME = "published (paper)";

/** Dash patterns: reproduced series solid, published overlay dashed. */
export const SOLID_DASH = [1, 0];
/** Rule-variant series (runners.sim.variants), in declaration order: patterns no mechanism uses. */
const VARIANT_DASHES: readonly number[][] = [
  [1, 3],
  [5, 5],
  [3, 1, 1, 1],
  [8, 2, 1, 2, 1, 2],
];

/** The dash of the i-th rule-variant series. */
export function variantDash(i: number): number[] {
  return VARIANT_DASHES[i % VARIANT_DASHES.length] as number[];
}
export const PUBLISHED_DASH = [5, 3];

/** Published overlay colours: greys and black, never a mechanism colour. */
export const PUBLISHED_STYLE = {
  bandFill: "#9e9e9e",
  bandOpacity: 0.22,
  bandStroke: "#616161",
  ruleStroke: "#303030",
  kneeFill: "#000000",
  kneeOpacity: 0.07,
  kneeStroke: "#757575",
  markerStroke: "#000000",
  captionColor: "#404040",
} as const;

/** Opacity of the reproduced 95% interval band. */
export const INTERVAL_OPACITY = 0.18;

export const CHART_CONFIG: Config = {
  font: FONT_FAMILY,
  background: "white",
  padding: 8,
  title: { fontSize: 13, fontWeight: "bold", anchor: "start", offset: 10 },
  axis: {
    labelFontSize: 10,
    titleFontSize: 11,
    titleFontWeight: "normal",
    gridColor: "#e6e6e6",
    domainColor: "#888888",
    tickColor: "#888888",
  },
  legend: {
    labelFontSize: 10,
    titleFontSize: 11,
    titleFontWeight: "normal",
    labelLimit: 160,
  },
  view: { stroke: "#cccccc" },
};
