/**
 * A manifest's table as a standalone SVG (hand-built, no Vega): title, three
 * header rows (panel, column, paper/reproduced/verdict), one shaded-alternately
 * line per x with right-aligned numbers, and a coloured verdict cell per panel.
 * Text is DejaVu Sans, which png.ts loads to rasterise it.
 */
import type { Table } from "../../manifest/schema.js";
import { FONT_FAMILY } from "../chart-style.js";
import type { RunnerId } from "../published-overlay.js";
import { formatEstimate, formatMetricValue, formatValue, MISSING } from "./number-text.js";
import {
  CELL_PAD,
  columnMetric,
  FONT,
  type HeaderSpan,
  INTERVAL_GAP,
  intervalText,
  type LayoutColumn,
  layoutTable,
  SUB_HEADERS,
} from "./svg-layout.js";
import { escapeXml, textWidth } from "./svg-text.js";
import type { TableRow } from "./table-rows.js";
import { VERDICT_COLORS, verdictText } from "./verdict-text.js";
import { wideTable } from "./wide-layout.js";

const MARGIN = 20;
const ROW_HEIGHT = 24;
const HEADER_HEIGHT = 22;

const COLOR = {
  text: "#111111",
  paper: "#4a4a4a",
  muted: "#6b6b6b",
  shade: "#f2f4f7",
  rule: "#333333",
  thinRule: "#b8b8b8",
  separator: "#d6d6d6",
} as const;

type Anchor = "start" | "middle" | "end";

interface TextStyle {
  size: number;
  anchor?: Anchor;
  bold?: boolean;
  fill?: string;
}

function text(x: number, y: number, content: string, style: TextStyle): string {
  const attrs = [
    `x="${x}"`,
    `y="${y}"`,
    `font-size="${style.size}"`,
    style.anchor !== undefined && style.anchor !== "start" ? `text-anchor="${style.anchor}"` : "",
    style.bold === true ? 'font-weight="bold"' : "",
    `fill="${style.fill ?? COLOR.text}"`,
  ].filter((a) => a !== "");
  return `<text ${attrs.join(" ")}>${escapeXml(content)}</text>`;
}

function line(x1: number, y1: number, x2: number, y2: number, stroke: string, width: number) {
  return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${stroke}" stroke-width="${width}"/>`;
}

function rect(x: number, y: number, width: number, height: number, fill: string, radius = 0) {
  const rounded = radius > 0 ? ` rx="${radius}"` : "";
  return `<rect x="${x}" y="${y}" width="${width}" height="${height}" fill="${fill}"${rounded}/>`;
}

/** Baseline that centres text of `size` px vertically in a band [top, top + height]. */
function baseline(top: number, height: number, size: number): number {
  return Math.round((top + height / 2 + size * 0.36) * 10) / 10;
}

/** A header centred over its span, with a short rule under it (booktabs' cmidrule). */
function spanHeader(span: HeaderSpan, columns: readonly LayoutColumn[], left: number, top: number) {
  const first = columns[span.first];
  const last = columns[span.last];
  if (first === undefined || last === undefined) return [];
  const x1 = left + first.x;
  const x2 = left + last.x + last.width;
  const y = baseline(top, HEADER_HEIGHT, FONT.header);
  return [
    text((x1 + x2) / 2, y, span.text, { size: FONT.header, anchor: "middle", bold: true }),
    line(x1 + 6, top + HEADER_HEIGHT - 2, x2 - 6, top + HEADER_HEIGHT - 2, COLOR.thinRule, 1),
  ];
}

/** One body cell of `column` on a line of the wide table. */
function bodyCell(
  column: LayoutColumn,
  row: TableRow | undefined,
  table: Table,
  left: number,
  top: number,
): string[] {
  const right = left + column.x + column.width - CELL_PAD;
  const y = baseline(top, ROW_HEIGHT, FONT.body);
  if (column.kind === "verdict") {
    const verdict = row?.verdict;
    const center = left + column.x + column.width / 2;
    if (verdict === undefined) {
      return [text(center, y, MISSING, { size: FONT.body, anchor: "middle", fill: COLOR.muted })];
    }
    const colors = VERDICT_COLORS[verdict];
    const label = verdictText(verdict);
    // A pill sized to its label, centred in the cell.
    const pill = Math.min(column.width - 8, textWidth(label, FONT.verdict, true) + 16);
    return [
      rect(center - pill / 2, top + 3, pill, ROW_HEIGHT - 6, colors.fill, 3),
      text(center, baseline(top, ROW_HEIGHT, FONT.verdict), label, {
        size: FONT.verdict,
        anchor: "middle",
        bold: true,
        fill: colors.text,
      }),
    ];
  }
  const cell = row?.cells[column.column];
  const metric = columnMetric(table, column.column);
  if (column.kind === "paper") {
    const value = formatMetricValue(metric, cell?.published);
    const fill = cell?.published === undefined ? COLOR.muted : COLOR.paper;
    return [text(right, y, value, { size: FONT.body, anchor: "end", fill })];
  }
  const estimate = formatEstimate(metric, cell?.reproduced);
  const fill = cell?.reproduced === undefined ? COLOR.muted : COLOR.text;
  if (column.intervalWidth === 0) {
    return [text(right, y, estimate.mean, { size: FONT.body, anchor: "end", fill })];
  }
  // Means right-aligned before the column's interval slot, intervals left-aligned in it.
  const intervalLeft = right - column.intervalWidth;
  const out = [
    text(intervalLeft - INTERVAL_GAP, y, estimate.mean, { size: FONT.body, anchor: "end", fill }),
  ];
  if (estimate.interval !== undefined) {
    const interval = intervalText(estimate.interval);
    out.push(text(intervalLeft, y, interval, { size: FONT.interval, fill: COLOR.muted }));
  }
  return out;
}

