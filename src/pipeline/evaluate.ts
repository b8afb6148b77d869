/**
 * The check stage's core: each experiment's stored results of one runner,
 * aggregated over seeds (or repetitions) and checked against the manifest's
 * claims — once per command, then handed to render, report and the gate.
 */
import { existsSync } from "node:fs";
import { type ClaimResult, checkClaims } from "../claims/index.js";
import { MODEL_SERIES } from "../claims/kinds/predicts.js";
import type { LoadedManifest } from "../manifest/discover.js";
import type { Manifest } from "../manifest/schema.js";
import { aggregate } from "../results/aggregate.js";
import { readRunsCsv } from "../results/csv.js";
import { resultsPath } from "../results/paths.js";
import type { RunRow, SeriesPoint } from "../results/types.js";
import type { RunnerId } from "../runners/runner.js";

export interface Evaluation {
  manifest: Manifest;
  /** The manifest file. */
  manifestPath: string;
  runner: RunnerId;
  /** The results CSV, e.g. data/fig4/sim.csv. */
  csvPath: string;
  rows: RunRow[];
  /**
   * The rows aggregated per panel × mechanism × x (invalid hw runs left out);
   * predict: the hw measurement's points and the prediction's (variant "model").
   */
  points: SeriesPoint[];
  /** The claims that apply to this runner, checked on `points`. */
  claims: ClaimResult[];
}

/**
 * The points a cross-validation reads: the hw measurement (valid runs) and
 * the prediction at the same points, marked as the variant MODEL_SERIES.
 * Undefined until both exist. `measured`: the hw points when already aggregated.
 */
function crossValidationPoints(
  id: string,
  predicted: readonly RunRow[],
  root: string,
  measured?: readonly SeriesPoint[],
): SeriesPoint[] | undefined {
  const hwPath = resultsPath(id, "hw", root);
  if (measured === undefined && !existsSync(hwPath)) return undefined;
  return [
    ...(measured ?? aggregate(readRunsCsv(hwPath))),
    ...aggregate(predicted).map((p) => ({ ...p, variant: MODEL_SERIES })),
  ];
}

/**
 * One experiment × runner from its CSV; undefined when that runner has no
 * results yet. predict: `measured` are the hw points, when already evaluated.
 */
export function evaluate(
  loaded: LoadedManifest,
  runner: RunnerId,
  root = ".",
  measured?: readonly SeriesPoint[],
): Evaluation | undefined {
  const csvPath = resultsPath(loaded.manifest.id, runner, root);
  if (!existsSync(csvPath)) return undefined;
  const rows = readRunsCsv(csvPath);
  const points =
    runner === "predict"
      ? crossValidationPoints(loaded.manifest.id, rows, root, measured)
      : aggregate(rows);
  if (points === undefined) return undefined;
  return {
    manifest: loaded.manifest,
    manifestPath: loaded.path,
    runner,
    csvPath,
    rows,
    points,
    claims: checkClaims(loaded.manifest.claims, points, runner),
  };
}

/**
 * Every experiment × runner that has results, in manifest order and the
 * runners' order (sim, hw, predict): a prediction reuses its hw points.
 */
export function evaluateAll(
  manifests: readonly LoadedManifest[],
  runners: readonly RunnerId[],
  root = ".",
): Evaluation[] {
  return manifests.flatMap((loaded) => {
    let hwPoints: SeriesPoint[] | undefined;
    return runners.flatMap((runner) => {
      const e = evaluate(loaded, runner, root, runner === "predict" ? hwPoints : undefined);
      if (runner === "hw") hwPoints = e?.points;
      return e === undefined ? [] : [e];
    });
  });
}
