/**
 * Render every panel of a manifest's figure into `figuresDir` as
 * `<id>[-hw]-<panel>.{vl.json,svg,png}`, each file written atomically.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { ClaimResult } from "../claims/check.js";
import type { Manifest } from "../manifest/schema.js";
import { writeFileAtomic } from "../results/atomic-write.js";
import type { SeriesPoint } from "../results/types.js";
import { FIGURE_EXTENSIONS, figureBaseName } from "./figure-files.js";
import type { RunnerId } from "./published-overlay.js";
import { renderPanel } from "./render-panel.js";
import { writeTable } from "./table/write-table.js";

/**
 * Writes the figure files and returns their paths, panel by panel in manifest
 * order; then, when the manifest has a table, its `<id>[-hw]-table.*` files
 * (rows get verdicts only when claim `results` are given).
 */
export async function writeFigure(
  figuresDir: string,
  manifest: Manifest,
  points: readonly SeriesPoint[],
  runner: RunnerId,
  results?: readonly ClaimResult[],
): Promise<string[]> {
  await mkdir(figuresDir, { recursive: true });
  const written: string[] = [];
  for (const panel of manifest.sweep.panels) {
    const base = figureBaseName(manifest.id, panel.id, runner);
    const paths = FIGURE_EXTENSIONS.map((extension) => join(figuresDir, `${base}.${extension}`));
    // Re-render only when the spec changed (or a file is missing): the warm path of make figures.
    const specPath = join(figuresDir, `${base}.vl.json`);
    const current = paths.every((p) => existsSync(p)) ? readFileSync(specPath, "utf8") : undefined;
    const rendered = await renderPanel(manifest, panel.id, points, runner, current);
    FIGURE_EXTENSIONS.forEach((extension, i) => {
      const path = paths[i] as string;
      if (rendered) writeFileAtomic(path, rendered[extension]);
      written.push(path);
    });
  }
  if (manifest.table !== undefined) {
    written.push(...writeTable(figuresDir, manifest, points, results, runner));
  }
  return written;
}
