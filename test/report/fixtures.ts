/**
 * A report model for the page tests: a Figure 4-like experiment with sim and
 * hw results (one claim a known deviation, one failing), and a Table 1-like
 * experiment; drift with one value beyond tolerance; fake libraries.
 */
import { checkClaims } from "../../src/claims/index.js";
import type { ExperimentDrift } from "../../src/drift/index.js";
import { Manifest } from "../../src/manifest/schema.js";
import { buildPanelSpec } from "../../src/render/spec.js";
import { tableRows } from "../../src/render/table/table-rows.js";
import type { JsonObject, PageScript, ReportModel, RunnerReport } from "../../src/report/model.js";
import type { SeriesPoint } from "../../src/results/types.js";
import { cpuManifest, cpuPoints } from "../render/fixtures.js";
import { tableManifest, tablePoints } from "../render/table/fixtures.js";

/** The Figure 4-like manifest plus a claim the data cannot meet, as a known deviation, and a failing one. */
export const figManifest = Manifest.parse({
  ...cpuManifest,
  runners: { ...cpuManifest.runners, hw: { values: [100, 200], mechanisms: ["select", "rtsig"] } },
  claims: [
    ...cpuManifest.claims.map((c) => ({ ...c, runners: ["sim", "hw"] })),
    {
      id: "rtsig-cpu-tiny",
      kind: "value",
      role: "validation",
      metric: "cpu_pct",
      panels: ["a"],
      series: ["rtsig"],
      at: "mean",
      expected: 1,
      tolerance: { abs: 0.1 },
      known_deviation: "the model's <signal> path costs more than the paper's",
      source: { ref: "Figure 4, Section 3.1.2", quote: 'a quote with </script> & "quotes"' },
    },
    {
      id: "select-cpu-tiny",
      kind: "value",
      role: "calibration",
      metric: "cpu_pct",
      panels: ["a"],
      series: ["select"],
      at: "mean",
      expected: 1,
      tolerance: { abs: 0.1 },
      source: { ref: "Figure 4, Section 3.1.2", quote: "select is cheap" },
    },
  ],
});

export const PROVENANCE: JsonObject = {
  manifestPath: "experiments/fig4-cpu.yaml",
  manifestHash: "a".repeat(64),
  runner: "sim",
  runnerVersion: "0123456789abcdef profile=piii-400-linux-2.4",
  seeds: [1, 2, 3],
  points: 42,
  startedAt: "2026-01-02T03:04:05.000Z",
  wallTimeS: 1.25,
  codeVersion: "abc1234",
  nodeVersion: "v20.0.0",
  hostname: "host",
  cpuModel: "cpu",
  kernel: "6.0",
};

function run(
  manifest: Manifest,
  runner: "sim" | "hw",
  points: SeriesPoint[],
  extra: Partial<RunnerReport> = {},
): RunnerReport {
  const csv = `data/${manifest.id}/${runner}.csv`;
  const claims = checkClaims(manifest.claims, points, runner);
  return {
    runner,
    csv,
    provenancePath: `data/${manifest.id}/${runner}.meta.json`,
    claims,
    charts: manifest.sweep.panels.map((p) => ({
      panel: p.id,
      title: p.title,
      spec: buildPanelSpec(manifest, p.id, points, { runner }) as unknown as JsonObject,
      from: `figures/${manifest.id}-${runner === "hw" ? "hw-" : ""}${p.id}.vl.json`,
    })),
    ...(manifest.table ? { table: tableRows(manifest, points, claims) } : {}),
    ...extra,
  };
}

export const DRIFT: ExperimentDrift = {
  experiment: "fig4-cpu",
  baseline: "data/fig4-cpu/sim.baseline.csv",
  rows: [
    {
      experiment: "fig4-cpu",
      point: "panel a, rtsig, x=250, seed 1",
      panel: "a",
      mechanism: "rtsig",
      x: 250,
      seed: 1,
      status: "changed",
      metric: "cpu_pct",
      baseline: 6.5,
      now: 7.5,
      change: { abs: 1, rel: 1 / 6.5 },
      tolerance: "exact",
      beyondTolerance: true,
    },
  ],
  verdicts: { regressions: [], fixed: [], other: [] },
  ok: false,
};

export function reportModel(): ReportModel {
  const sim = cpuPoints();
  return {
    experiments: [
      {
        manifest: figManifest,
        runs: [
          run(figManifest, "sim", sim, { provenance: PROVENANCE }),
          run(figManifest, "hw", sim),
        ],
        drift: DRIFT,
      },
      {
        manifest: tableManifest,
        runs: [run(tableManifest, "sim", tablePoints())],
      },
    ],
  };
}

export const FAKE_SCRIPTS: PageScript[] = [
  {
    name: "vega",
    version: "6.0.0",
    source: "window.vega = {};\n//# sourceMappingURL=vega.min.js.map",
  },
  { name: "vega-lite", version: "6.4.0", source: "window.vegaLite = {};" },
  { name: "vega-embed", version: "7.0.0", source: "window.vegaEmbed = function () {};" },
];
