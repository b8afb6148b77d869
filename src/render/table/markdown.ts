/**
 * A manifest's table as Markdown, laid out like the paper's Table 1: one line
 * per x, a column group per panel (its columns as "paper / reproduced"), and
 * each group's verdict.
 */
import type { Table } from "../../manifest/schema.js";
import type { RunnerId } from "../published-overlay.js";
import { formatEstimate, formatMetricValue, formatValue, MISSING } from "./number-text.js";
import type { TableCell, TableRow } from "./table-rows.js";
import { verdictText } from "./verdict-text.js";
import { wideTable } from "./wide-layout.js";

/** Text safe inside a Markdown table cell. */
function cellText(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** "paper / reproduced [lo–hi]". */
function pairText(cell: TableCell | undefined): string {
  if (cell === undefined) return `${MISSING} / ${MISSING}`;
  const reproduced = formatEstimate(cell.metric, cell.reproduced);
  const interval = reproduced.interval === undefined ? "" : ` [${reproduced.interval}]`;
  return `${formatMetricValue(cell.metric, cell.published)} / ${reproduced.mean}${interval}`;
}

function line(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

export function tableMarkdown(table: Table, rows: readonly TableRow[], runner: RunnerId): string {
  const { groups, lines } = wideTable(rows);
  const header = [table.row_title];
  const align = ["---:"];
  for (const group of groups) {
    table.columns.forEach((column, i) => {
      const title = `${column.title} (paper / reproduced)`;
      header.push(i === 0 ? `${group.title}: ${title}` : title);
      align.push("---:");
    });
    header.push("verdict");
    align.push(":---:");
  }
  const body = lines.map((wide) => [
    formatValue(wide.x),
    ...wide.rows.flatMap((row) => [
      ...table.columns.map((_, i) => pairText(row?.cells[i])),
      verdictText(row?.verdict),
    ]),
  ]);
  return [
    `**${cellText(table.title)}** (${table.series})`,
    "",
    line(header.map(cellText)),
    line(align),
    ...body.map((cells) => line(cells.map(cellText))),
    "",
    `*paper / reproduced: the paper's number, then the ${runner} runner's mean over seeds ` +
      `with its 95% interval in brackets; ${MISSING} = no value. Verdict: worst of the claims ` +
      "covering the row.*",
    "",
  ].join("\n");
}
