/**
 * RT signals: the bounded signal queue, its overflow into one SIGIO and the
 * server's flush-and-fall-back protocol; and signal-per-fd, which queues at
 * most one signal per descriptor.
 */
import { describe, expect, it } from "vitest";
import { RtsigMechanism } from "../../../src/runners/sim/mechanisms/rtsig.js";
import { HANDLE, HANDLE_DRAIN } from "../../../src/runners/sim/model/actions.js";
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

/**
 * The kernel side of RtsigMechanism is private; the scenarios read it (never
 * write it) to check what the queue holds between events.
 */
interface RtsigKernelState {
  length: number;
  sigioPending: boolean;
  inFallback: boolean;
}

function kernelState(rtsig: RtsigMechanism): RtsigKernelState {
  return rtsig as unknown as RtsigKernelState;
}

/** An RT-signal mechanism attached to an unrun simulation with `sockets` open sockets. */
function attached(rtsig: RtsigMechanism, sockets: number) {
  const sim = new Simulation(scenarioSpec(), roundCosts, rtsig, noClients);
  rtsig.attach(sim);
  const ids = Array.from({ length: sockets }, (_, slot) => sim.openEstablished(slot));
  return { sim, ids };
}

/** Every reply's time, earliest first. */
function replyTimesInOrder(clients: { replies(): [unknown, number][] }): number[] {
  return clients
    .replies()
    .map(([, t]) => t)
    .sort((a, b) => a - b);
}

describe("RT signal queue overflow (queue limit 4)", () => {
  it("the 5th undequeued event raises one SIGIO; the server takes it and flushes the 4 signals", () => {
    const rtsig = new RtsigMechanism(roundCosts, false, 4);
    const { sim, ids } = attached(rtsig, 5);
    const queue = kernelState(rtsig);

    for (const [i, socket] of ids.slice(0, 4).entries()) {
      expect(rtsig.onSocketReadable(socket)).toBe(true);
      expect(queue.length).toBe(i + 1);
      expect(queue.sigioPending).toBe(false);
    }
    // The 5th does not fit: the signal is lost and SIGIO raised instead.
    expect(rtsig.onSocketReadable(ids[4] as number)).toBe(true);
    expect(queue.length).toBe(4);
    expect(queue.sigioPending).toBe(true);
    // A further overflow while SIGIO is pending is the same SIGIO (a non-queued signal).
    rtsig.onSocketReadable(ids[0] as number);
    expect(queue.length).toBe(4);

    // sigwaitinfo() returns SIGIO ahead of the queued RT signals …
    expect(rtsig.dispatchCostUs()).toBe(roundCosts.sigwaitinfoUs);
    // … and the server flushes the queue and switches to select(): no action, −1.
    expect(rtsig.collect()).toBe(-1);
    expect(takeActions(sim)).toEqual([]);
    expect(queue.length).toBe(0);
    expect(queue.sigioPending).toBe(false);
    expect(queue.inFallback).toBe(true);
    // The first fallback select() carries the flush: 2 syscalls (1 each) + 4 × 0.5,
    // plus select() itself (syscall 1; no per-fd costs in roundCosts).
    expect(rtsig.dispatchCostUs()).toBe(2 + 4 * 0.5 + 1);
  });

  /**
   * A queue of 4 overflowing in a measured run. Kernel: 2 µs per request
   * (signal queueing); wake-up 3; sigwaitinfo 6; handling 100. t = 10: a
   * request on the first socket; the server wakes at 12 and handles it over
   * [15, 115] (+10 of kernel preemption → 125). t = 20: requests on the other
   * 5 while the server is busy: signals queued at 22, 24, 26, 28; the 5th (30)
   * overflows.
   */
  function overflowRun(rules: ModelRules = DEFAULT_RULES) {
    const costs = costsWith({ sigQueueUs: 2, contextSwitchUs: 3 });
    const rtsig = new RtsigMechanism(costs, false, 4, rules);
    let sockets: number[] = [];
    const clients = new ScriptedWorkload((sim, c) => {
      sockets = Array.from({ length: 6 }, (_, slot) => sim.openEstablished(slot));
      const [first, ...rest] = sockets as [number, ...number[]];
      c.at(10, () => sim.clientSend(first, Packet.Request));
      c.at(20, () => {
        for (const s of rest) sim.clientSend(s, Packet.Request);
      });
    });
    const sim = new Simulation(scenarioSpec(), costs, rtsig, clients);
    sim.run();
    return { sim, rtsig, clients, sockets };
  }

  it("in a measured run: one SIGIO, the 4 queued signals flushed, select() serves all 5", () => {
    const { sim, rtsig, clients, sockets } = overflowRun();

    // 125: sigwaitinfo → SIGIO [125, 131]; flush (2 + 4·0.5 = 4) + select 1 → [131, 136],
    // which finds all 5 ready and no connection waiting on the listen socket, so the server
    // has caught up: handled over [136, 636], then back to sigwaitinfo [636, 642], which
    // finds nothing (the queue was flushed): sleep.
    expect(sim.counters.sigioCount).toBe(1);
    expect(sim.counters.sigwaitinfoCalls).toBe(2);
    expect(sim.counters.dispatchCalls).toBe(3);
    expect(sim.counters.dispatchedEvents).toBe(1 + 5);
    expect(replyTimesInOrder(clients)).toEqual([125, 236, 336, 436, 536, 636]);
    for (const s of sockets) expect(clients.replyTimes(s)).toHaveLength(1);
    // Busy: kernel 6·2 + wake 3 + 6·100 + sigwaitinfo 6 + flush-and-select 5 + sigwaitinfo 6.
    expect(sim.counters.busyUs).toBe(632);
    const queue = kernelState(rtsig);
    expect([queue.length, queue.sigioPending, queue.inFallback]).toEqual([0, false, false]);
  });

  it("variant keep (R6, ablation only): the queue is not emptied; its stale signals come back as empty reads", () => {
    const { sim, rtsig, clients } = overflowRun({ ...DEFAULT_RULES, rtsig_overflow_queue: "keep" });
    // As with flush, but no flush cost (4): select at [131, 132] finds all 5, handled over
    // [132, 632]; then the 4 signals still queued are dequeued one by one, each read finding
    // nothing, and a last sigwaitinfo() sleeps.
    expect(sim.counters.sigioCount).toBe(1);
    expect(sim.counters.sigwaitinfoCalls).toBe(2 + 4);
    expect(sim.counters.dispatchedEvents).toBe(1 + 5 + 4);
    expect(replyTimesInOrder(clients)).toEqual([125, 232, 332, 432, 532, 632]);
    expect(kernelState(rtsig).length).toBe(0);
  });
});

