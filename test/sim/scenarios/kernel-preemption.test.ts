/**
 * Kernel per-packet work preempts the server process: a process work item of
 * W µs with K µs of kernel work arriving in its middle completes at
 * start + W + K, and the CPU is busy W + K, not more.
 */
import { describe, expect, it } from "vitest";
import { SelectMechanism } from "../../../src/runners/sim/mechanisms/select.js";
import { Packet } from "../../../src/runners/sim/model/packets.js";
import { Simulation } from "../../../src/runners/sim/model/simulation.js";
import { costsWith, ROUND_HANDLE_US, ScriptedWorkload, scenarioSpec } from "./scenario-kit.js";

/** Kernel work per received request: K. */
const RX_DATA_US = 10;
const costs = costsWith({ rxDataUs: RX_DATA_US });

/**
 * Two open sockets A and B under select(). A's request arrives at 100; the
 * kernel receives it until 110, when select() wakes (wake cost 0) and the
 * process starts handling A: W = 100 µs from 110. Requests on B arrive at
 * the times given, each K = 10 µs of kernel work.
 */
function run(bRequestTimes: number[]) {
  let a = -1;
  let b = -1;
  const clients = new ScriptedWorkload((sim, c) => {
    a = sim.openEstablished(0);
    b = sim.openEstablished(1);
    c.at(100, () => sim.clientSend(a, Packet.Request));
    for (const t of bRequestTimes) c.at(t, () => sim.clientSend(b, Packet.Request));
  });
  const sim = new Simulation(scenarioSpec(), costs, new SelectMechanism(costs, false), clients);
  sim.run();
  return { sim, clients, a, b };
}

describe("kernel work preempts the process", () => {
  it("without interference, handling A (W = 100) started at 110 ends at 210", () => {
    const { clients, a } = run([]);
    expect(clients.replyTimes(a)).toEqual([110 + ROUND_HANDLE_US]);
  });

  it("K = 10 µs of kernel work at 150, inside [110, 210), pushes A's reply to 110 + 100 + 10", () => {
    const { sim, clients, a, b } = run([150]);
    expect(clients.replyTimes(a)).toEqual([220]);
    // Then select() (1 µs, finds B) and B's handling: 220 + 1 + 100.
    expect(clients.replyTimes(b)).toEqual([321]);
    // Busy: kernel 2·10 + wake 0 + handle A 100 + select 1 + handle B 100 + final select 1.
    // (The select() entered at t = 0 runs before MeasureStart fires at the same instant.)
    expect(sim.counters.busyUs).toBe(222);
  });

  it("two kernel items inside the work item add up: 110 + 100 + 2·10", () => {
    const { clients, a } = run([150, 155]);
    expect(clients.replyTimes(a)).toEqual([230]);
  });

  it("kernel work queued ahead of the process delays the start of its next item", () => {
    // B at 105 queues behind A's receive: kernel [100, 110] then [110, 120]. The wake-up at
    // 110 can only start running at 120, so handling A runs [120, 220].
    const { clients, a, b } = run([105]);
    expect(clients.replyTimes(a)).toEqual([220]);
    expect(clients.replyTimes(b)).toEqual([321]);
  });
});
