/**
 * The idle-burst workload's clients close first, so each client port waits
 * out TIME_WAIT before it can be used again. With one port per machine, a
 * connection attempt inside TIME_WAIT fails (httperf counts an error).
 */
import { describe, expect, it } from "vitest";
import { piii400Linux24 } from "../../../src/runners/sim/costs/piii-400-linux-2.4.js";
import { Rng } from "../../../src/runners/sim/engine/rng.js";
import { SelectMechanism } from "../../../src/runners/sim/mechanisms/select.js";
import { Simulation } from "../../../src/runners/sim/model/simulation.js";
import { IdleBurstWorkload } from "../../../src/runners/sim/workloads/idle-burst.js";
import { PortPool } from "../../../src/runners/sim/workloads/port-pool.js";
import { scenarioSpec } from "./scenario-kit.js";

describe("PortPool", () => {
  it("a released port is free again exactly TIME_WAIT after the close", () => {
    const ports = new PortPool(1, 25_000);
    expect(ports.take(0)).toBe(true);
    expect(ports.take(500)).toBe(false); // still open
    ports.release(1_000);
    expect(ports.take(1_000)).toBe(false);
    expect(ports.take(25_999)).toBe(false);
    expect(ports.take(26_000)).toBe(true);
    expect(ports.busy).toBe(1);
  });
});

describe("idle-burst: one client port per machine", () => {
  // One machine at 100 connections/s: a connection attempt every 10 ms, starting at the
  // machine's random phase t0 (the run's first random draw; no idle connections).
  const seed = 1;
  const intervalUs = 10_000;
  const t0 = new Rng(seed).next() * intervalUs;

  /**
   * A 40 ms run: attempts at t0, t0 + 10, t0 + 20, t0 + 30 ms. Each connection
   * (handshake, 0.5 ms think time, request, reply, close) lasts about 1 ms on
   * the PIII profile, far less than the 10 ms between attempts.
   */
  function run(timeWaitUs: number) {
    const costs = { ...piii400Linux24, clientPortsPerMachine: 1, clientTimeWaitUs: timeWaitUs };
    const workload = new IdleBurstWorkload(0, 100, 1, 1);
    const spec = scenarioSpec({
      workload: "idle-burst",
      rate: 100,
      reply_bytes: 92,
      duration_s: 0.04,
      seed,
    });
    const sim = new Simulation(spec, costs, new SelectMechanism(costs, false), workload);
    const counters = sim.run();
    return { sim, counters };
  }

  it("with TIME_WAIT 25 ms, the attempts at t0 + 10 and t0 + 20 ms fail; t0 + 30 ms connects", () => {
    // The second connection must also finish inside the run for its reply to count.
    expect(t0 + 30_000 + 2_000).toBeLessThan(40_000);
    const { sim, counters } = run(25_000);
    // The port closed at ≈ t0 + 1 ms is in TIME_WAIT until ≈ t0 + 26 ms.
    expect(counters.errors).toBe(2);
    // Only the attempts at t0 and t0 + 30 ms reached the server.
    expect(sim.sockets.size).toBe(2);
    expect(counters.replies).toBe(2);
  });

  it("with TIME_WAIT 5 ms, shorter than the interval, every attempt connects", () => {
    const { sim, counters } = run(5_000);
    expect(counters.errors).toBe(0);
    expect(sim.sockets.size).toBe(4);
    expect(counters.replies).toBe(4);
  });
});
