/**
 * A manifest's table (Table 1) as HTML, laid out like the paper and like
 * figures/<id>-table.md: one line per x, a column group per panel with
 * "paper / reproduced" cells and the verdict of the claims covering the row.
 */
import type { Table } from "../manifest/schema.js";
import type { RunnerId } from "../render/published-overlay.js";
import {
  formatEstimate,
  formatMetricValue,
  formatValue,
  MISSING,
} from "../render/table/number-text.js";
import type { TableCell, TableRow } from "../render/table/table-rows.js";
import { verdictText } from "../render/table/verdict-text.js";
import { wideTable } from "../render/table/wide-layout.js";
import { verdictClass } from "./claims-html.js";
import { escapeHtml } from "./html.js";

function pairCell(cell: TableCell | undefined): string {
  if (cell === undefined) return `<td class="num">${MISSING} / ${MISSING}</td>`;
  const reproduced = formatEstimate(cell.metric, cell.reproduced);
  const interval =
    reproduced.interval === undefined
      ? ""
      : ` <span class="interval">[${escapeHtml(reproduced.interval)}]</span>`;
  const paper = escapeHtml(formatMetricValue(cell.metric, cell.published));
  return `<td class="num"><span class="paper">${paper}</span> / <b>${escapeHtml(reproduced.mean)}</b>${interval}</td>`;
}

function verdictCell(row: TableRow | undefined): string {
  const verdict = row?.verdict;
  const cls = verdict === undefined ? "" : ` class="verdict ${verdictClass(verdict)}"`;
  const claims =
    row && row.claims.length > 0 ? ` title="${escapeHtml(row.claims.join(", "))}"` : "";
  return `<td${claims}><span${cls}>${escapeHtml(verdictText(verdict))}</span></td>`;
}

export function tableHtml(table: Table, rows: readonly TableRow[], runner: RunnerId): string {
  const { groups, lines } = wideTable(rows);
  const span = table.columns.length + 1;
  const top = groups.map((g) => `<th colspan="${span}">${escapeHtml(g.title)}</th>`).join("");
  const columnHeads = table.columns
    .map((c) => `<th>${escapeHtml(c.title)}<br><small>paper / reproduced</small></th>`)
    .join("");
  const sub = groups.map(() => `${columnHeads}<th>verdict</th>`).join("");
  const body = lines.map((line) => {
    const cells = line.rows.map(
      (row) => table.columns.map((_, i) => pairCell(row?.cells[i])).join("") + verdictCell(row),
    );
    return `<tr><th class="num">${escapeHtml(formatValue(line.x))}</th>${cells.join("")}</tr>`;
  });
  return (
    `<figure class="data-table"><figcaption><b>${escapeHtml(table.title)}</b> (${escapeHtml(table.series)}, ${escapeHtml(runner)} runner)</figcaption>` +
    `<table class="table1"><thead><tr><th rowspan="2">${escapeHtml(table.row_title)}</th>${top}</tr><tr>${sub}</tr></thead>` +
    `<tbody>${body.join("")}</tbody></table>` +
    `<p class="note">paper / reproduced: the paper's number, then the ${escapeHtml(runner)} runner's mean over seeds ` +
    `with its 95% interval in brackets; ${MISSING} = no value. Verdict: worst of the claims covering the row (hover for their ids).</p></figure>`
  );
}
