/**
 * Points that differ only in warm-up and duration follow one trajectory, so
 * one run measures them all (run-point.ts simulateTrajectory). That is only
 * sound if each point's metrics are exactly those of its own run.
 */
import { describe, expect, it } from "vitest";
import type { Mechanism } from "../../src/manifest/schema.js";
import type { PointSpec } from "../../src/results/types.js";
import {
  simulatePoint,
  simulateTrajectory,
  trajectoryKey,
} from "../../src/runners/sim/run-point.js";

function spec(mechanism: Mechanism, warmup_s: number, duration_s: number): PointSpec {
  return {
    workload: "idle-burst",
    mechanism,
    connections: 0,
    idle: 300,
    rate: 3300,
    reply_bytes: 1,
    duration_s,
    warmup_s,
    client_timeout_s: 1,
    seed: 2,
  };
}

describe("one run, several measurement windows", () => {
  it("gives every point exactly the metrics of its own run", () => {
    for (const mechanism of ["rtsig", "devpoll", "select-ma"] as const) {
      // Table 1's whole run, Figure 6's after a warm-up, and a shorter window inside both.
      const specs = [spec(mechanism, 0, 4), spec(mechanism, 0.5, 4), spec(mechanism, 1, 1.5)];
      const shared = simulateTrajectory(specs);
      specs.forEach((s, i) => {
        expect(shared.metrics[i], `${mechanism} window ${i}`).toEqual(simulatePoint(s).metrics);
      });
    }
  });

  it("refuses points of different trajectories", () => {
    expect(trajectoryKey(spec("rtsig", 0, 4))).toBe(trajectoryKey(spec("rtsig", 2, 60)));
    expect(trajectoryKey(spec("rtsig", 0, 4))).not.toBe(trajectoryKey(spec("select", 0, 4)));
    expect(() => simulateTrajectory([spec("rtsig", 0, 4), spec("select", 0, 4)])).toThrow(
      /differ in more than warm-up and duration/,
    );
  });
});
