/**
 * The drift comparison: the accepted baseline's runs against the current
 * runs, point by point (panel, mechanism, x, seed) and metric by metric.
 * Pure: rows in, drift rows out. A metric may move within its tolerance
 * (default: not at all — deterministic simulator output must match exactly);
 * a point present on one side only, or a measured value that became empty
 * (or the reverse), is always drift.
 */
import { METRICS, PARAMETERS } from "../manifest/schema.js";
import { formatNumber } from "../results/number-format.js";
import { compareRunPosition } from "../results/run-order.js";
import type { RunRow } from "../results/types.js";

/** Allowed change of one metric: within abs, or within rel × |baseline|; either suffices. */
export interface MetricTolerance {
  abs?: number;
  rel?: number;
}

/** Metric name → tolerance; a metric not named must match exactly. */
export type DriftTolerances = Readonly<Partial<Record<string, MetricTolerance>>>;

/**
 * changed: a value differs; missing: a baseline point has no current run;
 * new: a current run has no baseline point.
 */
export type DriftStatus = "changed" | "missing" | "new";

export interface DriftRow {
  experiment: string;
  /** e.g. "panel a, rtsig, x=3000, seed 1" */
  point: string;
  panel: string;
  mechanism: string;
  x: number;
  seed: number;
  status: DriftStatus;
  /** A metric or point parameter (e.g. rate); "*" for a missing or new point. */
  metric: string;
  /** null: empty cell (unmeasured) or no such point. */
  baseline: number | null;
  now: number | null;
  /** now − baseline, and that relative to |baseline| (null when baseline is 0); null when a side is empty. */
  change: { abs: number; rel: number | null } | null;
  /** In words: "exact", "± 0.5", "± 2%", "± 0.5 or 2%". */
  tolerance: string;
  /** Whether the change exceeds the tolerance (fails the gate). Missing/new points always do. */
  beyondTolerance: boolean;
}

/** Rounding slack so a change exactly on a tolerance bound is not failed by float noise. */
const RELATIVE_SLACK = 1e-9;

export function describeTolerance(t: MetricTolerance | undefined): string {
  const parts: string[] = [];
  if (t?.abs !== undefined && t.abs > 0) parts.push(formatNumber(t.abs));
  if (t?.rel !== undefined && t.rel > 0) parts.push(`${formatNumber(t.rel * 100)}%`);
  return parts.length === 0 ? "exact" : `± ${parts.join(" or ")}`;
}

/** Whether `now` is within tolerance of `baseline`; with no tolerance only equality is. */
export function withinTolerance(
  baseline: number,
  now: number,
  t: MetricTolerance | undefined,
): boolean {
  if (baseline === now) return true;
  const off = Math.abs(now - baseline);
  const slack = RELATIVE_SLACK * Math.max(1, Math.abs(baseline), Math.abs(now));
  const byAbs = t?.abs !== undefined && t.abs > 0 && off <= t.abs + slack;
  const byRel = t?.rel !== undefined && t.rel > 0 && off <= t.rel * Math.abs(baseline) + slack;
  return byAbs || byRel;
}

export function pointLabel(row: RunRow): string {
  const series =
    row.spec.variant === undefined
      ? row.spec.mechanism
      : `${row.spec.mechanism} (${row.spec.variant})`;
  return `panel ${row.panel}, ${series}, x=${formatNumber(row.x)}, seed ${row.spec.seed}`;
}

function pointKey(row: RunRow): string {
  return JSON.stringify([
    row.panel,
    row.spec.mechanism,
    row.spec.variant ?? "",
    row.x,
    row.spec.seed,
  ]);
}

function indexRows(rows: readonly RunRow[]): Map<string, RunRow> {
  const index = new Map<string, RunRow>();
  for (const row of rows) if (!index.has(pointKey(row))) index.set(pointKey(row), row);
  return index;
}

function rowBase(experiment: string, row: RunRow) {
  return {
    experiment,
    point: pointLabel(row),
    panel: row.panel,
    mechanism: row.spec.mechanism,
    x: row.x,
    seed: row.spec.seed,
  };
}

function valueRow(
  experiment: string,
  row: RunRow,
  metric: string,
  baseline: number | null,
  now: number | null,
  tolerance: MetricTolerance | undefined,
): DriftRow | undefined {
  if (baseline === now) return undefined;
  const both = baseline !== null && now !== null;
  return {
    ...rowBase(experiment, row),
    status: "changed",
    metric,
    baseline,
    now,
    change: both
      ? { abs: now - baseline, rel: baseline === 0 ? null : (now - baseline) / Math.abs(baseline) }
      : null,
    tolerance: describeTolerance(tolerance),
    beyondTolerance: !both || !withinTolerance(baseline, now, tolerance),
  };
}

function pointRow(experiment: string, row: RunRow, status: "missing" | "new"): DriftRow {
  return {
    ...rowBase(experiment, row),
    status,
    metric: "*",
    baseline: null,
    now: null,
    change: null,
    tolerance: "exact",
    beyondTolerance: true,
  };
}

/** The differences of one run: its point parameters (exact) and its metrics (with tolerance). */
function compareRun(
  experiment: string,
  baseline: RunRow,
  now: RunRow,
  tolerances: DriftTolerances,
): DriftRow[] {
  const rows: DriftRow[] = [];
  for (const parameter of PARAMETERS) {
    const r = valueRow(
      experiment,
      now,
      parameter,
      baseline.spec[parameter],
      now.spec[parameter],
      {},
    );
    if (r) rows.push(r);
  }
  for (const metric of METRICS) {
    const r = valueRow(
      experiment,
      now,
      metric,
      baseline.metrics[metric],
      now.metrics[metric],
      tolerances[metric],
    );
    if (r) rows.push(r);
  }
  return rows;
}

/**
 * Every difference between the baseline's runs and the current ones, in the
 * canonical run order (panel, mechanism, x, seed), each marked whether it is
 * beyond its tolerance. Equal values give no row.
 */
export function compareRuns(
  experiment: string,
  baseline: readonly RunRow[],
  now: readonly RunRow[],
  tolerances: DriftTolerances = {},
): DriftRow[] {
  const before = indexRows(baseline);
  const after = indexRows(now);
  const points = [...new Map([...before, ...after]).values()].sort(
    (a, b) =>
      compareRunPosition(
        { panel: a.panel, mechanism: a.spec.mechanism, x: a.x },
        { panel: b.panel, mechanism: b.spec.mechanism, x: b.x },
      ) || a.spec.seed - b.spec.seed,
  );
  return points.flatMap((point) => {
    const key = pointKey(point);
    const b = before.get(key);
    const n = after.get(key);
    if (b === undefined) return [pointRow(experiment, point, "new")];
    if (n === undefined) return [pointRow(experiment, point, "missing")];
    return compareRun(experiment, b, n, tolerances);
  });
}
