import type { Mechanism } from "../../src/manifest/schema.js";
import type { Metrics, PointSpec, RunRow } from "../../src/results/types.js";

import { NO_METRICS } from "../../src/results/types.js";

export { NO_METRICS };

export function spec(overrides: Partial<PointSpec> = {}): PointSpec {
  return {
    workload: "persistent",
    mechanism: "select",
    connections: 250,
    idle: 0,
    rate: 500,
    reply_bytes: 92,
    duration_s: 60,
    warmup_s: 2,
    client_timeout_s: 1,
    seed: 1,
    ...overrides,
  };
}

export function row(
  panel: string,
  mechanism: Mechanism,
  x: number,
  seed: number,
  metrics: Partial<Metrics>,
  specOverrides: Partial<PointSpec> = {},
): RunRow {
  return {
    panel,
    x,
    spec: spec({ mechanism, connections: x, seed, ...specOverrides }),
    metrics: { ...NO_METRICS, ...metrics },
  };
}
