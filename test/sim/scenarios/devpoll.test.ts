/**
 * /dev/poll (docs/model-rules.md R2, R3): a socket event sets a hint (and
 * wakes the process) only while the process sleeps in DP_POLL with waiters on
 * every entry. A busy DP_POLL polls every entry up to the first ready one,
 * then only dirty (new or hinted) and cached-ready entries, and reports every
 * ready one it polls (the patch's walk, the default); the model's earlier
 * walk (variant `first-ready`) reported the first ready entry and hinted ones.
 */
import { describe, expect, it } from "vitest";
import { DevpollMechanism } from "../../../src/runners/sim/mechanisms/devpoll.js";
import { HANDLE } from "../../../src/runners/sim/model/actions.js";
import { Packet } from "../../../src/runners/sim/model/packets.js";
import { Simulation } from "../../../src/runners/sim/model/simulation.js";
import { DEFAULT_RULES, type ModelRules } from "../../../src/runners/sim/model-rules.js";
import {
  costsWith,
  noClients,
  roundCosts,
  ScriptedWorkload,
  scenarioSpec,
  takeActions,
} from "./scenario-kit.js";

/** Hash positions of the three connections; the listen socket's entry sits at 0 (R3), 0.5 before. */
const A_POS = 0.1;
const B_POS = 0.7;
const C_POS = 0.9;

/** The model's earlier rules: first-ready walk, listen socket in the middle. */
const EARLIER = {
  ...DEFAULT_RULES,
  devpoll_busy_walk: "first-ready",
  devpoll_listen_position: "middle",
} as const;

/** syscall 5, per entry: walk 1, f_op->poll 2, waiter 4. Entries n = 3 sockets + listen = 4. */
const costs = costsWith({
  syscallUs: 5,
  devpollWalkPerEntryUs: 1,
  fopPollUs: 2,
  pollWaitUs: 4,
});

/** Three established connections at A_POS, B_POS, C_POS, under `rules`. */
function threeSockets(rules: ModelRules) {
  const devpoll = new DevpollMechanism(costs, rules);
  const sim = new Simulation(scenarioSpec(), costs, devpoll, noClients);
  devpoll.attach(sim);
  const [a, b, c] = [0, 1, 2].map((slot) => sim.openEstablished(slot)) as [number, number, number];
  sim.sockets.hashPos[a] = A_POS;
  sim.sockets.hashPos[b] = B_POS;
  sim.sockets.hashPos[c] = C_POS;
  return { sim, devpoll, a, b, c };
}

