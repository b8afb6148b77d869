/** `dispatch-repro render`: charts from stored results, published numbers overlaid. */
import { existsSync } from "node:fs";
import { checkClaims } from "../claims/index.js";
import { info } from "../progress.js";
import { writeFigure } from "../render/write-figure.js";
import { aggregate } from "../results/aggregate.js";
import { readRunsCsv } from "../results/csv.js";
import { resultsPath, selectManifests } from "./select-manifests.js";
import { UsageError } from "./usage-error.js";

export const FIGURES_DIR = "figures";

export async function renderCommand(
  ids: readonly string[],
  o: { runner: string },
): Promise<string[]> {
  if (o.runner !== "sim" && o.runner !== "hw")
    throw new UsageError(`unknown runner '${o.runner}' (known: sim, hw)`);
  const written: string[] = [];
  for (const { manifest } of selectManifests(ids)) {
    const path = resultsPath(manifest.id, o.runner);
    if (!existsSync(path)) {
      throw new UsageError(
        `no ${o.runner} results for ${manifest.id} (${path}): run 'dispatch-repro run ${manifest.id}' first`,
      );
    }
    const points = aggregate(readRunsCsv(path));
    // Claim verdicts go beside the numbers in tables (Table 1).
    const results = checkClaims(manifest.claims, points, o.runner);
    written.push(...(await writeFigure(FIGURES_DIR, manifest, points, o.runner, results)));
  }
  info(`render: ${written.length} files in ${FIGURES_DIR}/`);
  return written;
}
