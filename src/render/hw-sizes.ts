/**
 * Hardware charts and tables sized by the probe (manifest `runners.hw` in
 * machine terms): their x values and the sizes in their titles are this
 * machine's, read from the measured points, not from the manifest.
 */
import type { Manifest } from "../manifest/schema.js";
import { hwXValues } from "../plan/points.js";
import type { SeriesPoint } from "../results/types.js";

/**
 * A hw panel's x values: the manifest's numbers, or — sized in machine terms —
 * the x values measured (the reference machine's sizes before any data).
 */
export function hwPanelValues(
  manifest: Manifest,
  panelId: string,
  points: readonly SeriesPoint[],
): number[] {
  const hw = manifest.runners.hw;
  if (hw === undefined) return manifest.sweep.values;
  if (Array.isArray(hw.values)) return hw.values;
  const measured = [...new Set(points.filter((p) => p.panel === panelId).map((p) => p.x))];
  return measured.length > 0
    ? measured.sort((a, b) => a - b)
    : hwXValues(manifest.id, manifest.sweep.x, hw.values);
}

/** `{idle}`, `{rate}`, `{connections}`, `{reply_bytes}` in a hw title → the panel's measured value ("?" when it has none, "…" when it varies). */
export function withMeasuredSizes(
  title: string,
  panelId: string,
  points: readonly SeriesPoint[],
): string {
  return title.replace(/\{(idle|rate|connections|reply_bytes)\}/g, (_, name: string) => {
    const key = name as "idle" | "rate" | "connections" | "reply_bytes";
    const values = new Set(points.filter((p) => p.panel === panelId).map((p) => p.params[key]));
    if (values.size === 0) return "?";
    if (values.size > 1) return "…";
    return String([...values][0]);
  });
}
