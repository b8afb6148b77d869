/**
 * The drift gate of one experiment: its current runs and claim verdicts
 * against the accepted baseline. It fails on a value beyond its tolerance, a
 * missing or new point, a claim regression, or a baseline that is missing or
 * unreadable (accepting one is a deliberate act: `check --accept`).
 */
import type { ClaimResult } from "../claims/index.js";
import { readRunsCsv } from "../results/csv.js";
import { BaselineError, baselinePaths, readBaseline } from "./baseline.js";
import { compareRuns, type DriftRow, type DriftTolerances } from "./compare.js";
import { compareVerdicts, type VerdictComparison } from "./verdicts.js";

export interface ExperimentDrift {
  experiment: string;
  /** The accepted runs compared with, e.g. data/fig4/sim.baseline.csv. */
  baseline: string;
  /** Set when there is no usable baseline: what is wrong and what to do. */
  /** Missing baseline files, or files that are there but cannot be read. */
  problemKind?: "missing" | "unreadable";
  problem?: string;
  /** Every changed value, beyond tolerance or not, in run order. */
  rows: DriftRow[];
  verdicts: VerdictComparison;
  ok: boolean;
}

function emptyVerdicts(): VerdictComparison {
  return { regressions: [], fixed: [], other: [] };
}

export function experimentDrift(
  experiment: string,
  resultsCsv: string,
  tolerances: DriftTolerances,
  results: readonly ClaimResult[],
): ExperimentDrift {
  const paths = baselinePaths(resultsCsv);
  try {
    const baseline = readBaseline(paths);
    const rows = compareRuns(experiment, baseline.runs, readRunsCsv(resultsCsv), tolerances);
    const verdicts = compareVerdicts(experiment, baseline.verdicts, results);
    const ok = rows.every((r) => !r.beyondTolerance) && verdicts.regressions.length === 0;
    return { experiment, baseline: paths.runs, rows, verdicts, ok };
  } catch (error) {
    if (!(error instanceof BaselineError)) throw error;
    // A missing baseline is accepted after a review; an unreadable one is a
    // damaged file, restored from git — overwriting it would hide the damage.
    const fix =
      error.kind === "missing"
        ? `review the results, then run 'dispatch-repro check --accept ${experiment}'`
        : `restore it (git checkout -- ${paths.runs} ${paths.verdicts}); accept anew only after reviewing the results`;
    return {
      experiment,
      baseline: paths.runs,
      problemKind: error.kind,
      problem: `${error.kind === "missing" ? "" : "baseline unreadable: "}${error.message}: ${fix}`,
      rows: [],
      verdicts: emptyVerdicts(),
      ok: false,
    };
  }
}

export interface DriftSummary {
  ok: boolean;
  /** Values (and points) beyond tolerance. */
  beyondTolerance: number;
  withinTolerance: number;
  regressions: number;
  fixed: number;
  /** Experiments with a missing or unreadable baseline. */
  noBaseline: string[];
  /** Experiments with drift beyond tolerance. */
  drifted: string[];
}

export function summarizeDrift(drifts: readonly ExperimentDrift[]): DriftSummary {
  const rows = drifts.flatMap((d) => d.rows);
  const beyond = rows.filter((r) => r.beyondTolerance).length;
  return {
    ok: drifts.every((d) => d.ok),
    beyondTolerance: beyond,
    withinTolerance: rows.length - beyond,
    regressions: drifts.reduce((n, d) => n + d.verdicts.regressions.length, 0),
    fixed: drifts.reduce((n, d) => n + d.verdicts.fixed.length, 0),
    noBaseline: drifts.filter((d) => d.problem !== undefined).map((d) => d.experiment),
    drifted: drifts.filter((d) => d.rows.some((r) => r.beyondTolerance)).map((d) => d.experiment),
  };
}
