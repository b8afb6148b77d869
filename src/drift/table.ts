/**
 * Presenting drift: a space-aligned text table for the terminal and a
 * GitHub Markdown table for figures/drift.md (a pull-request comment), both
 * with the columns experiment, point, metric, baseline, now, change,
 * tolerance; and the claim verdicts that changed since the baseline.
 * Long tables are cut after `limit` rows with a count of the rest
 * (`check --json` has them all).
 */
import { VERDICT_WORDS } from "../claims/table.js";
import { escapeMarkdown } from "../markdown.js";
import { formatNumber } from "../results/number-format.js";
import type { DriftRow } from "./compare.js";
import type { DriftSummary, ExperimentDrift } from "./gate.js";
import type { VerdictChange } from "./verdicts.js";

export const DEFAULT_ROW_LIMIT = 50;

/** The columns of a drift table, in order: text, Markdown and the HTML report. */
export const DRIFT_COLUMNS = [
  "experiment",
  "point",
  "metric",
  "baseline",
  "now",
  "change",
  "tolerance",
] as const;
/** The columns of a verdict-change table, in order. */
export const VERDICT_COLUMNS = ["experiment", "claim", "baseline", "now", "why"] as const;

type Cells<C extends readonly string[]> = Record<C[number], string>;

function signed(text: string, value: number): string {
  return value > 0 ? `+${text}` : text;
}

function percent(rel: number): string {
  const p = rel * 100;
  const text = Math.abs(p) >= 100 ? p.toFixed(0) : String(Number(p.toPrecision(3)));
  return `${signed(text, p)}%`;
}

function valueText(value: number | null): string {
  return value === null ? "empty" : formatNumber(value);
}

/** "+0.4311 (+6.46%)"; "+5" from a baseline of 0; "—" when a side is empty. */
export function changeText(row: DriftRow): string {
  if (row.status === "missing") return "point missing";
  if (row.status === "new") return "new point";
  if (row.change === null) return "—";
  const abs = signed(formatNumber(row.change.abs), row.change.abs);
  return row.change.rel === null ? abs : `${abs} (${percent(row.change.rel)})`;
}

export function driftCells(row: DriftRow): Cells<typeof DRIFT_COLUMNS> {
  const present = row.status === "changed";
  return {
    experiment: row.experiment,
    point: row.point,
    metric: row.metric,
    baseline: present ? valueText(row.baseline) : row.status === "missing" ? "run" : "—",
    now: present ? valueText(row.now) : row.status === "new" ? "run" : "—",
    change: changeText(row),
    tolerance: row.tolerance,
  };
}

function verdictText(v: VerdictChange["baseline"]): string {
  return v === null ? "—" : VERDICT_WORDS[v];
}

export function verdictCells(
  change: VerdictChange,
  maxWhy = Number.POSITIVE_INFINITY,
): Cells<typeof VERDICT_COLUMNS> {
  const why = change.reason ?? (change.now === null ? "no longer evaluated" : "");
  return {
    experiment: change.experiment,
    claim: change.claim,
    baseline: verdictText(change.baseline),
    now: verdictText(change.now),
    why: why.length > maxWhy ? `${why.slice(0, maxWhy - 1)}…` : why,
  };
}

