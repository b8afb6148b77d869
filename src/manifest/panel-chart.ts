/** The chart settings of one panel: the manifest's chart with the panel's overrides (y, titles, scale). */
import type { Chart, Manifest } from "./schema.js";

export function panelChart(manifest: Manifest, panelId: string): Chart {
  const panel = manifest.sweep.panels.find((p) => p.id === panelId);
  const chart = manifest.chart;
  if (!panel) return chart;
  return {
    ...chart,
    y: panel.y ?? chart.y,
    y_title: panel.y_title ?? chart.y_title,
    y_scale: panel.y_scale ?? (panel.y ? "linear" : chart.y_scale),
    y_domain: panel.y_domain ?? (panel.y ? undefined : chart.y_domain),
  };
}
