/**
 * Table rows pivoted the way the paper prints Table 1: one line per x, the
 * panels side by side as column groups.
 */
import type { TableRow } from "./table-rows.js";

export interface PanelGroup {
  id: string;
  title: string;
}

export interface WideLine {
  x: number;
  /** One entry per panel group, in group order; undefined where a panel has no row at x. */
  rows: (TableRow | undefined)[];
}

export interface WideTable {
  groups: PanelGroup[];
  lines: WideLine[];
}

export function wideTable(rows: readonly TableRow[]): WideTable {
  const groups: PanelGroup[] = [];
  for (const row of rows) {
    if (!groups.some((g) => g.id === row.panel))
      groups.push({ id: row.panel, title: row.panelTitle });
  }
  const xs = [...new Set(rows.map((r) => r.x))].sort((a, b) => a - b);
  const lines = xs.map((x) => ({
    x,
    rows: groups.map((g) => rows.find((r) => r.panel === g.id && r.x === x)),
  }));
  return { groups, lines };
}
