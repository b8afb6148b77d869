/** `dispatch-repro report`: figures/index.html and figures/drift.md from stored results. */
import { existsSync, readFileSync } from "node:fs";
import { info } from "../progress.js";
import { writeReport } from "../report/report.js";
import { driftOf, evaluateClaims } from "./check.js";
import { FIGURES_DIR } from "./render.js";
import { resultsPath, selectManifests } from "./select-manifests.js";

export function reportCommand(): string[] {
  const manifests = selectManifests([]);
  const checks = evaluateClaims([], "sim");
  const sections = manifests.map(({ manifest }, i) => {
    const meta = resultsPath(manifest.id, "sim").replace(/\.csv$/, ".meta.json");
    const provenance = existsSync(meta)
      ? (JSON.parse(readFileSync(meta, "utf8")) as Record<string, unknown>)
      : undefined;
    const check = checks[i];
    return {
      manifest,
      results: check?.results ?? [],
      provenance,
      ...(check ? { drift: driftOf(check) } : {}),
    };
  });
  const written = writeReport(sections, FIGURES_DIR);
  info(`report: ${written.join(", ")}`);
  return written;
}
