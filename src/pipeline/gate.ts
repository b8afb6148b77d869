/**
 * The gate stage: one verdict line per experiment, the claim counts of the
 * roles apart, and (sim) the drift against the accepted baseline —
 * whether the run passes: no failed claim, no claim without data (unless a
 * known deviation), no value drifted beyond tolerance, no claim regressed.
 */
import {
  blocksGate,
  type ClaimSummary,
  rolePassCounts,
  summarize,
  summaryLine,
} from "../claims/index.js";
import { type ExperimentDrift, experimentDrift } from "../drift/index.js";
import type { Evaluation } from "./evaluate.js";

/** The drift of one evaluated experiment against its accepted baseline (sim). */
export function driftOf(e: Evaluation): ExperimentDrift {
  return experimentDrift(e.manifest.id, e.csvPath, e.manifest.drift?.tolerance ?? {}, e.claims);
}

function driftNote(d: ExperimentDrift): string {
  if (d.problem !== undefined) return `; ${d.problem.split("\n")[0]}`;
  const beyond = d.rows.filter((r) => r.beyondTolerance).length;
  const parts: string[] = [];
  if (beyond > 0) parts.push(`${beyond} value(s) drifted`);
  if (d.verdicts.regressions.length > 0)
    parts.push(`regressed: ${d.verdicts.regressions.map((r) => r.claim).join(", ")}`);
  return parts.length > 0 ? `; ${parts.join("; ")}` : "";
}

/** "fig6     PASS  validation 11/13, constrained 1/1, calibration 1/1 pass; 2 known deviation(s)". */
export function verdictLine(e: Evaluation, drift?: ExperimentDrift): string {
  const roles = rolePassCounts(summarize(e.claims));
  const deviations = e.claims.filter((r) => r.verdict === "not-reproduced").length;
  const failed = e.claims
    .filter((r) => r.verdict === "fail" && r.role !== "ablation")
    .map((r) => r.id);
  // Under a rule variant a paper claim may fail by design: listed, never a FAIL.
  const variantFails = e.claims
    .filter((r) => r.verdict === "fail" && r.role === "ablation")
    .map((r) => r.id);
  const noData = e.claims.filter((r) => r.verdict === "no-data").map((r) => r.id);
  const blocked = e.claims.some(blocksGate);
  const verdict = blocked || (drift !== undefined && !drift.ok) ? "FAIL" : "PASS";
  // An experiment may ask its question of another runner only (e.g. a prediction's).
  const counts = roles === "" ? "no claims for this runner" : `${roles} pass`;
  return (
    `${e.manifest.id.padEnd(8)} ${verdict}  ${counts}` +
    (deviations > 0 ? `; ${deviations} known deviation(s)` : "") +
    (failed.length > 0 ? `; failing: ${failed.join(", ")}` : "") +
    (variantFails.length > 0 ? `; not holding: ${variantFails.join(", ")}` : "") +
    (noData.length > 0 ? `; no data: ${noData.join(", ")}` : "") +
    (drift === undefined ? "" : driftNote(drift))
  );
}

/** The one-line verdict of `check --brief` and `figures`: the three roles apart. */
export function briefSummaryLine(s: ClaimSummary): string {
  return `claims: ${summaryLine(s)}${s.ok ? "" : "  → FAILED"}`;
}

export interface GateResult {
  ok: boolean;
  summary: ClaimSummary;
  /** Per experiment, when the drift gate was asked for (sim only). */
  drifts?: ExperimentDrift[];
  lines: string[];
}

/** Verdict lines and the pass/fail of a set of evaluations of one runner. */
export function gate(evaluations: readonly Evaluation[], o: { drift: boolean }): GateResult {
  const drifts = o.drift ? evaluations.map(driftOf) : undefined;
  const summary = summarize(evaluations.flatMap((e) => e.claims));
  const lines = evaluations.map((e, i) => verdictLine(e, drifts?.[i]));
  lines.push(briefSummaryLine(summary));
  const driftOk = drifts?.every((d) => d.ok) ?? true;
  const result: GateResult = { ok: summary.ok && driftOk, summary, lines };
  if (drifts !== undefined) result.drifts = drifts;
  return result;
}
