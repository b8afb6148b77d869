/**
 * The Vega-Lite spec of one chart panel: reproduced series (lines, points,
 * 95% interval bands, coloured by mechanism) layered with the published
 * overlay derived from the manifest's claims. Data is inlined, and the same
 * inputs always give byte-identical JSON (see specJson).
 */
import type { TopLevelSpec } from "vega-lite";
import { MODEL_SERIES } from "../claims/kinds/predicts.js";
import { panelChart } from "../manifest/panel-chart.js";
import type { Chart, Manifest } from "../manifest/schema.js";
import type { SeriesPoint } from "../results/types.js";
import { chartChannels } from "./chart-channels.js";
import {
  CHART_CONFIG,
  canonicalOrder,
  PANEL_HEIGHT,
  PANEL_WIDTH,
  reproducedName,
  VEGA_LITE_SCHEMA,
} from "./chart-style.js";
import { hwPanelValues, withMeasuredSizes } from "./hw-sizes.js";
import { publishedLayers } from "./published-layers.js";
import { type OverlayItem, publishedOverlay, type RunnerId } from "./published-overlay.js";
import { reproducedLayers } from "./reproduced-layers.js";
import { minPositive, seriesRows } from "./series-rows.js";
import type { LayeredSpec } from "./vega-lite-types.js";

export interface PanelSpecOptions {
  /** Which runner produced `points`; names the legend entry and selects claims. Default 'sim'. */
  runner?: RunnerId;
}

/** Valid repetitions a hardware point needs for a 95% interval. */
export const HW_MIN_REPETITIONS = 3;

export function buildPanelSpec(
  manifest: Manifest,
  panelId: string,
  points: readonly SeriesPoint[],
  options: PanelSpecOptions = {},
): TopLevelSpec {
  const runner = options.runner ?? "sim";
  const { sweep } = manifest;
  const hw = runner === "hw" ? manifest.runners.hw : undefined;
  const chart = chartFor(manifest, panelId, runner);
  const panel = sweep.panels.find((p) => p.id === panelId);
  if (panel === undefined) {
    const known = sweep.panels.map((p) => p.id).join(", ");
    throw new Error(`${manifest.id}: no panel '${panelId}' (panels: ${known})`);
  }

  // Real hardware is not the 2001 testbed: its charts carry no published numbers.
  const overlay = runner === "hw" ? [] : publishedOverlay(manifest, panelId, { runner });
  const declared = hw?.mechanisms ?? sweep.mechanisms;
  const sweepValues = hw ? hwPanelValues(manifest, panelId, points) : sweep.values;
  const mechanisms = [
    ...declared,
    ...canonicalOrder(points.map((p) => p.mechanism)).filter((m) => !declared.includes(m)),
  ];
  const source = reproducedName(runner);
  // Hardware: the simulator's prediction of the same points, when given, as a dashed series.
  const variants =
    runner === "hw" ? predictionSeries(hw, points) : (manifest.runners.sim?.variants ?? []);
  const variantTitles = new Map(variants.map((v) => [v.id, v.title]));
  // Hardware points need 3 valid repetitions for an interval (issue 13).
  const minRuns = runner === "hw" ? HW_MIN_REPETITIONS : undefined;
  const allRows = seriesRows(points, panelId, chart.y, {
    source,
    mechanismOrder: mechanisms,
    variantTitles,
    ...(minRuns === undefined ? {} : { minRuns }),
  });
  const logFloor =
    chart.y_scale === "log"
      ? (chart.y_domain?.[0] ?? minPositive(yValuesOf(allRows, overlay)) ?? 1)
      : undefined;
  const rows =
    logFloor === undefined
      ? allRows
      : seriesRows(points, panelId, chart.y, {
          source,
          mechanismOrder: mechanisms,
          variantTitles,
          logFloor,
          ...(minRuns === undefined ? {} : { minRuns }),
        });
  // One legend entry per title: variants of one rule on several mechanisms share it.
  const variantNames = [...new Set(variants.map((v) => v.title))].filter((t) =>
    rows.some((r) => r.source === t),
  );

  const shownMechanisms = mechanisms.filter(
    (m) => declared.includes(m) || rows.some((r) => r.mechanism === m),
  );
  const channels = chartChannels({
    chart,
    xDomain: xDomainOf(sweepValues, rows, overlay),
    xTicks: xTicksOf(sweepValues, rows),
    yExtent: extentOf(
      logFloor === undefined ? [] : [logFloor, ...yValuesOf(rows, overlay).filter((y) => y > 0)],
    ),
    mechanisms: shownMechanisms,
    reproducedName: source,
    hasPublished: overlay.length > 0,
    variantNames,
  });
  const clip = chart.y_domain !== undefined;
  const published = publishedLayers(overlay, { channels, clip, logFloor });
  const reproduced = reproducedLayers(rows, channels, chart, clip, variantNames);

  const spec: LayeredSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title:
      runner === "hw"
        ? {
            text: withMeasuredSizes(
              `${hw?.chart_title ?? chart.title} — (${panel.id}) ${hw?.titles[panel.id] ?? panel.title}`,
              panelId,
              points,
            ),
            subtitle: HW_SUBTITLE,
          }
        : `${chart.title} — (${panel.id}) ${panel.title}`,
    description: `${manifest.id} (${manifest.paper_ref}), panel ${panel.id}, ${source}`,
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    config: structuredClone(CHART_CONFIG),
    // The interval band goes first so the mechanism legend comes before the data legend.
    layer: [
      ...reproduced.interval,
      ...published.underlays,
      ...reproduced.series,
      ...published.overlays,
    ],
  };
  return spec;
}

