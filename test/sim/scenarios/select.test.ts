/**
 * select() and multi-accept select() on scenarios small enough to compute by
 * hand: the cost of one call (do_select's scan and wait-queue registration)
 * and how many select() calls it takes to accept k queued connections.
 */
import { describe, expect, it } from "vitest";
import { SelectMechanism } from "../../../src/runners/sim/mechanisms/select.js";
import { Packet } from "../../../src/runners/sim/model/packets.js";
import { Simulation } from "../../../src/runners/sim/model/simulation.js";
import {
  costsWith,
  noClients,
  ROUND_HANDLE_US,
  roundCosts,
  ScriptedWorkload,
  scenarioSpec,
} from "./scenario-kit.js";

describe("select() cost per call", () => {
  // syscall 5, per descriptor: bitmap 1 + f_op->poll 2, wait-queue entry 4.
  const costs = costsWith({
    syscallUs: 5,
    selectBitmapPerFdUs: 1,
    fopPollUs: 2,
    pollWaitUs: 4,
  });

  /** select() attached to an unrun simulation with 99 open sockets: n = 100 descriptors. */
  function selectOver99Sockets() {
    const select = new SelectMechanism(costs, false);
    const sim = new Simulation(scenarioSpec(), costs, select, noClients);
    select.attach(sim);
    const sockets = Array.from({ length: 99 }, (_, slot) => sim.openEstablished(slot));
    return { sim, select, sockets };
  }

  it("nothing ready: syscall + n·(bitmap + poll + wait entry) = 5 + 100·7", () => {
    const { select } = selectOver99Sockets();
    expect(select.dispatchCostUs()).toBe(705);
    expect(select.collect()).toBe(0);
  });

  it("one ready at scan position 0.255: wait entries only on descriptors 0…25 (26)", () => {
    const { sim, select, sockets } = selectOver99Sockets();
    const ready = sockets[40] as number;
    sim.sockets.hashPos[ready] = 0.255; // descriptor index ⌊0.255·100⌋ = 25
    sim.ready.add(ready);
    // 5 + 100·(1 + 2) + 26·4: every descriptor is still polled, registration stops at 25.
    expect(select.dispatchCostUs()).toBe(409);
    expect(select.collect()).toBe(1);
  });

  it("with several ready, the first in scan order bounds the registration", () => {
    const { sim, select, sockets } = selectOver99Sockets();
    const late = sockets[3] as number;
    const early = sockets[70] as number;
    sim.sockets.hashPos[late] = 0.905;
    sim.sockets.hashPos[early] = 0.255;
    sim.ready.add(late);
    sim.ready.add(early);
    expect(select.dispatchCostUs()).toBe(409);
    expect(select.collect()).toBe(2);
  });

  it("the pass after a wake-up polls every descriptor again, without registering: n·poll", () => {
    const { select } = selectOver99Sockets();
    expect(select.wakeCostUs()).toBe(200);
  });
});

/** select() that remembers how many events each returning call delivered. */
class RecordingSelect extends SelectMechanism {
  readonly delivered: number[] = [];

  override collect(): number {
    const n = super.collect();
    this.delivered.push(n);
    return n;
  }
}

/**
 * One open socket S and K clients. S's request at 10 wakes the sleeping
 * select() and the process handles it over [10, 110]. Meanwhile, at 20, K
 * clients connect; on the instant network with free kernel work all K
 * handshakes complete at 20, so the accept queue holds K when the process
 * next calls select() at 110.
 * Costs: select() = syscall = EAGAIN = 1 (no per-fd costs), accept = 10.
 */
const K = 5;

function acceptBurst(multiAccept: boolean) {
  const select = new RecordingSelect(roundCosts, multiAccept);
  const clients = new ScriptedWorkload((sim, c) => {
    const s = sim.openEstablished(0);
    c.at(10, () => sim.clientSend(s, Packet.Request));
    c.at(20, () => {
      for (let i = 0; i < K; i++) sim.clientConnect(1 + i);
    });
  });
  const sim = new Simulation(scenarioSpec(), roundCosts, select, clients);
  sim.run();
  return { sim, select };
}

describe("accepting a burst of K = 5 queued connections", () => {
  it("select-ma accepts all K in one select() pass: K accepts then one EAGAIN", () => {
    const { sim, select } = acceptBurst(true);
    // select() calls return: 0 (t = 0, sleeps), 1 (wake-up: S), 1 (listen), 0 (sleeps again).
    expect(select.delivered).toEqual([0, 1, 1, 0]);
    // Calls entered in the measured window: the one that found the listen socket and the last.
    expect(sim.counters.dispatchCalls).toBe(2);
    expect(sim.acceptCount).toBe(0);
    expect(sim.openSockets).toBe(1 + K);
    // Busy: handle S 100 + select 1 + K·accept 10 + one EAGAIN 1 + final select 1 = 10K + 103.
    expect(sim.counters.busyUs).toBe(ROUND_HANDLE_US + 1 + 10 * K + 1 + 1);
  });

  it("plain select accepts one connection per select() call: K calls find the listen socket", () => {
    const { sim, select } = acceptBurst(false);
    expect(select.delivered).toEqual([0, 1, ...Array<number>(K).fill(1), 0]);
    expect(sim.counters.dispatchCalls).toBe(K + 1);
    expect(sim.acceptCount).toBe(0);
    expect(sim.openSockets).toBe(1 + K);
    // Busy: handle S 100 + K·(select 1 + accept 10) + final select 1 = 11K + 101; no EAGAIN.
    expect(sim.counters.busyUs).toBe(ROUND_HANDLE_US + 11 * K + 1);
  });
});
