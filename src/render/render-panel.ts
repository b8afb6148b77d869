/**
 * One chart panel in every output format: Vega-Lite JSON, SVG and PNG.
 */
import type { Manifest } from "../manifest/schema.js";
import type { SeriesPoint } from "../results/types.js";
import type { FigureExtension } from "./figure-files.js";
import { svgToPng } from "./png.js";
import type { RunnerId } from "./published-overlay.js";
import { buildPanelSpec, specJson } from "./spec.js";
import { renderSvg } from "./svg.js";

export type RenderedPanel = Record<FigureExtension, string | Uint8Array>;

/**
 * Renders a panel; `unchangedSince` is the Vega-Lite JSON already on disk:
 * when the new spec is identical (same data, overlay, titles), the SVG and
 * PNG on disk are current too and nothing is rendered (undefined).
 */
export async function renderPanel(
  manifest: Manifest,
  panelId: string,
  points: readonly SeriesPoint[],
  runner: RunnerId,
  unchangedSince?: string,
): Promise<RenderedPanel | undefined> {
  const spec = buildPanelSpec(manifest, panelId, points, { runner });
  const json = specJson(spec);
  if (unchangedSince !== undefined && json === unchangedSince) return undefined;
  const svg = await renderSvg(spec);
  return { "vl.json": json, svg, png: svgToPng(svg) };
}
