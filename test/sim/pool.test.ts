import { describe, expect, it } from "vitest";
import type { PointSpec } from "../../src/results/types.js";
import { longestFirst, sharedRuns } from "../../src/runners/sim/pool.js";

const spec = (rate: number, duration_s = 60, warmup_s = 2, seed = 1): PointSpec => ({
  workload: "idle-burst",
  mechanism: "rtsig",
  connections: 0,
  idle: 252,
  rate,
  reply_bytes: 1,
  duration_s,
  warmup_s,
  client_timeout_s: 1,
  seed,
});

describe("sharedRuns", () => {
  it("puts points that differ only in warm-up and duration in one run", () => {
    const specs = [spec(3000), spec(3000, 60, 0), spec(3200), spec(3000, 60, 2, 2), spec(3200, 10)];
    expect(sharedRuns(specs)).toEqual([[0, 1], [2, 4], [3]]);
  });
});

describe("longestFirst", () => {
  it("orders runs by simulated requests, most first, keeping input order on ties", () => {
    const specs = [spec(500), spec(4000), spec(1000, 120), spec(2000), spec(4000, 60, 2, 2)];
    // Requests: 31 000, 248 000, 122 000, 124 000, 248 000.
    expect(longestFirst(specs, sharedRuns(specs))).toEqual([[1], [4], [3], [2], [0]]);
  });

  it("costs a shared run by its longest point", () => {
    const specs = [spec(3000, 10), spec(1000), spec(3000, 60, 0)];
    expect(longestFirst(specs, sharedRuns(specs))).toEqual([[0, 2], [1]]);
  });
});
