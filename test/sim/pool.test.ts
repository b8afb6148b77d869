import { describe, expect, it } from "vitest";
import type { PointSpec } from "../../src/results/types.js";
import { longestFirst } from "../../src/runners/sim/pool.js";

const spec = (rate: number, duration_s = 60): PointSpec => ({
  workload: "idle-burst",
  mechanism: "rtsig",
  connections: 0,
  idle: 252,
  rate,
  reply_bytes: 1,
  duration_s,
  warmup_s: 2,
  client_timeout_s: 1,
  seed: 1,
});

describe("longestFirst", () => {
  it("orders points by simulated requests, most first, keeping input order on ties", () => {
    const specs = [spec(500), spec(4000), spec(1000, 120), spec(2000), spec(4000)];
    // Requests: 31 000, 248 000, 122 000, 124 000, 248 000.
    expect(longestFirst(specs)).toEqual([1, 4, 3, 2, 0]);
  });
});
