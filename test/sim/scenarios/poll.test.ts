/**
 * poll() on scenarios small enough to compute by hand: select()'s scan and
 * wait-queue registration (do_pollfd stops registering at the first ready
 * descriptor) over a pollfd array instead of fd_set bitmaps, and one
 * accept() per listen readiness.
 */
import { describe, expect, it } from "vitest";
import { PollMechanism } from "../../../src/runners/sim/mechanisms/poll.js";
import { ACCEPT, HANDLE } from "../../../src/runners/sim/model/actions.js";
import { Simulation } from "../../../src/runners/sim/model/simulation.js";
import { costsWith, noClients, scenarioSpec, takeActions } from "./scenario-kit.js";

// syscall 5, per descriptor: pollfd 3 (select's bitmap would be 1) + f_op->poll 2, wait entry 4.
const costs = costsWith({
  syscallUs: 5,
  selectBitmapPerFdUs: 1,
  pollfdPerFdUs: 3,
  fopPollUs: 2,
  pollWaitUs: 4,
});

/** poll() attached to an unrun simulation with 99 open sockets: n = 100 descriptors. */
function pollOver99Sockets() {
  const poll = new PollMechanism(costs);
  const sim = new Simulation(scenarioSpec(), costs, poll, noClients);
  poll.attach(sim);
  const sockets = Array.from({ length: 99 }, (_, slot) => sim.openEstablished(slot));
  return { sim, poll, sockets };
}

describe("poll() cost per call", () => {
  it("is poll, the plain (one-accept) server", () => {
    expect(pollOver99Sockets().poll.id).toBe("poll");
  });

  it("nothing ready: syscall + n·(pollfd + f_op->poll + wait entry) = 5 + 100·9", () => {
    const { poll } = pollOver99Sockets();
    expect(poll.dispatchCostUs()).toBe(905);
    expect(poll.collect()).toBe(0);
  });

  it("one ready at scan position 0.255: wait entries only on descriptors 0…25", () => {
    const { sim, poll, sockets } = pollOver99Sockets();
    const ready = sockets[40] as number;
    sim.sockets.hashPos[ready] = 0.255;
    sim.ready.add(ready);
    // 5 + 100·(3 + 2) + 26·4
    expect(poll.dispatchCostUs()).toBe(609);
    expect(poll.collect()).toBe(1);
    expect(takeActions(sim)).toEqual([[HANDLE, ready]]);
  });

  it("a woken poll() polls every descriptor again without registering: n·f_op->poll", () => {
    const { poll } = pollOver99Sockets();
    expect(poll.wakeCostUs()).toBe(200);
  });

  it("accepts once per listen readiness, like the plain select() server", () => {
    const { sim, poll } = pollOver99Sockets();
    sim.acceptCount = 3;
    poll.dispatchCostUs();
    expect(poll.collect()).toBe(1);
    expect(takeActions(sim)).toEqual([[ACCEPT, -1]]);
  });
});
