/**
 * Each mechanism's CPU accounting on scenarios small enough to compute by
 * hand: requests far apart, so every request wakes a sleeping server.
 */
import { describe, expect, it } from "vitest";
import type { Mechanism } from "../../src/manifest/schema.js";
import type { PointSpec } from "../../src/results/types.js";
import { piii400Linux24 as c } from "../../src/runners/sim/costs/piii-400-linux-2.4.js";
import { modelKey } from "../../src/runners/sim/model-rules.js";
import { simulatePoint } from "../../src/runners/sim/run-point.js";

const PROFILE = "piii-400-linux-2.4";

function spec(mechanism: Mechanism, connections: number, rate: number, seed = 1): PointSpec {
  return {
    workload: "persistent",
    mechanism,
    connections,
    idle: 0,
    rate,
    reply_bytes: 92,
    duration_s: 10,
    warmup_s: 1,
    client_timeout_s: 1,
    seed,
  };
}

/** CPU µs per reply of a run (busy time over replies; requests are too sparse to overlap). */
function cpuPerRequestUs(mechanism: Mechanism, connections: number, rate: number): number {
  const m = simulatePoint(spec(mechanism, connections, rate)).metrics;
  expect(m.errors).toBe(0);
  return (((m.cpu_pct as number) / 100) * 1e6) / (m.reply_rate as number);
}

function expectWithin(actual: number, expected: number, relative: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * relative);
}

const kernelPerRequest = c.rxDataUs + c.rxAckUs;
const requestWork = c.readUs + c.httpParseUs + c.writeUs;

describe("per-request CPU, light load", () => {
  it("rtsig: one signal queued, one sigwaitinfo, one wake-up per request", () => {
    const expected =
      kernelPerRequest + c.sigQueueUs + c.contextSwitchUs + c.sigwaitinfoUs + requestWork;
    expect(cpuPerRequestUs("rtsig", 10, 20)).toBeCloseTo(expected, 1);
  });

  it("rtsig cost does not depend on the number of connections", () => {
    expect(cpuPerRequestUs("rtsig", 2000, 20)).toBeCloseTo(cpuPerRequestUs("rtsig", 10, 20), 1);
  });

  it("select: first pass registers on every fd, second pass after wake-up polls every fd", () => {
    const n = 100 + 1; // connections + listen socket
    const firstPass = c.syscallUs + n * (c.selectBitmapPerFdUs + c.fopPollUs + c.pollWaitUs);
    const secondPass = c.contextSwitchUs + n * c.fopPollUs;
    const expected = kernelPerRequest + firstPass + secondPass + requestWork;
    expect(cpuPerRequestUs("select", 100, 20)).toBeCloseTo(expected, 1);
  });

  it("select cost grows linearly with connections", () => {
    const a = cpuPerRequestUs("select", 100, 5);
    const b = cpuPerRequestUs("select", 1100, 5);
    const perFd = 2 * c.fopPollUs + c.pollWaitUs + c.selectBitmapPerFdUs;
    // Within 2%: now and then two requests share one select() call.
    expectWithin(b - a, 1000 * perFd, 0.02);
  });

  it("devpoll: sleeping costs a full poll with registration plus a walk after wake-up", () => {
    const a = cpuPerRequestUs("devpoll", 100, 5);
    const b = cpuPerRequestUs("devpoll", 1100, 5);
    // Per extra entry: walk + poll + register before sleeping, walk after wake-up (the
    // wake-up walk polls only the hinted entry: docs/model-rules.md R2b).
    const perEntry = 2 * c.devpollWalkPerEntryUs + c.fopPollUs + c.pollWaitUs;
    expect((b - a) / 1000).toBeGreaterThan(perEntry * 0.85);
    expect((b - a) / 1000).toBeLessThan(perEntry * 1.15);
  });
});

describe("mechanism behaviour under load", () => {
  it("devpoll's earlier walk returns one event per call once the server stops sleeping (no hints)", () => {
    const m = simulatePoint(
      spec("devpoll", 3000, 1000),
      modelKey(PROFILE, { devpoll_busy_walk: "first-ready", devpoll_listen_position: "middle" }),
    ).metrics;
    expect(m.events_per_dispatch).toBeCloseTo(1, 2);
    // Overloaded: it drops requests (how many depends on model rules R2/R3, docs/model-rules.md).
    expect(m.reply_rate as number).toBeLessThan(980);
    expect(m.errors as number).toBeGreaterThan(0);
  });

  it("devpoll's patch walk also reports the new and cached-ready entries past the first ready one", () => {
    const m = simulatePoint(spec("devpoll", 3000, 1000)).metrics;
    // More than one event per busy call, far from select's amortization (every ready fd).
    expect(m.events_per_dispatch as number).toBeGreaterThan(1.1);
    expect(m.events_per_dispatch as number).toBeLessThan(2);
  });

  it("select amortizes: more events per call as connections grow at a fixed rate", () => {
    const low = simulatePoint(spec("select", 250, 1000)).metrics;
    const high = simulatePoint(spec("select", 3000, 1000)).metrics;
    expect(high.events_per_dispatch as number).toBeGreaterThan(
      (low.events_per_dispatch as number) * 1.5,
    );
    expect(high.reply_rate as number).toBeGreaterThan(980);
  });

  it("rtsig dequeues one signal per sigwaitinfo and never overflows at 1000 req/s", () => {
    const m = simulatePoint(spec("rtsig", 3000, 1000)).metrics;
    expect(m.sigio_count).toBe(0);
    expect(m.sigwaitinfo_calls as number).toBeCloseTo(1000 * 10, -2);
    expect(m.events_per_dispatch).toBe(1);
  });

  it("metrics a mechanism cannot have are null, not 0", () => {
    const m = simulatePoint(spec("select", 10, 20)).metrics;
    expect(m.sigwaitinfo_calls).toBeNull();
    expect(m.sigio_count).toBeNull();
  });
});

describe("determinism", () => {
  it("same seed, same metrics; another seed, other phases", () => {
    const a = simulatePoint(spec("select", 1000, 1000, 7));
    const b = simulatePoint(spec("select", 1000, 1000, 7));
    const d = simulatePoint(spec("select", 1000, 1000, 8));
    expect(b).toEqual(a);
    expect(d.metrics.resp_ms).not.toBe(a.metrics.resp_ms);
  });
});
