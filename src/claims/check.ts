/**
 * The checker: every claim that applies to a runner, evaluated per covered
 * panel, combined by the claim's quantifier into one verdict.
 */
import type { Claim, ClaimKind } from "../manifest/schema.js";
import type { SeriesPoint } from "../results/types.js";
import { describeExpected, describeTolerance } from "./describe.js";
import { checkGapGrows, checkKind, checkOnsetOrder } from "./kinds/index.js";
import type { KindOutcome } from "./types.js";

export type Runner = "sim" | "hw" | "predict";
export type Role = Claim["role"];

/**
 * pass; fail; no-data: the data show no evidence either way (no points, a
 * ratio of two zeros, a server that served nothing) — it fails like `fail`
 * and is reported apart; not-reproduced: failed, but the manifest records why
 * an honest model cannot reproduce it (`known_deviation`), so it does not
 * fail CI. A known deviation does not turn no data into not-reproduced: the
 * verdict stays no-data, and only its CI effect is waived (see `blocksGate`).
 */
export type Verdict = "pass" | "fail" | "no-data" | "not-reproduced";

export const VERDICTS: readonly Verdict[] = ["pass", "fail", "no-data", "not-reproduced"];

export interface PanelOutcome extends KindOutcome {
  panel: string;
}

export interface ClaimResult {
  id: string;
  kind: ClaimKind;
  role: Role;
  source: { ref: string; quote: string };
  expected: string;
  measured: string;
  tolerance: string;
  verdict: Verdict;
  detail?: string;
  /** The manifest's reason the claim is not expected to reproduce, if any. */
  knownDeviation?: string;
  /** With role constrained: the calibration group or construction that decides it. */
  constrainedBy?: string;
  /** A known deviation that passes now: the debt is paid, drop `known_deviation`. */
  deviationNowPasses: boolean;
  panels: PanelOutcome[];
}

/** Panels in order of first appearance in the points. */
function panelsIn(points: readonly SeriesPoint[]): string[] {
  return [...new Set(points.map((p) => p.panel))];
}

function checkPanel(claim: Claim, points: readonly SeriesPoint[], panel: string): PanelOutcome {
  const inPanel = points.filter((p) => p.panel === panel);
  if (inPanel.length === 0) {
    return {
      panel,
      pass: false,
      measured: "no data",
      detail: `no data for panel ${panel}`,
      noData: true,
    };
  }
  return { panel, ...checkKind(claim, inPanel) };
}

/** Per-panel strings joined as "a: … ; b: …" (unprefixed when there is one panel). */
function joinPanels(
  outcomes: readonly PanelOutcome[],
  text: (o: PanelOutcome) => string | undefined,
): string | undefined {
  const labelled = outcomes.length > 1;
  const parts = outcomes.flatMap((o) => {
    const t = text(o);
    return t === undefined ? [] : [labelled ? `${o.panel}: ${t}` : t];
  });
  return parts.length > 0 ? parts.join(" ; ") : undefined;
}

/**
 * A condition of the claim that spans panels, checked on all points, or
 * undefined: knee_order's `gap_grows` (the knee gap in panel q ≥ in panel p),
 * onset_order's order of onsets over its panels. It must hold in addition to
 * the per-panel outcomes, whatever the quantifier.
 */
function checkAcrossPanels(claim: Claim, points: readonly SeriesPoint[]): KindOutcome | undefined {
  if (claim.kind === "knee_order") return checkGapGrows(claim, points);
  if (claim.kind === "onset_order") return checkOnsetOrder(claim, points);
  return undefined;
}

/**
 * The series a claim reads: the default ones; with `variant`, each named
 * rule-variant series in place of its mechanism's default one (so a claim
 * written for the paper reads unchanged under the variant).
 */
export function seriesOfClaim(claim: Claim, all: readonly SeriesPoint[]): SeriesPoint[] {
  // A prediction claim reads the measured series and the predicted ones (variant "model").
  if (claim.kind === "predicts") return [...all];
  const defaults = all.filter((p) => p.variant === undefined);
  if (claim.variant === undefined) return defaults;
  const ids: readonly string[] =
    typeof claim.variant === "string" ? [claim.variant] : claim.variant;
  const variant = all
    .filter((p) => p.variant !== undefined && ids.includes(p.variant))
    .map(({ variant: _series, ...point }) => point);
  const replaced = new Set(variant.map((p) => p.mechanism));
  return [...defaults.filter((p) => !replaced.has(p.mechanism)), ...variant];
}

