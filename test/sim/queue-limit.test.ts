/**
 * A point's queue_limit replaces the cost profile's RT signal queue length
 * (Linux 2.4's rtsig-max, 1024): with a queue of a few entries the RT
 * signal server overflows (SIGIO) at a load where the default queue never
 * does; other mechanisms ignore it.
 */
import { describe, expect, it } from "vitest";
import type { PointSpec } from "../../src/results/types.js";
import { simulatePoint } from "../../src/runners/sim/run-point.js";

const base: PointSpec = {
  workload: "idle-burst",
  mechanism: "rtsig",
  connections: 0,
  idle: 252,
  rate: 2000,
  reply_bytes: 1,
  duration_s: 2,
  warmup_s: 0.5,
  client_timeout_s: 1,
  seed: 1,
};

describe("queue_limit in the simulator", () => {
  it("a 2-entry queue overflows where the default 1024 does not", () => {
    const byDefault = simulatePoint(base).metrics;
    const small = simulatePoint({ ...base, queue_limit: 2 }).metrics;
    expect(byDefault.sigio_count).toBe(0);
    expect(small.sigio_count).toBeGreaterThan(0);
  });

  it("an explicit 1024 is the default queue, to the event", () => {
    const byDefault = simulatePoint(base);
    const explicit = simulatePoint({ ...base, queue_limit: 1024 });
    expect(explicit.metrics).toEqual(byDefault.metrics);
    expect(explicit.events).toBe(byDefault.events);
  });
});
