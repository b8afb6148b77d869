/**
 * Gathers the report model from the pipeline's files: the manifests, each
 * runner's results CSV (data/<id>/<runner>.csv, hw only where it exists)
 * with its provenance, the claim verdicts, Table 1's rows, the drift gate,
 * and each panel's Vega-Lite spec — the file the render step wrote
 * (figures/<id>[-hw]-<panel>.vl.json) when there is one, else the same spec
 * built from the CSV. Hardware panels the render step wrote beyond the
 * manifest's panels (figures/<id>-hw-*.vl.json) are shown too.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { experimentDrift } from "../drift/index.js";
import { type LoadedManifest, loadAll } from "../manifest/discover.js";
import type { Manifest } from "../manifest/schema.js";
import { type Evaluation, evaluateAll } from "../pipeline/evaluate.js";
import { figureBaseName } from "../render/figure-files.js";
import type { RunnerId } from "../render/published-overlay.js";
import { buildPanelSpec } from "../render/spec.js";
import { tableRows } from "../render/table/table-rows.js";
import { metaPathOf } from "../results/paths.js";
import type { SeriesPoint } from "../results/types.js";
import type { RunnerId as EvaluatedRunner } from "../runners/runner.js";
import type {
  ExperimentReport,
  JsonObject,
  PanelChart,
  ReportModel,
  RunnerReport,
} from "./model.js";

export interface CollectOptions {
  /** Holds experiments/ and data/; default: the working directory. */
  root?: string;
  /** Where the render step wrote the .vl.json specs; default: <root>/figures. */
  figuresDir?: string;
}

const RUNNERS: readonly EvaluatedRunner[] = ["sim", "hw", "predict"];

function readJsonObject(path: string): JsonObject {
  const value: unknown = JSON.parse(readFileSync(path, "utf8"));
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Error(`${path}: expected a JSON object`);
  return value as JsonObject;
}

/** Panel ids of `<id>-hw-<panel>.vl.json` files in the figures directory. */
function hwPanelFiles(figuresDir: string, id: string): string[] {
  if (!existsSync(figuresDir)) return [];
  const prefix = `${figureBaseName(id, "", "hw")}`;
  return readdirSync(figuresDir)
    .filter((f) => f.startsWith(prefix) && f.endsWith(".vl.json"))
    .map((f) => f.slice(prefix.length, -".vl.json".length))
    .filter((panel) => panel !== "")
    .sort();
}

function charts(
  manifest: Manifest,
  runner: RunnerId,
  points: readonly SeriesPoint[],
  figuresDir: string,
  display: (path: string) => string,
  csv: string,
): PanelChart[] {
  const panels = manifest.sweep.panels.map((p) => ({ id: p.id, title: p.title }));
  if (runner === "hw") {
    for (const id of hwPanelFiles(figuresDir, manifest.id))
      if (!panels.some((p) => p.id === id)) panels.push({ id, title: id });
  }
  return panels.map(({ id, title }) => {
    const file = join(figuresDir, `${figureBaseName(manifest.id, id, runner)}.vl.json`);
    if (existsSync(file))
      return { panel: id, title, spec: readJsonObject(file), from: display(file) };
    const spec = buildPanelSpec(manifest, id, points, { runner }) as unknown as JsonObject;
    return { panel: id, title, spec, from: `built from ${csv}` };
  });
}

/**
 * The report model from evaluations made once by the pipeline: every
 * manifest (those without results say so), each runner's checked results,
 * charts, provenance, Table 1's rows and the sim drift gate.
 */
export function reportModel(
  manifests: readonly LoadedManifest[],
  evaluations: readonly Evaluation[],
  options: CollectOptions = {},
): ReportModel {
  const root = options.root ?? ".";
  const figuresDir = options.figuresDir ?? join(root, "figures");
  const display = (path: string) => relative(root, path) || path;
  const experiments = manifests.map(({ manifest }): ExperimentReport => {
    const report: ExperimentReport = { manifest, runs: [] };
    const ofManifest = evaluations.filter((x) => x.manifest.id === manifest.id);
    // The prediction's claims are shown with the hw run they predict (its charts carry the
    // predicted lines: the render stage drew them).
    const predicted = ofManifest.find((x) => x.runner === "predict");
    for (const e of ofManifest) {
      const { runner: evaluated, csvPath, points } = e;
      if (evaluated === "predict") continue;
      const runner = evaluated;
      const claims =
        runner === "hw" && predicted !== undefined ? [...e.claims, ...predicted.claims] : e.claims;
      const csv = display(csvPath);
      const metaPath = metaPathOf(csvPath);
      const run: RunnerReport = {
        runner,
        csv,
        provenancePath: display(metaPath),
        claims,
        charts: charts(manifest, runner, points, figuresDir, display, csv),
      };
      if (existsSync(metaPath)) run.provenance = readJsonObject(metaPath);
      if (runner === "hw" && predicted !== undefined) {
        const predictedMeta = metaPathOf(predicted.csvPath);
        run.prediction = {
          csv: display(predicted.csvPath),
          ...(existsSync(predictedMeta) ? { provenance: readJsonObject(predictedMeta) } : {}),
        };
      }
      if (manifest.table !== undefined) run.table = tableRows(manifest, points, claims);
      report.runs.push(run);
      if (runner === "sim") {
        const drift = experimentDrift(
          manifest.id,
          csvPath,
          manifest.drift?.tolerance ?? {},
          claims,
        );
        report.drift = { ...drift, baseline: display(drift.baseline) };
      }
    }
    return report;
  });
  return { experiments };
}

/** The report model read from the files under `root` (loads and evaluates everything). */
export function collectReport(options: CollectOptions = {}): ReportModel {
  const root = options.root ?? ".";
  const manifests = loadAll(join(root, "experiments"));
  return reportModel(manifests, evaluateAll(manifests, RUNNERS, root), options);
}
