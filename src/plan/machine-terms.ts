/**
 * Sizes in the machine's own terms (manifest `runners.hw`): the hw runner's
 * probe (src/runners/hw/probe/) measures this machine, and these rules turn
 * `{ client_max: f }` into a request rate and `{ select_busy: b }` into a
 * descriptor count, so a hardware sweep tests the same regimes — "select's
 * knee inside the sweep", "select saturated below the lowest rate" — on a
 * fast or a slow host (docs/hw-sizing.md).
 */

/** What the probe measured on a machine (its raw numbers are kept beside it). */
export interface MachineTerms {
  /** Largest connection rate the clients reach (replies/s of an epoll server with no idle connections, offered far more). */
  clientMaxRate: number;
  /** The rate the select() costs were measured at (15 % of clientMaxRate, rounded). */
  probeRate: number;
  /** select() server CPU µs per reply at probeRate with no idle connections. */
  selectUsPerReply: number;
  /** Extra select() server CPU µs per reply for each idle descriptor, at probeRate. */
  selectUsPerIdlePerReply: number;
}

/** The probe's rate as a share of the clients' maximum: low enough that select() is measured below its knee. */
export const PROBE_RATE_SHARE = 0.15;

/** Rates and counts are rounded to this step: sizes read like a person chose them, and small probe noise does not move them. */
const SIZE_STEP = 100;

export class SizeError extends Error {
  override readonly name = "SizeError";
}

export type SizeTerm = number | { client_max: number } | { select_busy: number };

function roundToStep(value: number): number {
  return Math.max(SIZE_STEP, Math.round(value / SIZE_STEP) * SIZE_STEP);
}

/** The probe's rate on a machine whose clients reach `clientMaxRate`: PROBE_RATE_SHARE of it, rounded. */
export function probeRateOf(clientMaxRate: number): number {
  return roundToStep(PROBE_RATE_SHARE * clientMaxRate);
}

/** A rate in machine terms: `client_max` × the clients' maximum, rounded. */
export function rateOf(term: SizeTerm, terms: MachineTerms): number {
  if (typeof term === "number") return term;
  if ("client_max" in term) return roundToStep(term.client_max * terms.clientMaxRate);
  throw new SizeError("a rate is given as { client_max: fraction }, not select_busy");
}

/**
 * A descriptor count in machine terms: the N for which the select() server
 * would be `select_busy` busy at the probe rate, from the probe's straight
 * line u(N) = u₀ + s·N µs per reply: N = (b·10⁶/r − u₀)/s, rounded.
 */
export function descriptorsOf(term: SizeTerm, terms: MachineTerms): number {
  if (typeof term === "number") return term;
  if ("select_busy" in term) {
    const usPerReply = (term.select_busy * 1e6) / terms.probeRate;
    return roundToStep((usPerReply - terms.selectUsPerReply) / terms.selectUsPerIdlePerReply);
  }
  throw new SizeError(
    "a connection or idle count is given as { select_busy: share }, not client_max",
  );
}

/**
 * The terms as a server `factor` times faster per descriptor would give
 * (select's costs ÷ factor; the clients unchanged): `run --runner hw
 * --size-factor 1.5` measures the same manifests at ~1.5× the idle counts,
 * to show the claims' verdicts do not hang on one host's sizes.
 */
export function scaledTerms(terms: MachineTerms, factor: number): MachineTerms {
  return {
    ...terms,
    selectUsPerReply: terms.selectUsPerReply / factor,
    selectUsPerIdlePerReply: terms.selectUsPerIdlePerReply / factor,
  };
}

/**
 * The terms used where no machine is probed (manifest checks, `plan`, the
 * charts' axes before any hw data): the probe of the machine the committed
 * hw results come from (data/hw-probe.json, 2026-12-06), written here so a
 * manifest check never measures.
 */
export const REFERENCE_TERMS: MachineTerms = {
  clientMaxRate: 14534,
  probeRate: 2200,
  selectUsPerReply: 30.95,
  selectUsPerIdlePerReply: 0.2731,
};
