/** `dispatch-repro report`: the report stage alone — figures/index.html and figures/drift.md. */
import { loadAll } from "../manifest/discover.js";
import { EXPERIMENTS_DIR } from "../manifest/select.js";
import { evaluateAll } from "../pipeline/evaluate.js";
import { writeReportFiles } from "../pipeline/report-stage.js";
import { FIGURES_DIR } from "../render/figure-files.js";

export function reportCommand(): string[] {
  const manifests = loadAll(EXPERIMENTS_DIR);
  // The prediction's claims and provenance appear with the hw run they predict.
  return writeReportFiles(manifests, evaluateAll(manifests, ["sim", "hw", "predict"]), FIGURES_DIR);
}
