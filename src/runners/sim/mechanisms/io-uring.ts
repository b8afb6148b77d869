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
import { ACCEPT, HANDLE } from "../model/actions.js";
import type { Packet } from "../model/packets.js";
import type { Simulation } from "../model/simulation.js";
import type { DispatchMechanism } from "./mechanism.js";

export class IoUringMechanism implements DispatchMechanism {
  readonly id = "io_uring";
  private sim!: Simulation;
  private readonly enterUs: number;
  private readonly pollOpUs: number;
  private found = new Int32Array(1024);
  private foundCount = 0;
  private listenFound = false;

  constructor(costs: CostProfile) {
    this.enterUs = requiredCost(costs, "uringEnterUs", this.id);
    this.pollOpUs = requiredCost(costs, "uringPollOpUs", this.id);
  }

  attach(sim: Simulation): void {
    this.sim = sim;
  }

  /** Completions waiting now: a poll armed on every watched socket fires when it is readable. */
  private snapshot(): number {
    const ready = this.sim.ready;
    if (this.found.length < ready.count) this.found = new Int32Array(ready.count * 2);
    for (let i = 0; i < ready.count; i++) this.found[i] = ready.items[i] as number;
    this.foundCount = ready.count;
    this.listenFound = this.sim.acceptCount > 0;
    return this.foundCount + (this.listenFound ? 1 : 0);
  }

  dispatchCostUs(): number {
    return this.enterUs + this.snapshot() * this.pollOpUs;
  }

  wakeCostUs(): number {
    return this.snapshot() * this.pollOpUs;
  }

  collect(): number {
    const sim = this.sim;
    const n = this.foundCount + (this.listenFound ? 1 : 0);
    if (this.listenFound) sim.enqueueAction(ACCEPT, -1);
    for (let i = 0; i < this.foundCount; i++) sim.enqueueAction(HANDLE, this.found[i] as number);
    this.foundCount = 0;
    this.listenFound = false;
    return n;
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
