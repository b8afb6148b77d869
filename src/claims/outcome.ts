/**
 * Turning missing data into explicit failures, and merging the outcomes of
 * several series (or pairs of series) into one outcome for a panel.
 */
import type { KindOutcome } from "./types.js";

/** Thrown by the series helpers when a point, metric or parameter is missing. */
export class NoDataError extends Error {
  override name = "NoDataError";
}

/** Runs a check; missing data becomes a failed outcome that says what is missing. */
export function guardNoData(check: () => KindOutcome): KindOutcome {
  try {
    return check();
  } catch (error) {
    if (error instanceof NoDataError) {
      return { pass: false, measured: "no data", detail: error.message, noData: true };
    }
    throw error;
  }
}

/** A failed outcome for a claim that cannot be checked as written (e.g. no bounds given). */
export function malformed(reason: string): KindOutcome {
  return { pass: false, measured: "not checkable", detail: reason };
}

/**
 * Checks every named part (a series, or a pair of series) and requires all to
 * pass. A part's missing data fails only that part, so the others are still
 * reported. With one part its outcome is returned unlabelled.
 */
export function combineParts<Name extends string>(
  names: readonly Name[],
  checkPart: (name: Name) => KindOutcome,
): KindOutcome {
  if (names.length === 0) return malformed("the claim names no series");
  const parts = names.map((name) => ({ name, outcome: guardNoData(() => checkPart(name)) }));
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only) return only.outcome;
  const details = parts
    .filter((p) => p.outcome.detail !== undefined)
    .map((p) => `${p.name}: ${p.outcome.detail}`);
  const combined: KindOutcome = {
    pass: parts.every((p) => p.outcome.pass),
    measured: parts.map((p) => `${p.name}: ${p.outcome.measured}`).join(", "),
  };
  if (details.length > 0) combined.detail = details.join("; ");
  if (parts.some((p) => p.outcome.noData)) combined.noData = true;
  return combined;
}