function textTable<C extends readonly string[]>(columns: C, rows: readonly Cells<C>[]): string[] {
  const widths = columns.map((c: C[number]) => Math.max(c.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [
    line(columns),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map((r) => line(columns.map((c: C[number]) => r[c]))),
  ];
}

function markdownTable<C extends readonly string[]>(
  columns: C,
  rows: readonly Cells<C>[],
): string[] {
  return [
    `| ${columns.join(" | ")} |`,
    `| ${columns.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${columns.map((c: C[number]) => escapeMarkdown(r[c])).join(" | ")} |`),
  ];
}

function moreLine(total: number, limit: number): string[] {
  return total > limit
    ? [`… and ${total - limit} more (dispatch-repro check --json lists them all)`]
    : [];
}

/** The drift rows as a text table, at most `limit` of them. */
export function formatDriftText(rows: readonly DriftRow[], limit = DEFAULT_ROW_LIMIT): string {
  const shown = rows.slice(0, limit).map(driftCells);
  return `${[...textTable(DRIFT_COLUMNS, shown), ...moreLine(rows.length, limit)].join("\n")}\n`;
}

/** The drift rows as a Markdown table, at most `limit` of them. */
export function formatDriftMarkdown(rows: readonly DriftRow[], limit = DEFAULT_ROW_LIMIT): string {
  const shown = rows.slice(0, limit).map(driftCells);
  const more = moreLine(rows.length, limit).map((l) => `\n_${escapeMarkdown(l)}_`);
  return `${[...markdownTable(DRIFT_COLUMNS, shown), ...more].join("\n")}\n`;
}

export function formatVerdictChangesText(changes: readonly VerdictChange[]): string {
  return `${textTable(
    VERDICT_COLUMNS,
    changes.map((c) => verdictCells(c, 100)),
  ).join("\n")}\n`;
}

export function formatVerdictChangesMarkdown(changes: readonly VerdictChange[]): string {
  return `${markdownTable(
    VERDICT_COLUMNS,
    changes.map((c) => verdictCells(c, 300)),
  ).join("\n")}\n`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** One line: what the gate found, ending in "→ FAILED" when it fails. */
export function driftSummaryLine(s: DriftSummary): string {
  const parts = [
    `drift: ${plural(s.beyondTolerance, "value")} beyond tolerance` +
      (s.drifted.length > 0 ? ` (${s.drifted.join(", ")})` : ""),
  ];
  if (s.withinTolerance > 0) parts.push(`${s.withinTolerance} within tolerance`);
  parts.push(`${plural(s.regressions, "claim regression")}`);
  if (s.fixed > 0) parts.push(`${plural(s.fixed, "claim")} fixed since the baseline`);
  if (s.noBaseline.length > 0) parts.push(`no usable baseline for ${s.noBaseline.join(", ")}`);
  return `${parts.join(", ")}${s.ok ? "" : "  → FAILED"}`;
}

interface Sections {
  problems: string[];
  rows: DriftRow[];
  regressions: VerdictChange[];
  fixed: VerdictChange[];
  other: VerdictChange[];
}

function sections(drifts: readonly ExperimentDrift[], allRows: boolean): Sections {
  return {
    problems: drifts.flatMap((d) =>
      d.problem
        ? [
            `${d.problemKind === "unreadable" ? "BASELINE UNREADABLE" : "NO BASELINE"} ${d.experiment}: ${d.problem}`,
          ]
        : [],
    ),
    rows: drifts.flatMap((d) => d.rows.filter((r) => allRows || r.beyondTolerance)),
    regressions: drifts.flatMap((d) => d.verdicts.regressions),
    fixed: drifts.flatMap((d) => d.verdicts.fixed),
    other: drifts.flatMap((d) => d.verdicts.other),
  };
}

export interface DriftReportOptions {
  /** Show changes within tolerance too (what --accept takes in); default: beyond only. */
  allRows?: boolean;
  limit?: number;
}

/** The gate's findings for the terminal: problems, drift table, verdict changes. */
export function formatDriftReportText(
  drifts: readonly ExperimentDrift[],
  options: DriftReportOptions = {},
): string {
  const s = sections(drifts, options.allRows ?? false);
  const blocks: string[] = [];
  if (s.problems.length > 0) blocks.push(s.problems.join("\n"));
  const block = (title: string, table: string) => blocks.push(`${title}\n${table.trimEnd()}`);
  if (s.rows.length > 0) {
    const what = options.allRows ? "changed since the baseline" : "beyond tolerance";
    block(`Values ${what}:`, formatDriftText(s.rows, options.limit));
  }
  if (s.regressions.length > 0)
    block("Claim regressions (passed in the baseline):", formatVerdictChangesText(s.regressions));
  if (s.fixed.length > 0) block("Fixed since the baseline:", formatVerdictChangesText(s.fixed));
  if (s.other.length > 0) block("Other verdict changes:", formatVerdictChangesText(s.other));
  return blocks.length === 0 ? "" : `${blocks.join("\n\n")}\n`;
}

/**
 * The "Drift against the accepted baseline" section of figures/drift.md:
 * a status line, the Markdown drift table and the verdict changes.
 */
export function formatDriftReportMarkdown(
  drifts: readonly ExperimentDrift[],
  summary: DriftSummary,
  limit = DEFAULT_ROW_LIMIT,
): string {
  const s = sections(drifts, false);
  const out = ["## Drift against the accepted baseline", ""];
  if (summary.ok && s.rows.length === 0) {
    out.push(
      "No drift: every value matches the accepted baseline (`data/<id>/sim.baseline.csv`) " +
        "within its tolerance, and no claim that passed there fails now.",
      "",
    );
  } else out.push(`**${escapeMarkdown(driftSummaryLine(summary))}**`, "");
  for (const p of s.problems) out.push(`- ${escapeMarkdown(p)}`);
  if (s.problems.length > 0) out.push("");
  if (s.rows.length > 0) out.push(formatDriftMarkdown(s.rows, limit));
  if (s.regressions.length > 0)
    out.push("### Claim regressions", "", formatVerdictChangesMarkdown(s.regressions));
  if (s.fixed.length > 0)
    out.push("### Fixed since the baseline", "", formatVerdictChangesMarkdown(s.fixed));
  if (s.other.length > 0)
    out.push("### Other verdict changes", "", formatVerdictChangesMarkdown(s.other));
  return `${out.join("\n").trimEnd()}\n`;
}