/** The predicted series of a hw chart (points of variant MODEL_SERIES), named with its profile. */
function predictionSeries(
  hw: Manifest["runners"]["hw"],
  points: readonly SeriesPoint[],
): { id: string; title: string }[] {
  if (!points.some((p) => p.variant === MODEL_SERIES)) return [];
  return [{ id: MODEL_SERIES, title: `predicted (simulator, profile ${hw?.profile ?? "modern"})` }];
}

/** Under every hw chart: what it is, and why the paper's numbers are not drawn on it. */
export const HW_SUBTITLE =
  "measured on this machine (hw runner), x scaled to it; the paper's 2001 numbers are not overlaid";

/**
 * The panel's chart settings for a runner. A y range fixed in the manifest
 * fits the 2001 testbed's numbers; on real hardware only a percentage scale
 * (cpu_pct, 0–100) means the same, so any other fixed range is dropped.
 */
function chartFor(manifest: Manifest, panelId: string, runner: RunnerId): Chart {
  const chart = panelChart(manifest, panelId);
  if (runner !== "hw" || chart.y === "cpu_pct" || chart.y_domain === undefined) return chart;
  const { y_domain: _fixed, ...rest } = chart;
  return rest;
}

/** The spec as stable, human-readable JSON (trailing newline). */
export function specJson(spec: TopLevelSpec): string {
  return `${JSON.stringify(spec, null, 2)}\n`;
}

function xDomainOf(
  sweepValues: number[],
  rows: { x: number }[],
  overlay: OverlayItem[],
): [number, number] {
  // Measured x values when there are any (hw runs scale x to the machine), else the sweep's.
  const xs = rows.length > 0 ? rows.map((r) => r.x) : [...sweepValues];
  for (const item of overlay) {
    xs.push(item.x);
    if (item.kind === "value-band" || item.kind === "knee") xs.push(item.x2);
  }
  return [Math.min(...xs), Math.max(...xs)];
}

/** Ticks at the measured x values (the sweep's, when nothing was measured). */
function xTicksOf(sweepValues: number[], rows: { x: number }[]): number[] {
  const xs = rows.length > 0 ? rows.map((r) => r.x) : sweepValues;
  return [...new Set(xs)].sort((a, b) => a - b);
}

function extentOf(values: number[]): [number, number] | undefined {
  return values.length === 0 ? undefined : [Math.min(...values), Math.max(...values)];
}

function yValuesOf(
  rows: { mean: number; lo: number; hi: number }[],
  overlay: OverlayItem[],
): number[] {
  const ys = rows.flatMap((r) => [r.mean, r.lo, r.hi]);
  for (const item of overlay) {
    if (item.kind === "value-band" || item.kind === "value-point") {
      ys.push(item.expected, item.lo, item.hi);
    } else if (item.kind === "reaches") {
      ys.push(item.level);
    }
  }
  return ys;
}
