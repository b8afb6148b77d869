/**
 * The one interface both runners implement — the simulator of the 2001
 * testbed (sim/sim-runner.ts) and the hardware runner on this machine
 * (hw/hw-runner.ts) — and the shapes the one run loop (run-loop.ts) passes
 * them. The loop owns what is common: plan, dedupe, cache lookup, rows, CSV,
 * provenance. A runner owns what differs: which points it can run, how it
 * keys and caches them, how it runs the missing ones (a worker pool; one at
 * a time on a quiet CPU), and what its provenance records.
 */

import type { LoadedManifest } from "../manifest/discover.js";
import type { MachineTerms } from "../plan/machine-terms.js";
import type { PlannedPoint } from "../plan/points.js";
import type { HwFields, Metrics, PointSpec } from "../results/types.js";

/**
 * sim: the simulator on the paper's sweep; hw: this machine's hardware on a
 * manifest's hw section; predict: the simulator on the hw section's points
 * with this machine's measured cost profile (docs/cross-validation.md).
 */
export type RunnerId = "sim" | "hw" | "predict";

/** One experiment's planned points for one runner. */
export interface ExperimentPlan {
  loaded: LoadedManifest;
  points: PlannedPoint[];
}

/** What a run of one point yields: the CSV row's measured fields. */
export interface PointOutcome {
  metrics: Metrics;
  /** The hw runner's own columns (valid, invalid_reason, server_cpu_pct). */
  hw?: HwFields;
}

/** A point to run: its spec, the key it is deduplicated and stored under, and where it came from. */
export interface PointJob {
  key: string;
  spec: PointSpec;
  plan: ExperimentPlan;
  point: PlannedPoint;
}

/** What the loop tells a runner about the whole run before it executes the jobs. */
export interface RunContext {
  plans: readonly ExperimentPlan[];
  /** Every planned point's key, per plan, in plan order (for progress). */
  keysOf: (plan: ExperimentPlan) => string[];
  /** Keys of the points still to run. */
  pending: ReadonlySet<string>;
  reused: number;
}

export interface Runner {
  readonly id: RunnerId;
  /** Which of a manifest's setups the runner plans: the paper's sweep (sim) or the hw section; default its id. */
  readonly plansAs?: "sim" | "hw";
  /** Plan only the first seed (repetition) of each point: a deterministic prediction needs one. */
  readonly firstSeedOnly?: boolean;
  /** The hw runner's terms for sizes given in machine terms (the probe's); default: the reference machine's. */
  readonly machineTerms?: MachineTerms;
  /** Refuses, before any work, a plan it cannot run (throws a UsageError naming the file). */
  check(plans: readonly ExperimentPlan[]): void;
  /** The key a point is deduplicated and cached under within one run. */
  keyOf(plan: ExperimentPlan, spec: PointSpec): string;
  /** A finished earlier run of this point, or undefined. */
  cached(plan: ExperimentPlan, spec: PointSpec): PointOutcome | undefined;
  /**
   * Runs the jobs, calling `done` as each finishes (the runner caches it);
   * `dryRun` only says what it would do.
   */
  execute(
    jobs: readonly PointJob[],
    context: RunContext,
    done: (job: PointJob, outcome: PointOutcome) => void,
    options: { dryRun: boolean },
  ): Promise<void>;
  /** The runner version recorded with an experiment's results (sources, profile, machine). */
  versionFor(plan: ExperimentPlan): string;
  /** Runner-specific provenance for an experiment's .meta.json, if any. */
  provenanceDetails?(
    plan: ExperimentPlan,
    rows: readonly PointOutcome[],
  ): Record<string, unknown> | undefined;
  /** Called once the result files are written (e.g. to fail on runs that failed). */
  finish?(summary: RunSummary): void;
}

export interface RunSummary {
  runner: RunnerId;
  /** Points run now. */
  ran: number;
  /** Points reused from the cache. */
  reused: number;
  wallTimeS: number;
  /** Result CSVs written (unchanged ones are left as they are). */
  written: string[];
  /** Rows marked invalid (hw: valid = false) in the experiments' results, written or not. */
  invalid: number;
}
