/**
 * The canonical order of runs and series points: panel, mechanism, x, seed.
 * Results are written in this order whatever order the runs finished in, so
 * parallel runs give byte-identical files.
 */
import type { RunRow } from "./types.js";

/** Code-point order; localeCompare would depend on the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface RunPosition {
  panel: string;
  mechanism: string;
  /** A rule-variant series sorts after its mechanism's default series. */
  variant?: string | undefined;
  x: number;
}

/** Where a run sits: its chart point (its seed aside). */
export function runPositionOf(row: RunRow): RunPosition {
  return { panel: row.panel, mechanism: row.spec.mechanism, variant: row.spec.variant, x: row.x };
}

/** One text per chart point: the runs that are its seeds or repetitions share it. */
export function runPositionKey(row: RunRow): string {
  const p = runPositionOf(row);
  return JSON.stringify([p.panel, p.mechanism, p.variant ?? "", p.x]);
}

export function compareRunPosition(a: RunPosition, b: RunPosition): number {
  return (
    compareText(a.panel, b.panel) ||
    compareText(a.mechanism, b.mechanism) ||
    compareText(a.variant ?? "", b.variant ?? "") ||
    a.x - b.x
  );
}
