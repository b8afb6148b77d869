/**
 * Layers of the reproduced series: a translucent 95% interval band, the line
 * of means and point markers carrying the tooltip, coloured by mechanism.
 */
import type { Chart } from "../manifest/schema.js";
import type { Channels } from "./chart-channels.js";
import { INTERVAL_OPACITY, mechanismDash, variantDash } from "./chart-style.js";
import type { SeriesRow } from "./series-rows.js";
import type { UnitLayer } from "./vega-lite-types.js";

export interface ReproducedLayers {
  /** The 95% interval bands (drawn beneath everything else). */
  interval: UnitLayer[];
  /** Lines and point markers. */
  series: UnitLayer[];
}

/**
 * `variantNames`: legend names of the rule-variant series in the rows (their
 * `source`), in declaration order; each is drawn with its own dash.
 */
export function reproducedLayers(
  rows: SeriesRow[],
  channels: Channels,
  chart: Chart,
  clip: boolean,
  variantNames: readonly string[] = [],
): ReproducedLayers {
  if (rows.length === 0) return { interval: [], series: [] };
  const data = { values: rows };
  const interval: UnitLayer = {
    data,
    // A point with too few runs has no interval (null edges): the band breaks there.
    mark: { type: "area", opacity: INTERVAL_OPACITY, clip, invalid: "break-paths-show-domains" },
    encoding: {
      x: channels.x("x"),
      y: channels.y("band_lo"),
      y2: channels.y2("band_hi"),
      color: channels.color,
      // A mechanism's default and rule-variant series are separate bands.
      detail: { field: "source", type: "nominal" },
    },
  };
  // One line layer per mechanism and series, each with its own dash (chart-style.ts):
  // the mechanism's for its default series, the variant's for a rule-variant series.
  const lineSeries = [...new Map(rows.map((r) => [`${r.mechanism}|${r.source}`, r])).values()];
  const lines: UnitLayer[] = lineSeries.map(({ mechanism, source }) => {
    const variant = variantNames.indexOf(source);
    return {
      data,
      transform: [
        {
          filter: {
            and: [
              { field: "mechanism", equal: mechanism },
              { field: "source", equal: source },
            ],
          },
        },
      ],
      mark: {
        type: "line",
        strokeWidth: variant === -1 ? 1.8 : 1.4,
        strokeDash: variant === -1 ? mechanismDash(mechanism) : variantDash(variant),
        clip,
      },
      encoding: { x: channels.x("x"), y: channels.y("mean"), color: channels.color },
    };
  });
  // Markers: filled for the default series, hollow for rule-variant series.
  const markers = (filter: UnitLayer["transform"], filled: boolean): UnitLayer => ({
    data,
    ...(filter ? { transform: filter } : {}),
    mark: { type: "point", filled, size: 40, opacity: 1, clip },
    encoding: {
      x: channels.x("x"),
      y: channels.y("mean"),
      color: channels.color,
      shape: channels.shape,
      // Filled markers draw no outline: this only puts the "data" legend
      // (reproduced solid, variants, published dashed) on the chart.
      ...(filled ? { strokeDash: channels.strokeDash } : {}),
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
  });
  // Hollow: a rule-variant series' points, and points with too few runs for an interval.
  const hollow = (r: SeriesRow) => r.few || variantNames.indexOf(r.source) !== -1;
  const isHollow = {
    or: [
      { field: "few", equal: true },
      { field: "source", oneOf: [...variantNames] },
    ],
  };
  const series: UnitLayer[] = !rows.some(hollow)
    ? [...lines, markers(undefined, true)]
    : [
        ...lines,
        markers([{ filter: { not: isHollow } }], true),
        markers([{ filter: isHollow }], false),
      ];
  return { interval: [interval], series };
}
