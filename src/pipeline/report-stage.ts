/**
 * The report stage: figures/index.html (self-contained, interactive) and
 * figures/drift.md from the evaluations the pipeline made once.
 */
import { statSync } from "node:fs";
import type { LoadedManifest } from "../manifest/discover.js";
import { info } from "../progress.js";
import { chartLibraries } from "../report/assets.js";
import { reportModel } from "../report/collect.js";
import { writeReport } from "../report/report.js";
import type { Evaluation } from "./evaluate.js";

export function writeReportFiles(
  manifests: readonly LoadedManifest[],
  evaluations: readonly Evaluation[],
  figuresDir: string,
): string[] {
  const model = reportModel(manifests, evaluations, { figuresDir });
  for (const e of model.experiments) {
    if (e.runs.length === 0)
      info(`report: no results for ${e.manifest.id} yet (dispatch-repro run ${e.manifest.id})`);
  }
  const written = writeReport(model, figuresDir, chartLibraries());
  const sizes = written.map((p) => `${p} (${Math.round(statSync(p).size / 1024)} KiB)`);
  info(`report: ${sizes.join(", ")}`);
  return written;
}
