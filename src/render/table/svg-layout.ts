/**
 * Column geometry of the table SVG. Columns: the row header (x), then per
 * panel group and table column a "paper" and a "reproduced" column, then the
 * group's verdict. Each column is as wide as its widest text; a spanning
 * header (panel title, column title) wider than its columns widens them evenly.
 */
import type { Metric, Table } from "../../manifest/schema.js";
import { formatEstimate, formatMetricValue, formatValue } from "./number-text.js";
import { textWidth } from "./svg-text.js";
import { verdictText } from "./verdict-text.js";
import type { WideTable } from "./wide-layout.js";

export const FONT = {
  title: 15,
  subtitle: 11,
  header: 12,
  subHeader: 11,
  body: 12,
  interval: 10,
  verdict: 11,
  note: 10,
} as const;

/** Horizontal padding inside a cell, each side. */
export const CELL_PAD = 10;

export type ColumnKind = "row-header" | "paper" | "reproduced" | "verdict";

export interface LayoutColumn {
  kind: ColumnKind;
  /** Panel group index; -1 for the row header. */
  group: number;
  /** Table column index; -1 for the row header and verdict columns. */
  column: number;
  x: number;
  width: number;
  /**
   * Reproduced columns: width of the widest interval, drawn left-aligned at the
   * right edge so that means (right-aligned before it) line up; 0 without one.
   */
  intervalWidth: number;
}

/** A header spanning columns [first, last] (inclusive indices into `columns`). */
export interface HeaderSpan {
  text: string;
  first: number;
  last: number;
}

export interface TableLayout {
  columns: LayoutColumn[];
  groupSpans: HeaderSpan[];
  columnSpans: HeaderSpan[];
  width: number;
}

/** The metric of table column `index`; layout columns hold only valid indices. */
export function columnMetric(table: Table, index: number): Metric {
  const column = table.columns[index];
  if (column === undefined) throw new RangeError(`no table column ${index}`);
  return column.metric;
}

/** Space between a reproduced mean and its interval. */
export const INTERVAL_GAP = 6;

/** How a reproduced cell writes its interval, in the smaller interval font. */
export function intervalText(interval: string): string {
  return `[${interval}]`;
}

export const SUB_HEADERS: Record<Exclude<ColumnKind, "row-header">, string> = {
  paper: "paper",
  reproduced: "reproduced",
  verdict: "verdict",
};

/** Natural content width of one column (without padding). */
function contentWidth(
  kind: ColumnKind,
  group: number,
  column: number,
  table: Table,
  wide: WideTable,
): number {
  const widths: number[] = [];
  if (kind === "row-header") {
    widths.push(textWidth(table.row_title, FONT.header, true));
    for (const line of wide.lines) widths.push(textWidth(formatValue(line.x), FONT.body));
    return Math.max(...widths);
  }
  widths.push(textWidth(SUB_HEADERS[kind], FONT.subHeader));
  for (const line of wide.lines) {
    const row = line.rows[group];
    if (kind === "verdict") {
      widths.push(textWidth(verdictText(row?.verdict), FONT.verdict, true));
      continue;
    }
    const cell = row?.cells[column];
    const metric = columnMetric(table, column);
    if (kind === "paper") {
      widths.push(textWidth(formatMetricValue(metric, cell?.published), FONT.body));
    } else {
      widths.push(textWidth(formatEstimate(metric, cell?.reproduced).mean, FONT.body));
    }
  }
  return Math.max(...widths);
}

/** Width of the widest reproduced interval in a column, 0 when none has one. */
function widestInterval(group: number, column: number, table: Table, wide: WideTable): number {
  const metric = columnMetric(table, column);
  let widest = 0;
  for (const line of wide.lines) {
    const { interval } = formatEstimate(metric, line.rows[group]?.cells[column]?.reproduced);
    if (interval !== undefined) {
      widest = Math.max(widest, textWidth(intervalText(interval), FONT.interval));
    }
  }
  return widest;
}

/** Widens columns first..last evenly so that together they hold `needed` px. */
function fitSpan(columns: LayoutColumn[], span: HeaderSpan, needed: number): void {
  const spanned = columns.slice(span.first, span.last + 1);
  const have = spanned.reduce((sum, c) => sum + c.width, 0);
  if (have >= needed) return;
  const extra = (needed - have) / spanned.length;
  for (const c of spanned) c.width += extra;
}

export function layoutTable(table: Table, wide: WideTable): TableLayout {
  const columns: LayoutColumn[] = [
    { kind: "row-header", group: -1, column: -1, x: 0, width: 0, intervalWidth: 0 },
  ];
  const groupSpans: HeaderSpan[] = [];
  const columnSpans: HeaderSpan[] = [];
  wide.groups.forEach((group, g) => {
    const groupFirst = columns.length;
    table.columns.forEach((tableColumn, c) => {
      columnSpans.push({
        text: tableColumn.title,
        first: columns.length,
        last: columns.length + 1,
      });
      columns.push({ kind: "paper", group: g, column: c, x: 0, width: 0, intervalWidth: 0 });
      columns.push({ kind: "reproduced", group: g, column: c, x: 0, width: 0, intervalWidth: 0 });
    });
    columns.push({ kind: "verdict", group: g, column: -1, x: 0, width: 0, intervalWidth: 0 });
    groupSpans.push({ text: group.title, first: groupFirst, last: columns.length - 1 });
  });

  for (const col of columns) {
    col.width = contentWidth(col.kind, col.group, col.column, table, wide) + 2 * CELL_PAD;
    if (col.kind === "reproduced") {
      col.intervalWidth = Math.ceil(widestInterval(col.group, col.column, table, wide));
      if (col.intervalWidth > 0) col.width += INTERVAL_GAP + col.intervalWidth;
    }
  }
  for (const span of columnSpans) {
    fitSpan(columns, span, textWidth(span.text, FONT.header, true) + 2 * CELL_PAD);
  }
  for (const span of groupSpans) {
    fitSpan(columns, span, textWidth(span.text, FONT.header, true) + 2 * CELL_PAD);
  }

  let x = 0;
  for (const col of columns) {
    col.width = Math.ceil(col.width);
    col.x = x;
    x += col.width;
  }
  return { columns, groupSpans, columnSpans, width: x };
}
