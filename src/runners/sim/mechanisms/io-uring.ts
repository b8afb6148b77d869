/**
 * io_uring as a readiness mechanism, as the hw micro server's mech_io_uring.c
 * uses it: one one-shot IORING_OP_POLL_ADD per watched socket, prepared in
 * user space when the socket is accepted (no system call), re-armed after it
 * fires, and submitted in a batch with the next wait
 * (io_uring_submit_and_wait_timeout). A wait costs a fixed part (one
 * io_uring_enter) plus one poll operation — arm, fire, reap the completion —
 * per readiness it returns, never per watched socket. One accept() per listen
 * readiness (the server's flags are 0). A connection that closes after its
 * poll fired has no armed poll, so close() cancels nothing.
 */
import type { CostProfile } from "../costs/profile.js";
import { requiredCost } from "../costs/profile.js";
import type { Packet } from "../model/packets.js";
import type { Simulation } from "../model/simulation.js";
import type { DispatchMechanism } from "./mechanism.js";
import { ReadyEvents } from "./ready-events.js";

export class IoUringMechanism implements DispatchMechanism {
  readonly id = "io_uring";
  private sim!: Simulation;
  private readonly enterUs: number;
  private readonly pollOpUs: number;
  private readonly events = new ReadyEvents();

  constructor(costs: CostProfile) {
    this.enterUs = requiredCost(costs, "uringEnterUs", this.id);
    this.pollOpUs = requiredCost(costs, "uringPollOpUs", this.id);
  }

  attach(sim: Simulation): void {
    this.sim = sim;
  }

  // Completions waiting: a poll armed on every watched socket fires when it is readable.
  dispatchCostUs(): number {
    return this.enterUs + this.events.take(this.sim) * this.pollOpUs;
  }

  wakeCostUs(): number {
    return this.events.take(this.sim) * this.pollOpUs;
  }

  collect(): number {
    return this.events.enqueue(this.sim);
  }

  onBlock(): void {}

  onSocketReadable(_socket: number): boolean {
    return true;
  }

  onListenReadable(): boolean {
    return true;
  }

  onAcceptedReadable(_socket: number): void {
    // Its first poll, submitted with the next wait, finds the data at once.
  }

  kernelCostUs(_socket: number, _packet: Packet): number {
    return 0; // the poll's wake-up is part of the socket wake-up the receive path pays
  }

  registerCostUs(): number {
    return 0; // an SQE prepared in user space: its cost is the poll operation's
  }

  register(_socket: number): void {}

  unregisterCostUs(): number {
    return 0;
  }

  unregister(_socket: number): void {}
}
