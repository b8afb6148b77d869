/**
 * File names of a panel's figure: `<id>-<panel>` for the simulator,
 * `<id>-hw-<panel>` for real hardware, each as .vl.json, .svg and .png.
 */
import type { RunnerId } from "./published-overlay.js";

/** Where the pipeline writes figures and the report. */
export const FIGURES_DIR = "figures";

export const FIGURE_EXTENSIONS = ["vl.json", "svg", "png"] as const;
export type FigureExtension = (typeof FIGURE_EXTENSIONS)[number];

export function figureBaseName(manifestId: string, panelId: string, runner: RunnerId): string {
  return runner === "hw" ? `${manifestId}-hw-${panelId}` : `${manifestId}-${panelId}`;
}