/** Checks one claim against all points of its experiment. */
export function checkClaim(claim: Claim, all: readonly SeriesPoint[]): ClaimResult {
  const points = seriesOfClaim(claim, all);
  const panels = claim.panels ?? panelsIn(points);
  const outcomes = panels.map((panel) => checkPanel(claim, points, panel));
  const across = checkAcrossPanels(claim, points);
  const passing = outcomes.filter((o) => o.pass);
  // Missing data fails the claim whatever the quantifier: "any" must not hide a broken run.
  const missing =
    outcomes.length === 0 || outcomes.some((o) => o.noData) || across?.noData === true;
  const held =
    outcomes.length > 0 &&
    !missing &&
    (across === undefined || across.pass) &&
    (claim.quantifier === "all" ? passing.length === outcomes.length : passing.length > 0);

  const notes: string[] = [];
  if (outcomes.length === 0) notes.push("no data: no panels in the results");
  const panelDetail = joinPanels(outcomes, (o) => o.detail);
  if (panelDetail !== undefined) notes.push(panelDetail);
  if (across?.detail !== undefined) notes.push(across.detail);
  if (held && claim.quantifier === "any" && outcomes.length > 1) {
    notes.push(`holds in ${passing.map((o) => o.panel).join(", ")}`);
  }
  const perPanel = joinPanels(outcomes, (o) => o.measured) ?? "no data";
  const measured = across === undefined ? perPanel : `${perPanel} ; ${across.measured}`;

  const result: ClaimResult = {
    id: claim.id,
    kind: claim.kind,
    role: claim.role,
    source: { ref: claim.source.ref, quote: claim.source.quote },
    expected: describeExpected(claim),
    measured,
    tolerance: describeTolerance(claim),
    verdict: held
      ? "pass"
      : missing
        ? "no-data"
        : claim.known_deviation !== undefined
          ? "not-reproduced"
          : "fail",
    deviationNowPasses: held && claim.known_deviation !== undefined,
    panels: outcomes,
  };
  if (notes.length > 0) result.detail = notes.join(" — ");
  if (claim.known_deviation !== undefined) result.knownDeviation = claim.known_deviation;
  if (claim.constrained_by !== undefined) result.constrainedBy = claim.constrained_by;
  return result;
}

/** One result per claim that applies to `runner`, in manifest order. */
export function checkClaims(
  claims: readonly Claim[],
  points: readonly SeriesPoint[],
  runner: Runner,
): ClaimResult[] {
  return claims.filter((c) => c.runners.includes(runner)).map((c) => checkClaim(c, points));
}

export interface RoleCounts {
  total: number;
  pass: number;
  fail: number;
  noData: number;
  notReproduced: number;
}

export interface ClaimSummary {
  /** Claims nothing fitted decides: the only ones in the headline pass rate. */
  validation: RoleCounts;
  /** Claims that fitted constants or the model's construction decide (constrained_by). */
  constrained: RoleCounts;
  /** Claims the cost constants were fitted to. */
  calibration: RoleCounts;
  /** Paper claims checked under a rule variant (ablations): information, never a CI failure. */
  ablation: RoleCounts;
  /** Validation against a source other than the paper, with no refit. */
  outside: RoleCounts;
  /** The simulator's predictions of this machine's hardware against its measurements. */
  "cross-validation": RoleCounts;
  /** Known deviations that pass now (debt paid). */
  deviationsNowPassing: number;
  /** Validation passes / validation claims; null when there are no validation claims. */
  validationPassRate: number | null;
  /** Whether nothing failed (not-reproduced does not count): the CI gate. */
  ok: boolean;
}

/**
 * Whether a result fails CI: a failed claim, or no data — unless the claim
 * is a known deviation, whose reason the report shows instead.
 */
export function blocksGate(result: ClaimResult): boolean {
  // An ablation shows what a rule variant does to the paper's claims; it fails by design.
  if (result.role === "ablation") return result.verdict === "no-data";
  if (result.verdict === "fail") return true;
  return result.verdict === "no-data" && result.knownDeviation === undefined;
}

function countRole(results: readonly ClaimResult[], role: Role): RoleCounts {
  const ofRole = results.filter((r) => r.role === role);
  const count = (verdict: Verdict) => ofRole.filter((r) => r.verdict === verdict).length;
  return {
    total: ofRole.length,
    pass: count("pass"),
    fail: count("fail"),
    noData: count("no-data"),
    notReproduced: count("not-reproduced"),
  };
}

export function summarize(results: readonly ClaimResult[]): ClaimSummary {
  const validation = countRole(results, "validation");
  return {
    validation,
    constrained: countRole(results, "constrained"),
    calibration: countRole(results, "calibration"),
    ablation: countRole(results, "ablation"),
    outside: countRole(results, "outside"),
    "cross-validation": countRole(results, "cross-validation"),
    deviationsNowPassing: results.filter((r) => r.deviationNowPasses).length,
    validationPassRate: validation.total === 0 ? null : validation.pass / validation.total,
    ok: !results.some(blocksGate),
  };
}
