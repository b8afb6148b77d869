/**
 * Today's mechanisms in the simulator (epoll, epoll-et, io_uring) on
 * scenarios small enough to compute by hand: one new connection per request,
 * far apart, so every request wakes a sleeping server twice (the connection,
 * then its request), on a modern machine's shape (receive work on the clients'
 * CPU, the server closes after its reply). Constants are round test values,
 * not a calibrated profile.
 */
import { describe, expect, it } from "vitest";
import type { Mechanism } from "../../src/manifest/schema.js";
import type { PointSpec } from "../../src/results/types.js";
import { piii400Linux24 } from "../../src/runners/sim/costs/piii-400-linux-2.4.js";
import type { CostProfile } from "../../src/runners/sim/costs/profile.js";
import { simulatePoint, simulateWithCosts } from "../../src/runners/sim/run-point.js";

const c: CostProfile = {
  ...piii400Linux24,
  id: "test-modern",
  rxSynUs: 0,
  rxHandshakeAckUs: 0,
  rxDataUs: 0,
  rxAckUs: 0,
  rxFinUs: 0,
  sigQueueUs: 0,
  clientMachines: 1,
  clientTimeWaitUs: 0,
  // The request follows the handshake long after the server has accepted: two wake-ups.
  clientRequestDelayUs: 1000,
  serverClosesAfterReply: true,
  idleWakeUs: 5,
  epollWaitUs: 0.5,
  epollEventUs: 0.25,
  epollCtlAddUs: 1.5,
  epollRemoveUs: 1,
  uringEnterUs: 0.75,
  uringPollOpUs: 0.3,
  backgroundCpuPct: 0,
};

function spec(mechanism: Mechanism, idle = 0): PointSpec {
  return {
    workload: "idle-burst",
    mechanism,
    connections: 0,
    idle,
    rate: 20,
    reply_bytes: 1,
    duration_s: 10,
    warmup_s: 1,
    client_timeout_s: 1,
    seed: 1,
  };
}

function run(mechanism: Mechanism, costs = c, idle = 0) {
  const m = simulateWithCosts([spec(mechanism, idle)], costs).metrics[0];
  if (m === undefined) throw new Error("no metrics");
  return m;
}

/** CPU µs per reply (busy over replies; requests never overlap at 20/s). */
function usPerReply(mechanism: Mechanism, costs = c, idle = 0): number {
  const m = run(mechanism, costs, idle);
  expect(m.errors).toBe(0);
  return ((m.cpu_pct as number) * 1e4) / (m.reply_rate as number);
}

/** Two wake-ups from idle; accept; read, parse, write and close in one action. */
const wakes = 2 * (c.contextSwitchUs + c.idleWakeUs);
const requestPath = c.acceptUs + c.readUs + c.httpParseUs + c.writeUs + c.closeUs;

describe("today's mechanisms, hand-computed per-request CPU", () => {
  it("epoll: two empty waits, two events, ADD with accept, removal at close, one stale re-poll of the listen socket", () => {
    const expected =
      wakes +
      2 * (c.epollWaitUs as number) +
      2 * (c.epollEventUs as number) +
      (c.epollCtlAddUs as number) +
      (c.epollRemoveUs as number) +
      c.fopPollUs +
      requestPath;
    expect(usPerReply("epoll")).toBeCloseTo(expected as number, 2);
  });

  it("epoll-et: no re-poll, but the accept loop's last accept() finds nothing", () => {
    const lt = usPerReply("epoll");
    expect(usPerReply("epoll-et")).toBeCloseTo(lt - c.fopPollUs + c.syscallUs, 2);
  });

  it("epoll on a persistent connection: level-triggered polls the served connection once more, edge-triggered does not", () => {
    const persistent = (mechanism: Mechanism): number => {
      const m = simulateWithCosts(
        [{ ...spec(mechanism), workload: "persistent", connections: 10, rate: 20 }],
        c,
      ).metrics[0];
      return ((m?.cpu_pct as number) * 1e4) / (m?.reply_rate as number);
    };
    expect(persistent("epoll") - persistent("epoll-et")).toBeCloseTo(c.fopPollUs, 3);
  });

  it("io_uring: two enters, one poll operation per readiness, no system call to add or remove", () => {
    const expected =
      wakes + 2 * (c.uringEnterUs as number) + 2 * (c.uringPollOpUs as number) + requestPath;
    expect(usPerReply("io_uring")).toBeCloseTo(expected, 2);
  });

  it("epoll and io_uring cost nothing per idle connection; select() does", () => {
    expect(usPerReply("epoll", c, 2000)).toBeCloseTo(usPerReply("epoll"), 2);
    expect(usPerReply("io_uring", c, 2000)).toBeCloseTo(usPerReply("io_uring"), 2);
    expect(usPerReply("select", c, 2000)).toBeGreaterThan(usPerReply("select") + 1000);
  });

  it("closing after the reply: two dispatch calls per request, not the paper's three", () => {
    const closing = run("epoll");
    expect((closing.dispatch_calls as number) / ((closing.reply_rate as number) * 10)).toBeCloseTo(
      2,
      1,
    );
    const waiting = run("epoll", { ...c, serverClosesAfterReply: false });
    expect((waiting.dispatch_calls as number) / ((waiting.reply_rate as number) * 10)).toBeCloseTo(
      3,
      1,
    );
  });

  it("the machine's background share is added to cpu_pct", () => {
    const busy = run("epoll", { ...c, backgroundCpuPct: 2.5 }).cpu_pct as number;
    expect(busy - (run("epoll").cpu_pct as number)).toBeCloseTo(2.5, 6);
  });
});

describe("profiles without today's constants", () => {
  it("the paper's profile cannot simulate epoll or io_uring, and says why", () => {
    for (const mechanism of ["epoll", "epoll-et", "io_uring"] as const) {
      expect(() => simulatePoint(spec(mechanism))).toThrow(
        /cost profile 'piii-400-linux-2\.4' has no (epollWaitUs|uringEnterUs): it cannot simulate/,
      );
    }
  });
});
