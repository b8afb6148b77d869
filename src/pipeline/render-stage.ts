/**
 * The render stage: each evaluated experiment × runner to
 * figures/<id>[-hw]-<panel>.{svg,png,vl.json} with the published numbers
 * overlaid, and Table 1's files with the claim verdicts beside the numbers.
 * Only panels whose spec changed are drawn again.
 */

import { MODEL_SERIES } from "../claims/kinds/predicts.js";
import { info } from "../progress.js";
import { writeFigure } from "../render/write-figure.js";
import type { Evaluation } from "./evaluate.js";

/** A hw evaluation's points with its experiment's prediction (variant "model"), when there is one. */
function withPrediction(hw: Evaluation, evaluations: readonly Evaluation[]): Evaluation["points"] {
  const predict = evaluations.find(
    (e) => e.runner === "predict" && e.manifest.id === hw.manifest.id,
  );
  if (predict === undefined) return hw.points;
  return [...hw.points, ...predict.points.filter((p) => p.variant === MODEL_SERIES)];
}

export async function renderFigures(
  evaluations: readonly Evaluation[],
  figuresDir: string,
): Promise<string[]> {
  const written: string[] = [];
  for (const e of evaluations) {
    // A prediction is drawn on its hw panels (below), not as charts of its own.
    if (e.runner === "predict") continue;
    const invalid = e.rows.filter((r) => r.hw?.valid === false).length;
    if (invalid > 0) {
      info(
        `render: ${e.manifest.id} (${e.runner}): ${invalid} invalid run(s) left out of the charts`,
      );
    }
    const points = e.runner === "hw" ? withPrediction(e, evaluations) : e.points;
    written.push(...(await writeFigure(figuresDir, e.manifest, points, e.runner, e.claims)));
  }
  info(`render: ${written.length} files in ${figuresDir}/`);
  return written;
}
