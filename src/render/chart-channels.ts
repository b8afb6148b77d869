/**
 * The encoding channels every layer of a panel shares: x and y with the
 * chart's titles and scales, colour by mechanism, and the "data" legend
 * (line dash by source: reproduced solid, published dashed).
 *
 * Every layer repeats the full x/y definitions so that Vega-Lite's scale and
 * axis merging across layers has nothing to reconcile.
 */
import type { Chart, Mechanism } from "../manifest/schema.js";
import {
  mechanismColor,
  mechanismShape,
  PUBLISHED_DASH,
  PUBLISHED_NAME,
  SOLID_DASH,
  variantDash,
} from "./chart-style.js";
import type { Encoding } from "./vega-lite-types.js";

export interface ChannelInputs {
  chart: Chart;
  /** x domain: the extent of everything drawn. */
  xDomain: [number, number];
  /** x axis ticks: the x values measured. */
  xTicks: number[];
  /** y extent of everything drawn (log scale ticks are chosen from it). */
  yExtent: [number, number] | undefined;
  /** Mechanisms in legend order. */
  mechanisms: Mechanism[];
  /** Legend name of the reproduced data, e.g. "reproduced (sim)". */
  reproducedName: string;
  /** Whether the panel has a published overlay (adds its legend entry). */
  hasPublished: boolean;
  /** Legend names of rule-variant series drawn in the panel, in declaration order. */
  variantNames?: readonly string[];
}

export interface Channels {
  x(field: string): NonNullable<Encoding["x"]>;
  x2(field: string): NonNullable<Encoding["x2"]>;
  y(field: string): NonNullable<Encoding["y"]>;
  y2(field: string): NonNullable<Encoding["y2"]>;
  color: NonNullable<Encoding["color"]>;
  /** Point shape by mechanism; shares the colour's legend (same field and title). */
  shape: NonNullable<Encoding["shape"]>;
  strokeDash: NonNullable<Encoding["strokeDash"]>;
}

export function chartChannels(inputs: ChannelInputs): Channels {
  const { chart } = inputs;
  const yScale =
    chart.y_scale === "log"
      ? { type: "log" as const, ...(chart.y_domain ? { domain: chart.y_domain } : {}) }
      : {
          type: "linear" as const,
          ...(chart.y_domain ? { domain: chart.y_domain, zero: false } : { zero: true }),
        };
  const yTicks = chart.y_scale === "log" ? logTicksOf(chart.y_domain ?? inputs.yExtent) : undefined;
  const variants = inputs.variantNames ?? [];
  const dashDomain = [
    inputs.reproducedName,
    ...variants,
    ...(inputs.hasPublished ? [PUBLISHED_NAME] : []),
  ];
  const dashRange = [
    SOLID_DASH,
    ...variants.map((_, i) => variantDash(i)),
    ...(inputs.hasPublished ? [PUBLISHED_DASH] : []),
  ];

  return {
    x: (field) => ({
      field,
      type: "quantitative",
      title: chart.x_title,
      scale: { type: "linear", domain: inputs.xDomain, zero: false, nice: false, padding: 12 },
      axis: { values: inputs.xTicks, labelOverlap: "greedy" },
    }),
    x2: (field) => ({ field }),
    y: (field) => ({
      field,
      type: "quantitative",
      title: chart.y_title,
      scale: yScale,
      ...(yTicks ? { axis: { values: yTicks } } : {}),
    }),
    y2: (field) => ({ field }),
    color: {
      field: "mechanism",
      type: "nominal",
      title: "mechanism",
      scale: { domain: inputs.mechanisms, range: inputs.mechanisms.map(mechanismColor) },
      legend: { symbolOpacity: 1 },
    },
    shape: {
      field: "mechanism",
      type: "nominal",
      title: "mechanism",
      scale: { domain: inputs.mechanisms, range: inputs.mechanisms.map(mechanismShape) },
    },
    strokeDash: {
      field: "source",
      type: "nominal",
      title: "data",
      scale: { domain: dashDomain, range: dashRange },
      legend: {
        // Rule-variant series have long names (runners.sim.variants titles).
        labelLimit: 360,
        symbolType: "stroke",
        symbolStrokeColor: "#303030",
        symbolStrokeWidth: 2,
        symbolOpacity: 1,
        symbolFillColor: "transparent",
      },
    },
  };
}

/**
 * Log-axis ticks 1, 2, 5 × 10^k over the decades spanning `extent`: labelled
 * gridlines without the dense unlabelled 3…9 ticks of the default log axis.
 */
export function logTicksOf(extent: [number, number] | undefined): number[] | undefined {
  if (extent === undefined || !(extent[0] > 0) || !(extent[1] > 0)) return undefined;
  const first = Math.floor(Math.log10(extent[0]));
  const last = Math.ceil(Math.log10(extent[1]));
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) {
    for (const m of [1, 2, 5]) {
      // toPrecision avoids 0.30000000000000004-style ticks.
      const tick = Number((m * 10 ** k).toPrecision(12));
      if (k < last || m === 1) ticks.push(tick);
    }
  }
  return ticks;
}
