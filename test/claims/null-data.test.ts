/**
 * Claims must be able to fail. Every claim of every manifest is checked on
 * two null datasets built from the committed results (data/<id>/<runner>.csv):
 *
 *   zero     — every metric of every run 0: a server that did nothing. No
 *              claim may pass, and each says "no data".
 *   constant — every metric replaced by its mean over the experiment's runs:
 *              servers that differ in nothing, at any x. A claim may pass only
 *              if the manifest says why it legitimately holds there
 *              (`holds_on_constant`, e.g. "flat" claims), and a claim that
 *              says so must pass (the reason stays true).
 *
 * Cross-validation claims (runner predict) compare a prediction with the hw
 * measurement: the prediction is nulled, the measurement kept — a model of
 * zeros, or one that predicts its own mean everywhere (as for the runners).
 */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type ClaimResult, checkClaims, type Runner } from "../../src/claims/index.js";
import { MODEL_SERIES } from "../../src/claims/kinds/predicts.js";
import { loadAll } from "../../src/manifest/discover.js";
import { type Manifest, METRICS, type Metric } from "../../src/manifest/schema.js";
import { aggregate } from "../../src/results/aggregate.js";
import { readRunsCsv } from "../../src/results/csv.js";
import type { Metrics, RunRow } from "../../src/results/types.js";

interface Checked {
  manifest: Manifest;
  runner: Runner;
  rows: RunRow[];
  /** predict: the hw measurement the prediction is compared with. */
  measured?: RunRow[];
}

/** Every manifest × runner that has committed results and claims for that runner. */
function committed(): Checked[] {
  return loadAll("experiments").flatMap(({ manifest }) =>
    (["sim", "hw", "predict"] as const).flatMap((runner): Checked[] => {
      const path = `data/${manifest.id}/${runner}.csv`;
      const claims = manifest.claims.filter((c) => c.runners.includes(runner));
      if (!existsSync(path) || claims.length === 0) return [];
      if (runner !== "predict") return [{ manifest, runner, rows: readRunsCsv(path) }];
      const hw = `data/${manifest.id}/hw.csv`;
      if (!existsSync(hw)) return [];
      const measured = readRunsCsv(hw);
      return [{ manifest, runner, rows: readRunsCsv(path), measured }];
    }),
  );
}

function withMetrics(rows: readonly RunRow[], metrics: (row: RunRow) => Metrics): RunRow[] {
  return rows.map((row) => ({ ...row, metrics: metrics(row) }));
}

function zeroRows(rows: readonly RunRow[]): RunRow[] {
  const zero = Object.fromEntries(METRICS.map((m) => [m, 0])) as Metrics;
  return withMetrics(rows, () => ({ ...zero }));
}

/** Each metric its mean over the runs that measured it; unmeasured stays unmeasured. */
function constantRows(rows: readonly RunRow[]): RunRow[] {
  const means = new Map<Metric, number>();
  for (const metric of METRICS) {
    const values = rows.flatMap((r) => {
      const v = r.metrics[metric];
      return v === null || Number.isNaN(v) ? [] : [v];
    });
    if (values.length > 0) means.set(metric, values.reduce((a, b) => a + b, 0) / values.length);
  }
  return withMetrics(rows, (row) => {
    const metrics = { ...row.metrics };
    for (const metric of METRICS) {
      if (metrics[metric] !== null) metrics[metric] = means.get(metric) ?? null;
    }
    return metrics;
  });
}

function check(c: Checked, rows: RunRow[], measured = c.measured): ClaimResult[] {
  const points =
    measured === undefined
      ? aggregate(rows)
      : [...aggregate(measured), ...aggregate(rows).map((p) => ({ ...p, variant: MODEL_SERIES }))];
  return checkClaims(c.manifest.claims, points, c.runner);
}

const experiments = committed();

describe("null data: no claim passes without evidence", () => {
  it("finds the committed results to test", () => {
    expect(experiments.filter((c) => c.runner === "sim").length).toBeGreaterThanOrEqual(8);
  });

  it.each(experiments.map((c) => [`${c.manifest.id} ${c.runner}`, c] as const))(
    "%s: every metric 0 → every claim 'no data'",
    (_name, c) => {
      const results = check(c, zeroRows(c.rows), c.measured && zeroRows(c.measured));
      const passing = results.filter((r) => r.verdict === "pass").map((r) => r.id);
      expect(passing).toEqual([]);
      const notNoData = results.filter((r) => r.verdict !== "no-data").map((r) => r.id);
      expect(notNoData).toEqual([]);
    },
  );

  it.each(experiments.map((c) => [`${c.manifest.id} ${c.runner}`, c] as const))(
    "%s: every metric constant → only claims that say why pass",
    (_name, c) => {
      const results = check(c, constantRows(c.rows));
      const reasons = new Map(
        c.manifest.claims.map((claim) => [claim.id, claim.holds_on_constant]),
      );
      const unexplained = results
        .filter((r) => r.verdict === "pass" && reasons.get(r.id) === undefined)
        .map((r) => `${r.id}: ${r.measured}`);
      expect(unexplained).toEqual([]);
      const stale = results
        .filter((r) => r.verdict !== "pass" && reasons.get(r.id) !== undefined)
        .map(
          (r) => `${r.id} says it holds on constant data but does not: ${r.detail ?? r.measured}`,
        );
      expect(stale).toEqual([]);
    },
  );
});
