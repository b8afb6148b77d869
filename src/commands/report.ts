/** `dispatch-repro report`: figures/index.html and figures/drift.md from stored results. */
import { statSync } from "node:fs";
import { info } from "../progress.js";
import { chartLibraries } from "../report/assets.js";
import { collectReport } from "../report/collect.js";
import { writeReport } from "../report/report.js";
import { FIGURES_DIR } from "./render.js";

export function reportCommand(): string[] {
  const model = collectReport({ figuresDir: FIGURES_DIR });
  for (const e of model.experiments) {
    if (e.runs.length === 0)
      info(`report: no results for ${e.manifest.id} yet (dispatch-repro run ${e.manifest.id})`);
  }
  const written = writeReport(model, FIGURES_DIR, chartLibraries());
  const sizes = written.map((p) => `${p} (${Math.round(statSync(p).size / 1024)} KiB)`);
  info(`report: ${sizes.join(", ")}`);
  return written;
}
