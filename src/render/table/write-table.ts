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

/** Writes the table files and returns their paths (md, svg, png); [] when there is no table. */
export function writeTable(
  figuresDir: string,
  manifest: Manifest,
  points: readonly SeriesPoint[],
  results: readonly ClaimResult[] | undefined,
  runner: RunnerId,
): string[] {
  const { table } = manifest;
  if (table === undefined) return [];
  const rows = tableRows(manifest, points, results);
  const svg = tableSvg(table, rows, runner);
  const contents = { md: tableMarkdown(table, rows, runner), svg, png: svgToPng(svg) };
  const base = tableBaseName(manifest.id, runner);
  return TABLE_EXTENSIONS.map((extension) => {
    const path = join(figuresDir, `${base}.${extension}`);
    writeFileAtomic(path, contents[extension]);
    return path;
  });
}
