/**
 * Writes a manifest's table as `<id>-table.{md,svg,png}` (`<id>-hw-table.*`
 * for real hardware), each file atomically.
 */
import { join } from "node:path";
import type { ClaimResult } from "../../claims/check.js";
import type { Manifest } from "../../manifest/schema.js";
import { writeFileAtomic } from "../../results/atomic-write.js";
import type { SeriesPoint } from "../../results/types.js";
import { figureBaseName } from "../figure-files.js";
import { hwPanelValues, withMeasuredSizes } from "../hw-sizes.js";
import { svgToPng } from "../png.js";
import type { RunnerId } from "../published-overlay.js";
import { tableMarkdown } from "./markdown.js";
import { tableSvg } from "./svg.js";
import { tableRows } from "./table-rows.js";

export const TABLE_EXTENSIONS = ["md", "svg", "png"] as const;

/** `<id>-table`, or `<id>-hw-table` for the hardware runner. */
export function tableBaseName(manifestId: string, runner: RunnerId): string {
  return figureBaseName(manifestId, "table", runner);
}

/**
 * The manifest as the hw table sees it: the hw x values and panel titles, and
 * no published numbers — 2001's counts of 60-s runs on a Pentium-III say
 * nothing about a few seconds on this machine, so they are not set beside it.
 */
function hwTableView(manifest: Manifest, points: readonly SeriesPoint[]): Manifest {
  const hw = manifest.runners.hw;
  if (hw === undefined || manifest.table === undefined) return manifest;
  const firstPanel = manifest.sweep.panels[0]?.id ?? "";
  return {
    ...manifest,
    sweep: {
      ...manifest.sweep,
      values: [
        ...new Set(manifest.sweep.panels.flatMap((p) => hwPanelValues(manifest, p.id, points))),
      ].sort((a, b) => a - b),
      mechanisms: hw.mechanisms,
      panels: manifest.sweep.panels.map((p) => ({
        ...p,
        title: withMeasuredSizes(hw.titles[p.id] ?? p.title, p.id, points),
      })),
    },
    table: {
      ...manifest.table,
      title: withMeasuredSizes(hw.chart_title ?? manifest.table.title, firstPanel, points),
      published: {},
    },
  };
}

/** Writes the table files and returns their paths (md, svg, png); [] when there is no table. */
export function writeTable(
  figuresDir: string,
  manifest: Manifest,
  points: readonly SeriesPoint[],
  results: readonly ClaimResult[] | undefined,
  runner: RunnerId,
): string[] {
  const view = runner === "hw" ? hwTableView(manifest, points) : manifest;
  const { table } = view;
  if (table === undefined) return [];
  const rows = tableRows(view, points, results);
  const svg = tableSvg(table, rows, runner);
  const contents = { md: tableMarkdown(table, rows, runner), svg, png: svgToPng(svg) };
  const base = tableBaseName(manifest.id, runner);
  return TABLE_EXTENSIONS.map((extension) => {
    const path = join(figuresDir, `${base}.${extension}`);
    writeFileAtomic(path, contents[extension]);
    return path;
  });
}
