/**
 * The drift gate's findings as HTML: the summary line, a status per
 * experiment, the values beyond tolerance (the same cells as `check` and
 * figures/drift.md) and the claim verdicts that changed since the baseline.
 */

import type { DriftSummary, ExperimentDrift, VerdictChange } from "../drift/index.js";
import {
  DEFAULT_ROW_LIMIT,
  DRIFT_COLUMNS,
  driftCells,
  driftSummaryLine,
  VERDICT_COLUMNS,
  verdictCells,
} from "../drift/index.js";
import { element, escapeHtml, htmlTable } from "./html.js";

function statusOf(d: ExperimentDrift): string {
  if (d.problem !== undefined)
    return `<span class="verdict fail">${d.problemKind === "unreadable" ? "baseline unreadable" : "no baseline"}</span> ${escapeHtml(d.problem)}`;
  const beyond = d.rows.filter((r) => r.beyondTolerance).length;
  const within = d.rows.length - beyond;
  const parts: string[] = [];
  if (beyond > 0) parts.push(`${beyond} value(s) beyond tolerance`);
  if (within > 0) parts.push(`${within} within tolerance`);
  if (d.verdicts.regressions.length > 0)
    parts.push(`regressed: ${d.verdicts.regressions.map((r) => r.claim).join(", ")}`);
  if (d.verdicts.fixed.length > 0)
    parts.push(`fixed: ${d.verdicts.fixed.map((r) => r.claim).join(", ")}`);
  const word = d.ok
    ? `<span class="verdict pass">${parts.length === 0 ? "unchanged" : "ok"}</span>`
    : `<span class="verdict fail">drifted</span>`;
  return parts.length === 0 ? word : `${word} ${escapeHtml(parts.join("; "))}`;
}

function changesTable(title: string, changes: readonly VerdictChange[]): string {
  if (changes.length === 0) return "";
  const rows = changes.map((c) => {
    const cells = verdictCells(c);
    return VERDICT_COLUMNS.map((col) =>
      col === "claim" ? element("code", {}, escapeHtml(cells[col])) : escapeHtml(cells[col]),
    );
  });
  return `<h3>${escapeHtml(title)}</h3>${htmlTable(VERDICT_COLUMNS, rows)}`;
}

export function driftHtml(
  drifts: readonly ExperimentDrift[],
  summary: DriftSummary,
  limit = DEFAULT_ROW_LIMIT,
): string {
  if (drifts.length === 0) return `<p class="muted">No drift comparison (no sim results).</p>`;
  const line = element(
    "p",
    { class: summary.ok ? "summary ok" : "summary failed" },
    escapeHtml(driftSummaryLine(summary)),
  );
  const perExperiment = htmlTable(
    ["experiment", "baseline", "status"],
    drifts.map((d) => [
      element("a", { href: `#${d.experiment}` }, escapeHtml(d.experiment)),
      element("code", {}, escapeHtml(d.baseline)),
      statusOf(d),
    ]),
    "drift-status",
  );
  const rows = drifts.flatMap((d) => d.rows.filter((r) => r.beyondTolerance));
  const valueTable =
    rows.length === 0
      ? ""
      : `<h3>Values beyond tolerance</h3>${htmlTable(
          DRIFT_COLUMNS,
          rows.slice(0, limit).map((r) => {
            const cells = driftCells(r);
            return DRIFT_COLUMNS.map((c) => escapeHtml(cells[c]));
          }),
          "drift-rows",
        )}${rows.length > limit ? `<p class="muted">… and ${rows.length - limit} more (<code>dispatch-repro check --json</code> lists them all)</p>` : ""}`;
  const changes = [
    changesTable(
      "Claim regressions (passed in the baseline)",
      drifts.flatMap((d) => d.verdicts.regressions),
    ),
    changesTable(
      "Fixed since the baseline",
      drifts.flatMap((d) => d.verdicts.fixed),
    ),
    changesTable(
      "Other verdict changes",
      drifts.flatMap((d) => d.verdicts.other),
    ),
  ].join("");
  return `${line}${perExperiment}${valueTable}${changes}`;
}