describe("/dev/poll's earlier walk (first ready entry and hinted ones), driven by hand", () => {
  it("sleeping in DP_POLL: events hint and wake; the wake-up walk returns every hinted entry", () => {
    const { sim, devpoll, a, b, c } = threeSockets(EARLIER);
    // Nothing ready: every entry walked, polled and given a waiter: 5 + 4·(1 + 2 + 4).
    expect(devpoll.dispatchCostUs()).toBe(33);
    expect(devpoll.collect()).toBe(0);
    devpoll.onBlock();

    sim.ready.add(c);
    expect(devpoll.onSocketReadable(c)).toBe(true);
    sim.ready.add(b);
    expect(devpoll.onSocketReadable(b)).toBe(true);

    // Walk all 4; poll entries up to the first ready one (B at 0.7: ⌈0.7·4⌉ = 3) and the
    // hinted C beyond it: 4·1 + 4·2.
    expect(devpoll.wakeCostUs()).toBe(12);
    expect(devpoll.collect()).toBe(2);
    expect(takeActions(sim)).toEqual([
      [HANDLE, b],
      [HANDLE, c],
    ]);

    // Awake again (the wake-up removed the waiters): a new event neither hints nor wakes.
    sim.ready.add(a);
    expect(devpoll.onSocketReadable(a)).toBe(false);
  });

  it("busy: no hints, so each DP_POLL returns only the first ready entry in hash order", () => {
    const { sim, devpoll, b, c } = threeSockets(EARLIER);
    sim.ready.add(c);
    expect(devpoll.onSocketReadable(c)).toBe(false);
    sim.ready.add(b);
    expect(devpoll.onSocketReadable(b)).toBe(false);

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

describe("/dev/poll's patch walk (the default), driven by hand", () => {
  // The listen socket is first (R3). A live-prefix entry costs poll + waiter (6), a later one 2.
  it("new entries are dirty: the first DP_POLL polls them past the first ready one and reports all ready", () => {
    const { sim, devpoll, b, c } = threeSockets(DEFAULT_RULES);
    sim.ready.add(c);
    sim.ready.add(b);
    // Live prefix up to B (⌈0.7·4⌉ = 3 entries: listen, A, B), then the dirty C: 5 + 4·1 + 3·6 + 1·2.
    expect(devpoll.dispatchCostUs()).toBe(29);
    expect(devpoll.collect()).toBe(2);
    expect(takeActions(sim)).toEqual([
      [HANDLE, b],
      [HANDLE, c],
    ]);
  });

  it("busy: a socket readable after its last poll waits until the live prefix reaches it", () => {
    const { sim, devpoll, a, b } = threeSockets(DEFAULT_RULES);
    sim.ready.add(a);
    // Live prefix to A (1 entry), then B and C, dirty since insert, polled and not ready: 5 + 4 + 6 + 2·2.
    expect(devpoll.dispatchCostUs()).toBe(19);
    expect(devpoll.collect()).toBe(1);
    expect(takeActions(sim)).toEqual([[HANDLE, a]]);

    // B becomes readable while the server is busy: no waiter, no hint.
    sim.ready.add(b);
    expect(devpoll.onSocketReadable(b)).toBe(false);
    // A is still ready (another request): the walk goes dead at A and B is neither dirty nor cached.
    expect(devpoll.dispatchCostUs()).toBe(5 + 4 + 6);
    expect(devpoll.collect()).toBe(1);
    expect(takeActions(sim)).toEqual([[HANDLE, a]]);

    // A drained: the live prefix now reaches B (3 entries).
    sim.ready.remove(a);
    expect(devpoll.dispatchCostUs()).toBe(5 + 4 + 3 * 6);
    expect(devpoll.collect()).toBe(1);
    expect(takeActions(sim)).toEqual([[HANDLE, b]]);
  });

  it("sleeping: the empty walk registers on every entry; hints wake it and the wake-up walk polls only them", () => {
    const { sim, devpoll, a, b, c } = threeSockets(DEFAULT_RULES);
    expect(devpoll.dispatchCostUs()).toBe(5 + 4 * (1 + 2 + 4));
    expect(devpoll.collect()).toBe(0);
    devpoll.onBlock();
    sim.ready.add(c);
    expect(devpoll.onSocketReadable(c)).toBe(true);
    sim.ready.add(b);
    expect(devpoll.onSocketReadable(b)).toBe(true);
    // Dead table from the start: walk 4, poll the two hinted entries.
    expect(devpoll.wakeCostUs()).toBe(4 + 2 * 2);
    expect(devpoll.collect()).toBe(2);
    expect(takeActions(sim)).toEqual([
      [HANDLE, b],
      [HANDLE, c],
    ]);
    // DP_POLL returned: poll_freewait removed the waiters; no hint any more.
    sim.ready.add(a);
    expect(devpoll.onSocketReadable(a)).toBe(false);
  });

  it("variant while-in-interest-set: a busy server's events hint, so the next walk finds them", () => {
    const { sim, devpoll, a, b } = threeSockets({
      ...DEFAULT_RULES,
      devpoll_waiter: "while-in-interest-set",
    });
    sim.ready.add(a);
    devpoll.dispatchCostUs();
    devpoll.collect();
    takeActions(sim);
    sim.ready.add(b);
    // Hinted (the waiter stays) but not woken: the process is not asleep.
    expect(devpoll.onSocketReadable(b)).toBe(false);
    devpoll.dispatchCostUs();
    expect(devpoll.collect()).toBe(2);
    expect(takeActions(sim)).toEqual([
      [HANDLE, a],
      [HANDLE, b],
    ]);
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
  });
});
