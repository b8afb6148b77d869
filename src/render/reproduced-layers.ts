/**
 * Layers of the reproduced series: a translucent 95% interval band, the line
 * of means and point markers carrying the tooltip, coloured by mechanism.
 */
import type { Chart } from "../manifest/schema.js";
import type { Channels } from "./chart-channels.js";
import { INTERVAL_OPACITY } from "./chart-style.js";
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
  const series: UnitLayer[] = [
    {
      data,
      mark: { type: "line", strokeWidth: 1.8, clip },
      encoding: {
        x: channels.x("x"),
        y: channels.y("mean"),
        color: channels.color,
        strokeDash: channels.strokeDash,
      },
    },
    {
      data,
      mark: { type: "point", filled: true, size: 36, opacity: 1, clip },
      encoding: {
        x: channels.x("x"),
        y: channels.y("mean"),
        color: channels.color,
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
