/**
 * Layers of the reproduced series: a translucent 95% interval band, the line
 * of means and point markers carrying the tooltip, coloured by mechanism.
 */
import type { Chart } from "../manifest/schema.js";
import type { Channels } from "./chart-channels.js";
import { INTERVAL_OPACITY, mechanismDash } from "./chart-style.js";
import type { SeriesRow } from "./series-rows.js";
import type { UnitLayer } from "./vega-lite-types.js";

export interface ReproducedLayers {
  /** The 95% interval bands (drawn beneath everything else). */
  interval: UnitLayer[];
  /** Lines and point markers. */
  series: UnitLayer[];
}

export function reproducedLayers(
  rows: SeriesRow[],
  channels: Channels,
  chart: Chart,
  clip: boolean,
): ReproducedLayers {
  if (rows.length === 0) return { interval: [], series: [] };
  const data = { values: rows };
  const interval: UnitLayer = {
    data,
    mark: { type: "area", opacity: INTERVAL_OPACITY, clip },
    encoding: {
      x: channels.x("x"),
      y: channels.y("band_lo"),
      y2: channels.y2("band_hi"),
      color: channels.color,
    },
  };
  // One line layer per mechanism, each with its own dash (chart-style.ts).
  const mechanisms = [...new Set(rows.map((r) => r.mechanism))];
  const lines: UnitLayer[] = mechanisms.map((mechanism) => ({
    data,
    transform: [{ filter: { field: "mechanism", equal: mechanism } }],
    mark: { type: "line", strokeWidth: 1.8, strokeDash: mechanismDash(mechanism), clip },
    encoding: { x: channels.x("x"), y: channels.y("mean"), color: channels.color },
  }));
  const series: UnitLayer[] = [
    ...lines,
    {
      data,
      mark: { type: "point", filled: true, size: 40, opacity: 1, clip },
      encoding: {
        x: channels.x("x"),
        y: channels.y("mean"),
        color: channels.color,
        shape: channels.shape,
        // Filled markers draw no outline: this only puts the "data" legend
        // (reproduced solid, published dashed) on the chart.
        strokeDash: channels.strokeDash,
        tooltip: [
          { field: "source", type: "nominal", title: "data" },
          { field: "mechanism", type: "nominal", title: "mechanism" },
          { field: "x", type: "quantitative", title: chart.x_title },
          { field: "mean", type: "quantitative", title: `${chart.y_title}, mean` },
          { field: "lo", type: "quantitative", title: "95% interval, low" },
          { field: "hi", type: "quantitative", title: "95% interval, high" },
          { field: "n", type: "quantitative", title: "runs (n)" },
        ],
      },
    },
  ];
  return { interval: [interval], series };
}
