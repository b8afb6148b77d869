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

export async function renderPanel(
  manifest: Manifest,
  panelId: string,
  points: readonly SeriesPoint[],
  runner: RunnerId,
): Promise<RenderedPanel> {
  const spec = buildPanelSpec(manifest, panelId, points, { runner });
  const svg = await renderSvg(spec);
  return { "vl.json": specJson(spec), svg, png: svgToPng(svg) };
}
