/** `dispatch-repro render`: charts from stored results, published numbers overlaid. */
import { existsSync } from "node:fs";
import { checkClaims } from "../claims/index.js";
import { info } from "../progress.js";
import type { RunnerId } from "../render/published-overlay.js";
import { writeFigure } from "../render/write-figure.js";
import { aggregate } from "../results/aggregate.js";
import { readRunsCsv } from "../results/csv.js";
import { resultsPath, selectManifests } from "./select-manifests.js";
import { UsageError } from "./usage-error.js";

export const FIGURES_DIR = "figures";

export async function renderCommand(
  ids: readonly string[],
  o: { runner?: string },
): Promise<string[]> {
  if (o.runner !== undefined && o.runner !== "sim" && o.runner !== "hw")
    throw new UsageError(`unknown runner '${o.runner}' (known: sim, hw)`);
  // No --runner: the simulator's figures, and the hw figures wherever hw results exist.
  const runners: RunnerId[] = o.runner === undefined ? ["sim", "hw"] : [o.runner];
  const written: string[] = [];
  for (const { manifest } of selectManifests(ids)) {
    const present = runners.filter((r) => existsSync(resultsPath(manifest.id, r)));
    if (present.length === 0) {
      const runner = runners[0] as RunnerId;
      throw new UsageError(
        `no ${runner} results for ${manifest.id} (${resultsPath(manifest.id, runner)}): ` +
          `run 'dispatch-repro run ${manifest.id}${runner === "hw" ? " --runner hw" : ""}' first`,
      );
    }
    for (const runner of present) {
      const rows = readRunsCsv(resultsPath(manifest.id, runner));
      const invalid = rows.filter((r) => r.hw?.valid === false).length;
      if (invalid > 0) {
        info(
          `render: ${manifest.id} (${runner}): ${invalid} invalid run(s) left out of the charts`,
        );
      }
      const points = aggregate(rows);
      // Claim verdicts go beside the numbers in tables (Table 1).
      const results = checkClaims(manifest.claims, points, runner);
      written.push(...(await writeFigure(FIGURES_DIR, manifest, points, runner, results)));
    }
  }
  info(`render: ${written.length} files in ${FIGURES_DIR}/`);
  return written;
}
