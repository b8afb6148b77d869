/**
 * The claims of one experiment as HTML: a table (claim id, role, the paper's
 * source and quote, expected, measured, tolerance, verdict), the known
 * deviations with their reasons, and the validation, constrained and
 * calibration pass rates shown apart (only validation claims say how well the
 * model predicts; constrained claims follow from fitted constants or the
 * model's construction; calibration claims are what its constants were
 * fitted to).
 */
import type { ClaimResult, ClaimSummary, RoleCounts } from "../claims/index.js";
import { verdictLabel } from "../claims/index.js";
import { ROLES, type Role } from "../manifest/schema.js";
import { element, escapeHtml, htmlTable } from "./html.js";

export type VerdictClass = "pass" | "fail" | "nodata" | "dev";

const VERDICT_CLASSES: Record<ClaimResult["verdict"], VerdictClass> = {
  pass: "pass",
  fail: "fail",
  "no-data": "nodata",
  "not-reproduced": "dev",
};

export function verdictClass(verdict: ClaimResult["verdict"]): VerdictClass {
  return VERDICT_CLASSES[verdict];
}

function verdictCell(r: ClaimResult): string {
  return element(
    "span",
    { class: `verdict ${verdictClass(r.verdict)}` },
    escapeHtml(verdictLabel(r)),
  );
}

function sourceCell(r: ClaimResult): string {
  return `${escapeHtml(r.source.ref)}<br><q>${escapeHtml(r.source.quote)}</q>`;
}

function measuredCell(r: ClaimResult): string {
  const detail =
    (r.verdict === "fail" || r.verdict === "no-data") && r.detail !== undefined
      ? `<div class="detail">${escapeHtml(r.detail)}</div>`
      : "";
  return `${escapeHtml(r.measured)}${detail}`;
}

export const CLAIM_COLUMNS = [
  "claim",
  "role",
  "source",
  "expected",
  "measured",
  "tolerance",
  "verdict",
] as const;

function roleCell(r: ClaimResult): string {
  const role = element("span", { class: `role ${r.role}` }, escapeHtml(r.role));
  if (r.constrainedBy === undefined) return role;
  return `${role}<div class="detail">${escapeHtml(r.constrainedBy)}</div>`;
}

export function claimsTable(results: readonly ClaimResult[]): string {
  if (results.length === 0) return `<p class="muted">No claims apply to these results.</p>`;
  const rows = results.map((r) => [
    element("code", {}, escapeHtml(r.id)),
    roleCell(r),
    sourceCell(r),
    escapeHtml(r.expected),
    measuredCell(r),
    escapeHtml(r.tolerance),
    verdictCell(r),
  ]);
  return htmlTable(CLAIM_COLUMNS, rows, "claims");
}

/** Known deviations with their reasons; a fixed one asks for its known_deviation to go. */
export function knownDeviations(results: readonly ClaimResult[]): string {
  const items = results.flatMap((r) => {
    if (r.knownDeviation === undefined) return [];
    const state = r.deviationNowPasses
      ? `<span class="verdict pass">passes now</span>: remove its <code>known_deviation</code>. Reason given: `
      : "";
    return [`<li><code>${escapeHtml(r.id)}</code> — ${state}${escapeHtml(r.knownDeviation)}</li>`];
  });
  if (items.length === 0) return "";
  return `<div class="deviations"><h4>Known deviations (not reproduced, and why)</h4><ul>${items.join("")}</ul></div>`;
}

function percent(pass: number, total: number): string {
  return total === 0 ? "n/a" : `${Math.round((100 * pass) / total)}%`;
}

function roleCard(role: Role, c: RoleCounts, what: string): string {
  const parts = [
    `${c.fail} fail`,
    `${c.noData} no data`,
    `${c.notReproduced} known deviation${c.notReproduced === 1 ? "" : "s"}`,
  ];
  return (
    `<div class="rate ${role}" data-role="${role}">` +
    `<div class="rate-title">${role}</div>` +
    `<div class="rate-value">${percent(c.pass, c.total)}</div>` +
    `<div class="rate-count">${c.pass}/${c.total} pass · ${parts.join(" · ")}</div>` +
    `<div class="rate-what">${escapeHtml(what)}</div></div>`
  );
}

/** What each role's pass rate says, under its card. */
const ROLE_MEANINGS: Record<Role, string> = {
  validation: "predictions nothing fitted decides",
  constrained: "follow from fitted constants or the model's construction: consistency, not a match",
  calibration: "numbers the cost constants were fitted to",
  ablation: "the paper's claims under a rule variant that is not the model's default",
  outside: "predictions checked against another source than the paper, with no refit",
  "cross-validation":
    "the simulator with this machine's measured profile, predicting its hardware runs",
};

/**
 * The roles' pass rates, side by side but never added together. Validation
 * always has its card; another role without claims (e.g. on hardware, where
 * nothing is fitted) has none.
 */
export function passRates(summary: ClaimSummary): string {
  const cards = ROLES.filter((role) => role === "validation" || summary[role].total > 0).map(
    (role) => roleCard(role, summary[role], ROLE_MEANINGS[role]),
  );
  return `<div class="rates">${cards.join("")}</div>`;
}
