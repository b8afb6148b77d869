/** `dispatch-repro render`: the render stage alone, on stored results. */
import { existsSync } from "node:fs";
import { UsageError } from "../errors.js";
import { selectManifests } from "../manifest/select.js";
import { evaluateAll } from "../pipeline/evaluate.js";
import { renderFigures } from "../pipeline/render-stage.js";
import { FIGURES_DIR } from "../render/figure-files.js";
import { resultsPath } from "../results/paths.js";
import type { RunnerId } from "../runners/runner.js";

export async function renderCommand(
  ids: readonly string[],
  o: { runner?: string },
): Promise<string[]> {
  if (o.runner !== undefined && o.runner !== "sim" && o.runner !== "hw")
    throw new UsageError(`unknown runner '${o.runner}' (known: sim, hw)`);
  // No --runner: the simulator's figures, and the hw figures wherever hw results exist.
  const runners: RunnerId[] = o.runner === undefined ? ["sim", "hw"] : [o.runner];
  const manifests = selectManifests(ids);
  for (const { manifest } of manifests) {
    if (!runners.some((r) => existsSync(resultsPath(manifest.id, r)))) {
      const runner = runners[0] as RunnerId;
      throw new UsageError(
        `no ${runner} results for ${manifest.id} (${resultsPath(manifest.id, runner)}): ` +
          `run 'dispatch-repro run ${manifest.id}${runner === "hw" ? " --runner hw" : ""}' first`,
      );
    }
  }
  // A hw chart carries the simulator's prediction where there is one (runner predict).
  const evaluated = runners.includes("hw") ? [...runners, "predict" as const] : runners;
  return renderFigures(evaluateAll(manifests, evaluated), FIGURES_DIR);
}
