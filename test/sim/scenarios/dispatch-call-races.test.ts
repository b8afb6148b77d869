/**
 * Events that arrive while the process is inside a system call:
 *
 * 1. No lost wake-up. A dispatch call that finds nothing when entered still
 *    returns an event that arrives during the call (select's and DP_POLL's
 *    waiters are already registered; sigwaitinfo rechecks its queue), instead
 *    of sleeping with the event ready.
 * 2. EAGAIN is decided when a call starts. accept() or read() that found
 *    nothing is charged as EAGAIN and does not also accept or answer what
 *    arrives during it; that costs a later, fully charged call.
 */
import { describe, expect, it } from "vitest";
import type { CostProfile } from "../../../src/runners/sim/costs/profile.js";
import { DevpollMechanism } from "../../../src/runners/sim/mechanisms/devpoll.js";
import type { DispatchMechanism } from "../../../src/runners/sim/mechanisms/mechanism.js";
import { RtsigMechanism } from "../../../src/runners/sim/mechanisms/rtsig.js";
import { SelectMechanism } from "../../../src/runners/sim/mechanisms/select.js";
import { Packet } from "../../../src/runners/sim/model/packets.js";
import { Simulation } from "../../../src/runners/sim/model/simulation.js";
import { costsWith, roundCosts, ScriptedWorkload, scenarioSpec } from "./scenario-kit.js";

/**
 * One open socket S. The dispatch call entered at t = 0 costs 50 µs and finds
 * nothing; S's request arrives at 20 (free kernel work, instant network), in the
 * middle of it. Nothing else happens in the 10 ms run.
 */
function requestDuringEmptyDispatch(costs: CostProfile, mechanism: DispatchMechanism) {
  let s = -1;
  const clients = new ScriptedWorkload((sim, c) => {
    s = sim.openEstablished(0);
    c.at(20, () => sim.clientSend(s, Packet.Request));
  });
  const sim = new Simulation(scenarioSpec(), costs, mechanism, clients);
  sim.run();
  return clients.replyTimes(s);
}

describe("an event during a dispatch call that found nothing (FAILS: lost wake-up)", () => {
  // Expected: the call returns S when its work ends at 50 (the re-check costs 0 here: no
  // context switch, no per-fd cost in roundCosts) and S is handled over [50, 150].
  // Actual: the process sleeps at 50 and S is never served.

  it("select(): the socket polled before the data came has a waiter; select() returns it", () => {
    const costs = costsWith({ syscallUs: 50 });
    expect(requestDuringEmptyDispatch(costs, new SelectMechanism(costs, false))).toEqual([150]);
  });

  it("DP_POLL: waiters are registered during the empty walk; the event hints and wakes", () => {
    const costs = costsWith({ syscallUs: 50 });
    expect(requestDuringEmptyDispatch(costs, new DevpollMechanism(costs))).toEqual([150]);
  });

  it("sigwaitinfo(): a signal queued during the call is returned, not left in the queue", () => {
    const costs = costsWith({ sigwaitinfoUs: 50 });
    expect(requestDuringEmptyDispatch(costs, new RtsigMechanism(costs, false))).toEqual([150]);
  });
});

describe("an arrival during an EAGAIN system call (FAILS: outcome re-decided at the end)", () => {
  it("accept() that found the queue empty returns EAGAIN; the connection costs a later accept()", () => {
    // select-ma, roundCosts (select = EAGAIN = 1, accept = 10, handling 100). S's request at
    // 10: handled [10, 110]; client 1 connects at 20. 110: select [110, 111] finds the listen
    // socket; accept [111, 121]; accept → EAGAIN [121, 122]. Client 2 connects at 121.5.
    // Expected: select [122, 123] finds the listen socket again; accept [123, 133]; EAGAIN
    // [133, 134]; select [134, 135] finds nothing: sleep.
    // Actual: the EAGAIN accept() at [121, 122] takes client 2 for 1 µs; no acceptUs charged.
    const clients = new ScriptedWorkload((sim, c) => {
      const s = sim.openEstablished(0);
      c.at(10, () => sim.clientSend(s, Packet.Request));
      c.at(20, () => sim.clientConnect(1));
      c.at(121.5, () => sim.clientConnect(2));
    });
    const sim = new Simulation(
      scenarioSpec(),
      roundCosts,
      new SelectMechanism(roundCosts, true),
      clients,
    );
    sim.run();
    expect(sim.openSockets).toBe(3);
    // Busy: handle 100 + select 1 + accept 10 + EAGAIN 1 + select 1 + accept 10 + EAGAIN 1
    // + select 1 (actual: 114 = the second accept's 10 and one select missing).
    expect(sim.counters.busyUs).toBe(125);
    expect(sim.counters.dispatchCalls).toBe(3);
  });

  it("read() that found nothing returns EAGAIN; the request is answered by a later read-parse-write", () => {
    // Signal-per-fd, kernel 2 µs per request, wake-up 3, sigwaitinfo 6, handling 100,
    // read 20. Y's request 1 at 10 wakes the server (kernel [10, 12], wake [12, 15],
    // dequeuing Y's signal); request 2 at 20 (kernel [20, 22]) queues a new signal while Y
    // is handled: [15, 117] reply 1, [117, 217] reply 2 (the drain). sigwaitinfo [217, 223]
    // returns that now-stale signal; read() [223, 243] finds nothing. Request 3 arrives at
    // 230 (kernel [230, 232] → the read ends at 245) and queues a signal.
    // Expected: read() returns EAGAIN at 245; sigwaitinfo [245, 251] → Y; handling
    // [251, 351]: reply 3 at 351.
    // Actual: reply 3 leaves at 245, charged only the 20 µs read.
    const costs = costsWith({ sigQueueUs: 2, contextSwitchUs: 3 });
    let y = -1;
    const clients = new ScriptedWorkload((sim, c) => {
      y = sim.openEstablished(0);
      c.at(10, () => sim.clientSend(y, Packet.Request));
      c.at(20, () => sim.clientSend(y, Packet.Request));
      c.at(230, () => sim.clientSend(y, Packet.Request));
    });
    const sim = new Simulation(scenarioSpec(), costs, new RtsigMechanism(costs, true), clients);
    sim.run();
    expect(clients.replyTimes(y)).toEqual([117, 217, 351]);
  });
});
