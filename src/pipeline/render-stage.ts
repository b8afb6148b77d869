/**
 * The render stage: each evaluated experiment × runner to
 * figures/<id>[-hw]-<panel>.{svg,png,vl.json} with the published numbers
 * overlaid, and Table 1's files with the claim verdicts beside the numbers.
 * Only panels whose spec changed are drawn again.
 */
import { info } from "../progress.js";
import { writeFigure } from "../render/write-figure.js";
import type { Evaluation } from "./evaluate.js";

export async function renderFigures(
  evaluations: readonly Evaluation[],
  figuresDir: string,
): Promise<string[]> {
  const written: string[] = [];
  for (const e of evaluations) {
    const invalid = e.rows.filter((r) => r.hw?.valid === false).length;
    if (invalid > 0) {
      info(
        `render: ${e.manifest.id} (${e.runner}): ${invalid} invalid run(s) left out of the charts`,
      );
    }
    written.push(...(await writeFigure(figuresDir, e.manifest, e.points, e.runner, e.claims)));
  }
  info(`render: ${written.length} files in ${figuresDir}/`);
  return written;
}