export function tableSvg(table: Table, rows: readonly TableRow[], runner: RunnerId): string {
  const wide = wideTable(rows);
  const layout = layoutTable(table, wide);
  const subtitle = `${table.series}: the paper's numbers beside the reproduced ones (${runner} runner)`;
  const note =
    `reproduced: mean over seeds [95% interval]; ${MISSING}: no value; ` +
    "verdict: worst of the claims covering the row";
  const contentWidth = Math.max(
    layout.width,
    textWidth(table.title, FONT.title, true),
    textWidth(subtitle, FONT.subtitle),
    textWidth(note, FONT.note),
  );
  const width = Math.ceil(contentWidth + 2 * MARGIN);
  const left = MARGIN;
  const tableRight = left + layout.width;

  const out: string[] = [];
  let y = MARGIN;
  out.push(text(left, y + FONT.title, table.title, { size: FONT.title, bold: true }));
  y += FONT.title + 8;
  out.push(text(left, y + FONT.subtitle, subtitle, { size: FONT.subtitle, fill: COLOR.muted }));
  y += FONT.subtitle + 14;

  const headerTop = y;
  out.push(line(left, headerTop, tableRight, headerTop, COLOR.rule, 1.5));
  for (const span of layout.groupSpans) out.push(...spanHeader(span, layout.columns, left, y));
  y += HEADER_HEIGHT;
  for (const span of layout.columnSpans) out.push(...spanHeader(span, layout.columns, left, y));
  y += HEADER_HEIGHT;
  for (const column of layout.columns) {
    const right = left + column.x + column.width - CELL_PAD;
    const base = baseline(y, HEADER_HEIGHT, FONT.subHeader);
    if (column.kind === "row-header") {
      out.push(
        text(right, base, table.row_title, { size: FONT.header, anchor: "end", bold: true }),
      );
    } else if (column.kind === "verdict") {
      const center = left + column.x + column.width / 2;
      const style = { size: FONT.subHeader, anchor: "middle", fill: COLOR.muted } as const;
      out.push(text(center, base, SUB_HEADERS.verdict, style));
    } else {
      const style = { size: FONT.subHeader, anchor: "end", fill: COLOR.muted } as const;
      out.push(text(right, base, SUB_HEADERS[column.kind], style));
    }
  }
  y += HEADER_HEIGHT;
  out.push(line(left, y, tableRight, y, COLOR.rule, 1));

  const bodyTop = y;
  wide.lines.forEach((wideLine, i) => {
    const top = bodyTop + i * ROW_HEIGHT;
    if (i % 2 === 1) out.push(rect(left, top, layout.width, ROW_HEIGHT, COLOR.shade));
    for (const column of layout.columns) {
      if (column.kind === "row-header") {
        const right = left + column.x + column.width - CELL_PAD;
        const base = baseline(top, ROW_HEIGHT, FONT.body);
        out.push(text(right, base, formatValue(wideLine.x), { size: FONT.body, anchor: "end" }));
      } else {
        out.push(...bodyCell(column, wideLine.rows[column.group], table, left, top));
      }
    }
  });
  y = bodyTop + wide.lines.length * ROW_HEIGHT;

  // Light vertical rules between panel groups, from the panel header down.
  for (const span of layout.groupSpans) {
    const first = layout.columns[span.first];
    if (first === undefined) continue;
    const x = left + first.x;
    out.push(line(x, headerTop + 4, x, y, COLOR.separator, 1));
  }
  out.push(line(left, y, tableRight, y, COLOR.rule, 1.5));
  y += 10;
  out.push(text(left, y + FONT.note, note, { size: FONT.note, fill: COLOR.muted }));
  const height = Math.ceil(y + FONT.note + MARGIN);

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">`,
    `<title>${escapeXml(table.title)}</title>`,
    rect(0, 0, width, height, "#ffffff"),
    ...out,
    "</svg>",
    "",
  ].join("\n");
}