describe("signal-per-fd", () => {
  it("three events on one fd before dequeue queue one signal; after dequeue a new event queues again", () => {
    const perFd = new RtsigMechanism(roundCosts, true);
    const { sim, ids } = attached(perFd, 2);
    const [z, y] = ids as [number, number];
    const queue = kernelState(perFd);

    expect(perFd.onSocketReadable(z)).toBe(true);
    expect(perFd.onSocketReadable(z)).toBe(false);
    expect(perFd.onSocketReadable(z)).toBe(false);
    expect(queue.length).toBe(1);
    // Another descriptor has its own bit.
    expect(perFd.onSocketReadable(y)).toBe(true);
    expect(queue.length).toBe(2);

    perFd.dispatchCostUs();
    expect(perFd.collect()).toBe(1);
    // A state notification: the server reads z until EAGAIN.
    expect(takeActions(sim)).toEqual([[HANDLE_DRAIN, z]]);
    expect(queue.length).toBe(1);

    expect(perFd.onSocketReadable(z)).toBe(true);
    expect(queue.length).toBe(2);
    expect(queue.sigioPending).toBe(false);
  });

  it("shares the RT queue limit: a 5th descriptor with a pending signal overflows a queue of 4", () => {
    const perFd = new RtsigMechanism(roundCosts, true, 4);
    const { sim, ids } = attached(perFd, 5);
    const queue = kernelState(perFd);
    // Repeated events on 4 descriptors coalesce: 4 signals, however many events.
    for (const socket of ids.slice(0, 4)) {
      expect(perFd.onSocketReadable(socket)).toBe(true);
      expect(perFd.onSocketReadable(socket)).toBe(false);
    }
    expect([queue.length, queue.sigioPending]).toEqual([4, false]);
    // A 5th descriptor does not fit: its signal is lost, SIGIO raised, its bit left clear.
    const fifth = ids[4] as number;
    expect(perFd.onSocketReadable(fifth)).toBe(true);
    expect([queue.length, queue.sigioPending]).toEqual([4, true]);
    expect(sim.sockets.mark[fifth]).toBe(0);
    // SIGIO first; the server flushes (clearing every bit) and falls back, as the default does.
    perFd.dispatchCostUs();
    expect(perFd.collect()).toBe(-1);
    expect([queue.length, queue.sigioPending, queue.inFallback]).toEqual([0, false, true]);
    for (const socket of ids) expect(sim.sockets.mark[socket]).toBe(0);
  });

  it("has the profile's rtsig-max limit by default, like plain RT signals", () => {
    const limit = roundCosts.rtsigQueueMax;
    const perFd = new RtsigMechanism(roundCosts, true);
    const { ids } = attached(perFd, limit + 1);
    for (const socket of ids.slice(0, limit)) perFd.onSocketReadable(socket);
    expect(kernelState(perFd).sigioPending).toBe(false);
    perFd.onSocketReadable(ids[limit] as number);
    expect(kernelState(perFd).sigioPending).toBe(true);
  });

  it("plain RT signals queue one signal per event on the same fd", () => {
    const rtsig = new RtsigMechanism(roundCosts, false);
    const { sim, ids } = attached(rtsig, 1);
    const z = ids[0] as number;
    for (let i = 0; i < 3; i++) expect(rtsig.onSocketReadable(z)).toBe(true);
    expect(kernelState(rtsig).length).toBe(3);
    rtsig.dispatchCostUs();
    expect(rtsig.collect()).toBe(1);
    expect(takeActions(sim)).toEqual([[HANDLE, z]]);
  });

  /**
   * Sockets Y and Z. Y's request at 10 wakes the server (kernel [10, 12], wake-up
   * [12, 15]), which handles Y over [15, 115]. At 20 Z receives a request, a
   * request and a FIN (kernel [20, 26], so Y's handling ends at 121). At 500 Y
   * sends another request.
   */
  function dataDataFin(perFd: boolean) {
    const costs = costsWith({ sigQueueUs: 2, contextSwitchUs: 3 });
    const mechanism = new RtsigMechanism(costs, perFd);
    let y = -1;
    let z = -1;
    const clients = new ScriptedWorkload((sim, c) => {
      y = sim.openEstablished(0);
      z = sim.openEstablished(1);
      c.at(10, () => sim.clientSend(y, Packet.Request));
      c.at(20, () => {
        sim.clientSend(z, Packet.Request);
        sim.clientSend(z, Packet.Request);
        sim.clientSend(z, Packet.Fin);
      });
      c.at(500, () => sim.clientSend(y, Packet.Request));
    });
    const sim = new Simulation(scenarioSpec(), costs, mechanism, clients);
    sim.run();
    const finAt = clients.deliveries.filter((d) => d.socket === z && d.packet === Packet.Fin);
    return { sim, clients, y, z, finAt: finAt.map((d) => d.timeUs) };
  }

  it("signal-per-fd: one sigwaitinfo serves data, data and FIN on Z; Y's next event signals again", () => {
    const { sim, clients, y, z, finAt } = dataDataFin(true);
    // 121: sigwaitinfo → Z [121, 127]; read-reply [127, 227], [227, 327]; EOF → close
    // [327, 377]; sigwaitinfo finds nothing [377, 383]. 500: Y's new signal → kernel
    // [500, 502], wake [502, 505], handle [505, 605]; sigwaitinfo [605, 611].
    expect(sim.counters.sigwaitinfoCalls).toBe(3);
    expect(clients.replyTimes(z)).toEqual([227, 327]);
    expect(finAt).toEqual([377]);
    expect(clients.replyTimes(y)).toEqual([121, 605]);
    expect(sim.openSockets).toBe(1);
  });

  it("plain RT signals: the same events cost one sigwaitinfo each", () => {
    const { sim, clients, y, z, finAt } = dataDataFin(false);
    // 121: sigwaitinfo → Z [121, 127], handle [127, 227]; sigwaitinfo → Z [227, 233],
    // handle [233, 333]; sigwaitinfo → Z [333, 339], close [339, 389]; sigwaitinfo
    // finds nothing [389, 395]. 500: as with signal-per-fd.
    expect(sim.counters.sigwaitinfoCalls).toBe(5);
    expect(clients.replyTimes(z)).toEqual([227, 333]);
    expect(finAt).toEqual([389]);
    expect(clients.replyTimes(y)).toEqual([121, 605]);
    expect(sim.openSockets).toBe(1);
  });
});
