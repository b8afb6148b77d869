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
}

/** Metrics of one run. A metric the runner cannot measure is null (empty in CSV), never 0. */
export type Metrics = Record<Metric, number | null>;

/** One run's row: where it sits in the experiment, its spec and its metrics. */
export interface RunRow {
  panel: string;
  x: number;
  spec: PointSpec;
  metrics: Metrics;
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
  x: number;
  /** The resolved point parameters (rate, connections, …), for claims that compare with them. */
  params: Record<Parameter, number>;
  metrics: Partial<Record<Metric, Estimate>>;
}
