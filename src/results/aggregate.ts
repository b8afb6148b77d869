/**
 * Seeds → chart points: runs grouped by panel × mechanism × x, each metric
 * summarised by its mean and a 95% Student-t confidence interval.
 */
import { METRICS, PARAMETERS, type Parameter } from "../manifest/schema.js";
import { compareRunPosition, runPositionKey } from "./run-order.js";
import { tCritical95 } from "./student-t.js";
import type { Estimate, PointSpec, RunRow, SeriesPoint } from "./types.js";

/** Every parameter is a numeric PointSpec field of the same name. */
const PARAMETER_FIELDS = PARAMETERS satisfies readonly (Parameter & keyof PointSpec)[];

function paramsOf(spec: PointSpec): Record<Parameter, number> {
  return Object.fromEntries(PARAMETER_FIELDS.map((p) => [p, spec[p]])) as Record<Parameter, number>;
}

/** Mean and 95% CI; a single value has a zero-width interval (no spread is known). */
export function estimate(values: readonly number[]): Estimate {
  const n = values.length;
  if (n === 0) throw new RangeError("estimate of no values");
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  if (n === 1) return { mean, lo: mean, hi: mean, n };
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1);
  const halfWidth = (tCritical95(n - 1) * Math.sqrt(variance)) / Math.sqrt(n);
  return { mean, lo: mean - halfWidth, hi: mean + halfWidth, n };
}

function summarise(group: readonly RunRow[]): SeriesPoint {
  const [first] = group;
  if (first === undefined) throw new RangeError("empty group");
  const params = paramsOf(first.spec);
  for (const row of group) {
    // Runs of one point may differ only by seed; anything else means mixed-up inputs.
    const other = paramsOf(row.spec);
    const differing: string[] = PARAMETER_FIELDS.filter((p) => other[p] !== params[p]);
    if (row.spec.workload !== first.spec.workload) differing.push("workload");
    if (differing.length > 0) {
      throw new Error(
        `runs of ${first.panel}/${first.spec.mechanism}/x=${first.x} differ in ${differing.join(", ")}`,
      );
    }
  }
  const metrics: SeriesPoint["metrics"] = {};
  for (const metric of METRICS) {
    const values = group.map((r) => r.metrics[metric]).filter((v): v is number => v !== null);
    if (values.length > 0) metrics[metric] = estimate(values);
  }
  const { variant } = first.spec;
  return {
    panel: first.panel,
    mechanism: first.spec.mechanism,
    ...(variant === undefined ? {} : { variant }),
    x: first.x,
    params,
    metrics,
  };
}

/**
 * One SeriesPoint per panel × mechanism × x, in panel, mechanism, x order.
 * hw runs marked invalid (the clients could not deliver the load: they
 * measure the client, not the server) stay in the CSV but are left out here;
 * a point whose every repetition is invalid has no SeriesPoint.
 */
export function aggregate(rows: readonly RunRow[]): SeriesPoint[] {
  const valid = rows.filter((r) => r.hw?.valid !== false);
  const sorted = [...valid].sort((a, b) => a.spec.seed - b.spec.seed); // seed order fixes float sums
  const groups = new Map<string, RunRow[]>();
  for (const row of sorted) {
    const key = runPositionKey(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()].map(summarise).sort((a, b) => compareRunPosition(a, b));
}
