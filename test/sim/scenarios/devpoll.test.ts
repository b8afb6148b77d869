/**
 * /dev/poll hints: a socket event sets a hint (and wakes the process) only
 * while the process sleeps in DP_POLL with waiters on every entry. A busy
 * server gets no hints, so each DP_POLL returns just the first ready entry in
 * hash order.
 */
import { describe, expect, it } from "vitest";
import { DevpollMechanism } from "../../../src/runners/sim/mechanisms/devpoll.js";
import { HANDLE } from "../../../src/runners/sim/model/actions.js";
import { Packet } from "../../../src/runners/sim/model/packets.js";
import { Simulation } from "../../../src/runners/sim/model/simulation.js";
import {
  costsWith,
  noClients,
  roundCosts,
  ScriptedWorkload,
  scenarioSpec,
  takeActions,
} from "./scenario-kit.js";

/** Hash positions of the three connections; the listen socket's entry sits at 0.5. */
const A_POS = 0.1;
const B_POS = 0.7;
const C_POS = 0.9;

describe("/dev/poll hints, driven by hand", () => {
  // syscall 5, per entry: walk 1, f_op->poll 2, waiter 4. Entries n = 3 sockets + listen = 4.
  const costs = costsWith({
    syscallUs: 5,
    devpollWalkPerEntryUs: 1,
    fopPollUs: 2,
    pollWaitUs: 4,
  });

  function threeSockets() {
    const devpoll = new DevpollMechanism(costs);
    const sim = new Simulation(scenarioSpec(), costs, devpoll, noClients);
    devpoll.attach(sim);
    const [a, b, c] = [0, 1, 2].map((slot) => sim.openEstablished(slot)) as [
      number,
      number,
      number,
    ];
    sim.sockets.hashPos[a] = A_POS;
    sim.sockets.hashPos[b] = B_POS;
    sim.sockets.hashPos[c] = C_POS;
    return { sim, devpoll, a, b, c };
  }

  it("sleeping in DP_POLL: events hint and wake; the wake-up walk returns every hinted entry", () => {
    const { sim, devpoll, a, b, c } = threeSockets();
    // Nothing ready: every entry walked, polled and given a waiter: 5 + 4·(1 + 2 + 4).
    expect(devpoll.dispatchCostUs()).toBe(33);
    expect(devpoll.collect()).toBe(0);
    devpoll.onBlock();

    sim.ready.add(c);
    expect(devpoll.onSocketReadable(c)).toBe(true);
    sim.ready.add(b);
    expect(devpoll.onSocketReadable(b)).toBe(true);
    expect([sim.sockets.mark[b], sim.sockets.mark[c]]).toEqual([1, 1]);

    // Walk all 4; poll entries up to the first ready one (B at 0.7: ⌈0.7·4⌉ = 3) and the
    // hinted C beyond it: 4·1 + 4·2.
    expect(devpoll.wakeCostUs()).toBe(12);
    expect(devpoll.collect()).toBe(2);
    expect(takeActions(sim)).toEqual([
      [HANDLE, b],
      [HANDLE, c],
    ]);
    expect([sim.sockets.mark[b], sim.sockets.mark[c]]).toEqual([0, 0]);

    // Awake again (the wake-up removed the waiters): a new event neither hints nor wakes.
    sim.ready.add(a);
    expect(devpoll.onSocketReadable(a)).toBe(false);
    expect(sim.sockets.mark[a]).toBe(0);
  });

  it("busy: no hints, so each DP_POLL returns only the first ready entry in hash order", () => {
    const { sim, devpoll, b, c } = threeSockets();
    sim.ready.add(c);
    expect(devpoll.onSocketReadable(c)).toBe(false);
    sim.ready.add(b);
    expect(devpoll.onSocketReadable(b)).toBe(false);
    expect([sim.sockets.mark[b], sim.sockets.mark[c]]).toEqual([0, 0]);

    // Full walk, polls up to B (3): 5 + 4·1 + 3·2; C, ready too, is not returned.
    expect(devpoll.dispatchCostUs()).toBe(15);
    expect(devpoll.collect()).toBe(1);
    expect(takeActions(sim)).toEqual([[HANDLE, b]]);

    // B handled; the next DP_POLL walks the whole table again for C: polls ⌈0.9·4⌉ = 4.
    sim.ready.remove(b);
    expect(devpoll.dispatchCostUs()).toBe(5 + 4 + 4 * 2);
    expect(devpoll.collect()).toBe(1);
    expect(takeActions(sim)).toEqual([[HANDLE, c]]);
  });
});

describe("/dev/poll hints in a run", () => {
  /**
   * DP_POLL = 1 (roundCosts: no walk or poll cost), handling 100. A's request at 10
   * hints and wakes the sleeping server, which handles A over [10, 110]. Requests on
   * C, then B, arrive at 20 while it is busy: no hints.
   */
  function run() {
    let ids: [number, number, number] = [-1, -1, -1];
    const clients = new ScriptedWorkload((sim, c) => {
      ids = [0, 1, 2].map((slot) => sim.openEstablished(slot)) as [number, number, number];
      const [a, b, cc] = ids;
      sim.sockets.hashPos[a] = A_POS;
      sim.sockets.hashPos[b] = B_POS;
      sim.sockets.hashPos[cc] = C_POS;
      c.at(10, () => sim.clientSend(a, Packet.Request));
      c.at(20, () => {
        sim.clientSend(cc, Packet.Request);
        sim.clientSend(b, Packet.Request);
      });
    });
    const sim = new Simulation(
      scenarioSpec(),
      roundCosts,
      new DevpollMechanism(roundCosts),
      clients,
    );
    sim.run();
    return { sim, clients, ids };
  }

  it("after the busy spell, one DP_POLL per ready socket, in hash order", () => {
    const { sim, clients, ids } = run();
    const [a, b, c] = ids;
    // 110: DP_POLL → B [110, 111], handle B [111, 211]; DP_POLL → C [211, 212], handle C
    // [212, 312]; DP_POLL finds nothing [312, 313]: sleep.
    expect(clients.replies()).toEqual([
      [a, 110],
      [b, 211],
      [c, 312],
    ]);
    expect(sim.counters.dispatchCalls).toBe(3);
    // The wake-up returned A; each of the next two calls returned one event.
    expect(sim.counters.dispatchedEvents).toBe(3);
    expect([...sim.sockets.mark.subarray(0, 3)]).toEqual([0, 0, 0]);
  });
});
