/**
 * The accepted baseline of one experiment, committed beside its results:
 * `data/<id>/sim.baseline.csv` (the runs, same format as `sim.csv`) and
 * `data/<id>/sim.verdicts.json` (claim id → accepted verdict). Only
 * `check --accept` writes them, atomically.
 */
import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { type ClaimResult, VERDICTS, type Verdict } from "../claims/index.js";
import { writeFileAtomic } from "../results/atomic-write.js";
import { RunsCsvError, readRunsCsv } from "../results/csv.js";
import type { RunRow } from "../results/types.js";
import { type VerdictMap, verdictsOf } from "./verdicts.js";

export interface BaselinePaths {
  /** The current results, e.g. data/fig4/sim.csv. */
  results: string;
  /** data/fig4/sim.baseline.csv */
  runs: string;
  /** data/fig4/sim.verdicts.json */
  verdicts: string;
}

/** The baseline files that belong to a results file `data/<id>/<runner>.csv`. */
export function baselinePaths(resultsCsv: string): BaselinePaths {
  const stem = resultsCsv.replace(/\.csv$/, "");
  return { results: resultsCsv, runs: `${stem}.baseline.csv`, verdicts: `${stem}.verdicts.json` };
}

export interface Baseline {
  runs: RunRow[];
  verdicts: VerdictMap;
}

/** Why a baseline cannot be used: it is missing, or it is there and unreadable. */
export class BaselineError extends Error {
  override readonly name = "BaselineError";
  constructor(
    message: string,
    readonly kind: "missing" | "unreadable" = "unreadable",
  ) {
    super(message);
  }
}

const StoredVerdicts = z.record(z.string(), z.enum(VERDICTS));

function readVerdicts(path: string): VerdictMap {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new BaselineError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = StoredVerdicts.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "(root)";
    throw new BaselineError(
      `${path}: ${where}: ${issue?.message ?? "invalid"}; expected {claimId: verdict}`,
    );
  }
  return parsed.data as Record<string, Verdict>;
}

export function readBaseline(paths: BaselinePaths): Baseline {
  const absent = [paths.runs, paths.verdicts].filter((p) => !existsSync(p));
  if (absent.length > 0) {
    throw new BaselineError(`no accepted baseline (${absent.join(", ")})`, "missing");
  }
  let runs: RunRow[];
  try {
    runs = readRunsCsv(paths.runs);
  } catch (error) {
    if (error instanceof RunsCsvError) throw new BaselineError(error.problems[0] ?? paths.runs);
    throw new BaselineError(
      `${paths.runs}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return { runs, verdicts: readVerdicts(paths.verdicts) };
}

/** Text of the verdicts file: one claim per line, in manifest order. */
export function formatVerdicts(results: readonly ClaimResult[]): string {
  return `${JSON.stringify(verdictsOf(results), null, 2)}\n`;
}

/**
 * Accepts the current results: sim.csv is copied byte for byte to
 * sim.baseline.csv, the verdicts are written beside it. Each file is
 * replaced atomically.
 */
export function writeBaseline(paths: BaselinePaths, results: readonly ClaimResult[]): void {
  writeFileAtomic(paths.runs, readFileSync(paths.results));
  writeFileAtomic(paths.verdicts, formatVerdicts(results));
}
