/**
 * Presenting claim results: a plain-text table for the terminal, a Markdown
 * table for reports (drift.md), and a JSON-able shape for `check --json`.
 */

import { ROLES } from "../manifest/schema.js";
import { escapeMarkdown } from "../markdown.js";
import { type ClaimResult, type ClaimSummary, type RoleCounts, summarize } from "./check.js";
import { fmtPct } from "./format.js";

const COLUMNS = [
  "claim",
  "source",
  "expected",
  "measured",
  "tolerance",
  "verdict",
  "role",
] as const;
type Column = (typeof COLUMNS)[number];
export type ClaimRow = Record<Column, string>;

/** The words for a verdict, in every report (claims tables, Table 1). */
export const VERDICT_WORDS: Record<ClaimResult["verdict"], string> = {
  pass: "PASS",
  fail: "FAIL",
  "no-data": "NO DATA",
  "not-reproduced": "NOT REPRODUCED",
};

export function verdictLabel(result: ClaimResult): string {
  if (result.deviationNowPasses) return "PASS (deviation fixed)";
  if (result.verdict === "no-data" && result.knownDeviation !== undefined) {
    return "NO DATA (known deviation)";
  }
  return VERDICT_WORDS[result.verdict];
}

export function toRow(result: ClaimResult): ClaimRow {
  return {
    claim: result.id,
    source: result.source.ref,
    expected: result.expected,
    measured: result.measured,
    tolerance: result.tolerance,
    verdict: verdictLabel(result),
    role: result.role,
  };
}

/** Lines under the table: why things failed, which deviations are known, which are fixed. */
function notes(results: readonly ClaimResult[]): string[] {
  return results.flatMap((r) => {
    if (r.verdict === "fail") return [`FAIL ${r.id}: ${r.detail ?? r.measured}`];
    if (r.verdict === "no-data") {
      const known = r.knownDeviation === undefined ? "" : ` (known deviation: ${r.knownDeviation})`;
      return [`NO DATA ${r.id}: ${r.detail ?? r.measured}${known}`];
    }
    if (r.verdict === "not-reproduced") return [`NOT REPRODUCED ${r.id}: ${r.knownDeviation}`];
    if (r.deviationNowPasses) {
      return [`DEVIATION FIXED ${r.id}: passes now; remove its known_deviation`];
    }
    return [];
  });
}

/** "validation 11/13, constrained 1/1": each role that has claims, in ROLES order. */
export function rolePassCounts(summary: ClaimSummary): string {
  return ROLES.filter((role) => summary[role].total > 0)
    .map((role) => `${role} ${summary[role].pass}/${summary[role].total}`)
    .join(", ");
}

/** "12/14 pass, 1 fail, 1 no data, 0 not reproduced" for one role. */
export function roleCountsText(c: RoleCounts): string {
  return `${c.pass}/${c.total} pass, ${c.fail} fail, ${c.noData} no data, ${c.notReproduced} not reproduced`;
}

/**
 * The three roles apart, validation first: only validation claims are
 * evidence the model matches the paper, so only they make the pass rate.
 */
export function summaryLine(summary: ClaimSummary): string {
  const rate = summary.validationPassRate === null ? "n/a" : fmtPct(summary.validationPassRate);
  const parts = [
    `validation ${roleCountsText(summary.validation)} (pass rate ${rate})`,
    `constrained by the fit or by construction ${roleCountsText(summary.constrained)}`,
    `calibration ${roleCountsText(summary.calibration)}`,
  ];
  if (summary.outside.total > 0) {
    parts.push(`outside sources ${roleCountsText(summary.outside)}`);
  }
  if (summary.ablation.total > 0) {
    parts.push(`ablation (rule variants) ${roleCountsText(summary.ablation)}`);
  }
  if (summary["cross-validation"].total > 0) {
    parts.push(
      `cross-validation (the simulator predicting this machine) ${roleCountsText(summary["cross-validation"])}`,
    );
  }
  return parts.join("; ");
}

export interface TextOptions {
  /** Cut cells longer than this with "…" (e.g. to fit a terminal); default: no limit. */
  maxCellWidth?: number;
}

function clip(cell: string, max: number | undefined): string {
  return max === undefined || cell.length <= max ? cell : `${cell.slice(0, Math.max(0, max - 1))}…`;
}

function clipRow(row: ClaimRow, max: number | undefined): ClaimRow {
  const clipped = { ...row };
  for (const column of COLUMNS) clipped[column] = clip(row[column], max);
  return clipped;
}

/** A space-aligned table with a rule under the header, then notes and a summary line. */
export function formatText(results: readonly ClaimResult[], options: TextOptions = {}): string {
  const rows = results.map((result) => clipRow(toRow(result), options.maxCellWidth));
  const widths = COLUMNS.map((col) => Math.max(col.length, ...rows.map((row) => row[col].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  const out = [
    line(COLUMNS),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map((row) => line(COLUMNS.map((col) => row[col]))),
  ];
  const extra = notes(results);
  if (extra.length > 0) out.push("", ...extra);
  out.push("", summaryLine(summarize(results)));
  return `${out.join("\n")}\n`;
}

/** A GitHub-flavoured Markdown table; the source cell carries the paper's quote. */
export function formatMarkdown(results: readonly ClaimResult[]): string {
  const out = [`| ${COLUMNS.join(" | ")} |`, `| ${COLUMNS.map(() => "---").join(" | ")} |`];
  for (const result of results) {
    // Escape the text, then add this table's own markup (code ids, bold verdicts).
    const row = toRow(result);
    row.source = `${result.source.ref} — “${result.source.quote}”`;
    if (result.constrainedBy !== undefined) row.role = `${row.role} (${result.constrainedBy})`;
    const cells = Object.fromEntries(
      COLUMNS.map((col) => [col, escapeMarkdown(row[col])]),
    ) as ClaimRow;
    cells.claim = `\`${result.id}\``;
    if (result.verdict !== "pass") cells.verdict = `**${cells.verdict}**`;
    out.push(`| ${COLUMNS.map((col) => cells[col]).join(" | ")} |`);
  }
  const extra = notes(results);
  if (extra.length > 0) out.push("", ...extra.map((n) => `- ${escapeMarkdown(n)}`));
  out.push("", summaryLine(summarize(results)));
  return `${out.join("\n")}\n`;
}

export interface ClaimReport {
  summary: ClaimSummary;
  claims: ClaimResult[];
}

/** Plain data (strings, numbers, booleans, arrays, objects) for JSON.stringify. */
export function toReport(results: readonly ClaimResult[]): ClaimReport {
  return { summary: summarize(results), claims: results.map((r) => structuredClone(r)) };
}
