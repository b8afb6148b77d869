/**
 * Result shapes shared by runners, CSV files, claims and charts.
 */
import type { Mechanism, Metric, Parameter, Workload } from "../manifest/schema.js";

/** Everything that decides one run: the resolved parameters of a point plus its seed. */
export interface PointSpec {
  workload: Workload;
  mechanism: Mechanism;
  connections: number;
  idle: number;
  rate: number;
  reply_bytes: number;
  duration_s: number;
  warmup_s: number;
  client_timeout_s: number;
  seed: number;
  /** A rule-variant series of the simulator (runners.sim.variants id); absent: the default series. */
  variant?: string;
  /** RT signal queue limit (rtsig mechanisms); absent: the default (1024, Linux 2.4's rtsig-max). */
  queue_limit?: number;
}

/** Metrics of one run. A metric the runner cannot measure is null (empty in CSV), never 0. */
export type Metrics = Record<Metric, number | null>;

/** A run that measured nothing (it failed before its first metric). */
export const NO_METRICS: Readonly<Metrics> = Object.freeze({
  reply_rate: null,
  cpu_pct: null,
  resp_ms: null,
  errors: null,
  sigwaitinfo_calls: null,
  sigio_count: null,
  dispatch_calls: null,
  events_per_dispatch: null,
});

/**
 * The hw runner's own columns (data/<id>/hw.csv). A run whose load the
 * clients could not deliver is kept and marked invalid with the reason,
 * never silently dropped; aggregation leaves it out.
 */
export interface HwFields {
  valid: boolean;
  /** Empty when valid. */
  invalid_reason: string;
  /** The server process's own CPU over the window, % of one CPU (schedstat). */
  server_cpu_pct: number | null;
}

/** One run's row: where it sits in the experiment, its spec and its metrics. */
export interface RunRow {
  panel: string;
  x: number;
  spec: PointSpec;
  metrics: Metrics;
  /** Present in hw results only. */
  hw?: HwFields;
}

/** Mean and 95% confidence interval of a metric over seeds. */
export interface Estimate {
  mean: number;
  lo: number;
  hi: number;
  n: number;
}

/** One point of a chart series: mechanism × panel × x, aggregated over seeds. */
export interface SeriesPoint {
  panel: string;
  mechanism: Mechanism;
  /** A rule-variant series (runners.sim.variants id); absent: the default series. */
  variant?: string;
  x: number;
  /** The resolved point parameters (rate, connections, …), for claims that compare with them. */
  params: Record<Parameter, number>;
  metrics: Partial<Record<Metric, Estimate>>;
}
