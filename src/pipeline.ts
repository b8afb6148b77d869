/**
 * The pipeline as one function, each stage a named function in its own
 * module (src/pipeline/): load and plan the experiments → run their points
 * (cached) → aggregate and check every claim, once → render the figures →
 * write the report → gate. `dispatch-repro figures` (and `make figures`)
 * runs it; each stage also has a command of its own (run, render, report,
 * check).
 *
 *   experiments/<id>.yaml ─plan─▶ points ─run─▶ data/<id>/sim.csv (+ .meta.json)
 *        ─predict─▶ data/<id>/predict.csv (the hw section's points, this machine's profile)
 *        ─evaluate─▶ claims ─▶ figures/<id>[-hw]-<panel>.* ─▶ figures/index.html, drift.md ─▶ gate
 */
import type { LoadedManifest } from "./manifest/discover.js";
import { selectManifests } from "./manifest/select.js";
import { type Evaluation, evaluateAll } from "./pipeline/evaluate.js";
import { type GateResult, gate } from "./pipeline/gate.js";
import { renderFigures } from "./pipeline/render-stage.js";
import { writeReportFiles } from "./pipeline/report-stage.js";
import { FIGURES_DIR } from "./render/figure-files.js";
import { predictable } from "./runners/prediction-terms.js";
import { runExperiments } from "./runners/run-loop.js";
import type { RunSummary } from "./runners/runner.js";
import { SimRunner } from "./runners/sim/sim-runner.js";

export interface PipelineOptions {
  /** Experiment ids (all when empty). */
  ids: readonly string[];
  /** Simulator worker threads. */
  jobs: number;
  /** Ignore cached points. */
  force?: boolean;
  /** Also hold the simulator's results against the accepted baseline. */
  drift?: boolean;
  figuresDir?: string;
}

export interface PipelineResult {
  run: RunSummary;
  /** The simulator's predictions of the hw sections (none when no experiment has one). */
  prediction?: RunSummary;
  evaluations: Evaluation[];
  figures: string[];
  report: string[];
  /** Whether the claims (and, with `drift`, the baseline) pass: the simulator's verdict. */
  verdict: GateResult;
}

export async function reproduceFigures(o: PipelineOptions): Promise<PipelineResult> {
  const figuresDir = o.figuresDir ?? FIGURES_DIR;
  const experiments = loadExperiments(o.ids);
  const run = await runSimulator(experiments, o);
  const prediction = await predictHardware(experiments, o);
  const evaluations = evaluateAll(experiments, ["sim", "hw", "predict"]);
  const figures = await renderFigures(evaluations, figuresDir);
  const report = writeReportFiles(experiments, evaluations, figuresDir);
  const simulated = evaluations.filter((e) => e.runner === "sim");
  const verdict = gate(simulated, { drift: o.drift ?? false });
  return {
    run,
    ...(prediction === undefined ? {} : { prediction }),
    evaluations,
    figures,
    report,
    verdict,
  };
}

/** Load stage: the manifests (validated, cross-checked); planning happens in the run loop, before any work. */
function loadExperiments(ids: readonly string[]): LoadedManifest[] {
  return selectManifests(ids);
}

/** Run stage: every simulator point not yet cached (hardware results are measured apart, `run --runner hw`). */
function runSimulator(
  experiments: readonly LoadedManifest[],
  o: PipelineOptions,
): Promise<RunSummary> {
  return runExperiments(
    new SimRunner({ jobs: o.jobs }),
    experiments,
    o.force ? { force: true } : {},
  );
}

/**
 * Predict stage: the simulator on every hw section's points with this
 * machine's measured cost profile (runners.hw.profile), sized as the hw
 * results were; the cross-validation claims compare it with them.
 */
function predictHardware(
  experiments: readonly LoadedManifest[],
  o: PipelineOptions,
): Promise<RunSummary | undefined> {
  const withHw = predictable(experiments);
  if (withHw.length === 0) return Promise.resolve(undefined);
  return runExperiments(
    SimRunner.predicting(withHw, o.jobs),
    withHw,
    o.force ? { force: true } : {},
  );
}
