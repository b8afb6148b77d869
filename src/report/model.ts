/**
 * What the report page shows, gathered from the pipeline's files (collect.ts)
 * and turned into HTML by pure functions (page.ts): per experiment and
 * runner, the chart specs, the claim verdicts, Table 1's rows, and the
 * provenance of the results CSV; and the drift gate's findings.
 */
import type { ClaimResult } from "../claims/index.js";
import type { ExperimentDrift } from "../drift/index.js";
import type { Manifest } from "../manifest/schema.js";
import type { RunnerId } from "../render/published-overlay.js";
import type { TableRow } from "../render/table/table-rows.js";

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** One chart panel of one runner. */
export interface PanelChart {
  panel: string;
  /** The panel's title in the manifest (or its id, for a panel the manifest does not list). */
  title: string;
  /** The Vega-Lite spec the render step writes (figures/<id>[-hw]-<panel>.vl.json). */
  spec: JsonObject;
  /** Where the spec came from: that file, or the results CSV it was built from. */
  from: string;
}

/** The results of one runner for one experiment. */
export interface RunnerReport {
  runner: RunnerId;
  /** The results file, e.g. data/fig7/sim.csv. */
  csv: string;
  /** Its provenance (data/<id>/<runner>.meta.json), when present. */
  provenance?: JsonObject;
  provenancePath: string;
  /** Claims that apply to this runner, checked on its results. */
  claims: ClaimResult[];
  charts: PanelChart[];
  /** Table 1-style rows, when the manifest has a table. */
  table?: TableRow[];
  /** hw: the simulator's prediction of these points (drawn on the charts), and its provenance. */
  prediction?: { csv: string; provenance?: JsonObject };
}

export interface ExperimentReport {
  manifest: Manifest;
  /** sim first, then hw; empty when nothing has been run. */
  runs: RunnerReport[];
  /** The drift gate against the accepted baseline (sim). */
  drift?: ExperimentDrift;
}

/** A library inlined in the page. */
export interface PageScript {
  name: string;
  version: string;
  source: string;
}

export interface ReportModel {
  experiments: ExperimentReport[];
}
