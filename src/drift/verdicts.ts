/**
 * Claim verdicts against the accepted ones (`data/<id>/sim.verdicts.json`).
 * A known deviation does not fail CI, but "a claim that passed before and
 * fails now fails CI" (docs/design.md, "Claims"): a claim whose accepted
 * verdict is pass and whose verdict now is anything else is a regression,
 * known deviation or not. Claims fixed since the baseline are information.
 */
import { type ClaimResult, VERDICTS, type Verdict } from "../claims/index.js";

export { VERDICTS };

/** Claim id → verdict, as stored in the baseline. */
export type VerdictMap = Readonly<Record<string, Verdict>>;

export interface VerdictChange {
  experiment: string;
  claim: string;
  /** null: the claim is not in the baseline (new) or not evaluated now (removed). */
  baseline: Verdict | null;
  now: Verdict | null;
  /** Why it does not pass now: the checker's detail or the known deviation's reason. */
  reason?: string;
}

export interface VerdictComparison {
  /** Passed in the baseline, does not pass now: fails the gate. */
  regressions: VerdictChange[];
  /** Did not pass in the baseline, passes now. */
  fixed: VerdictChange[];
  /** Any other change: new claims, removed claims, fail ↔ not-reproduced. */
  other: VerdictChange[];
}

/** The verdict map to store for a set of results (manifest order). */
export function verdictsOf(results: readonly ClaimResult[]): Record<string, Verdict> {
  return Object.fromEntries(results.map((r) => [r.id, r.verdict]));
}

function reasonOf(result: ClaimResult): string | undefined {
  if (result.verdict === "pass") return undefined;
  return result.detail ?? result.knownDeviation ?? result.measured;
}

export function compareVerdicts(
  experiment: string,
  baseline: VerdictMap,
  now: readonly ClaimResult[],
): VerdictComparison {
  const out: VerdictComparison = { regressions: [], fixed: [], other: [] };
  const seen = new Set<string>();
  for (const result of now) {
    seen.add(result.id);
    const before = Object.hasOwn(baseline, result.id) ? (baseline[result.id] ?? null) : null;
    if (before === result.verdict) continue;
    const change: VerdictChange = {
      experiment,
      claim: result.id,
      baseline: before,
      now: result.verdict,
    };
    const reason = reasonOf(result);
    if (reason !== undefined) change.reason = reason;
    if (before === "pass") out.regressions.push(change);
    else if (result.verdict === "pass" && before !== null) out.fixed.push(change);
    else out.other.push(change);
  }
  for (const [claim, before] of Object.entries(baseline)) {
    if (!seen.has(claim)) out.other.push({ experiment, claim, baseline: before, now: null });
  }
  return out;
}
