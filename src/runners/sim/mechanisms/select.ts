/**
 * select() as in Linux 2.4 fs/select.c do_select(), for the plain server
 * (one accept() per listen readiness) and the multi-accept server (accept()
 * until EAGAIN, paper §4.1).
 *
 * Per call the kernel copies the fd_sets in and out and polls every
 * descriptor up to the highest one (f_op->poll). On the first pass the poll
 * table is live, so every descriptor scanned before the first ready one also
 * gets a wait-queue entry (do_select sets `wait = NULL` once something is
 * ready). If nothing is ready the process sleeps with entries on all
 * descriptors and, when woken, polls every descriptor again (second pass,
 * no registration). poll_freewait() then removes the entries.
 */
import type { CostProfile } from "../costs/profile.js";
import { ACCEPT, ACCEPT_DRAIN } from "../model/actions.js";
import type { Packet } from "../model/packets.js";
import type { Simulation } from "../model/simulation.js";
import type { DispatchMechanism } from "./mechanism.js";
import { ReadyEvents } from "./ready-events.js";

/** Scan position of the listen socket: the server opens it first, so it has the lowest fd. */
const LISTEN_POSITION = 0;

export class SelectMechanism implements DispatchMechanism {
  readonly id: string;
  /** Per-descriptor work besides f_op->poll: select's fd_set bitmaps (poll.ts: its pollfd array). */
  protected readonly arrayPerFdUs: number;
  private sim!: Simulation;
  private readonly events = new ReadyEvents();

  constructor(
    private readonly costs: CostProfile,
    private readonly multiAccept: boolean,
  ) {
    this.id = multiAccept ? "select-ma" : "select";
    this.arrayPerFdUs = costs.selectBitmapPerFdUs;
  }

  attach(sim: Simulation): void {
    this.sim = sim;
  }

  /** Descriptors in the interest set: open connections plus the listen socket. */
  private descriptors(): number {
    return this.sim.openSockets + 1;
  }

  dispatchCostUs(): number {
    const c = this.costs;
    const n = this.descriptors();
    const firstReady = this.snapshot();
    // Wait-queue entries go on every descriptor scanned before the first ready one.
    const registered = firstReady < 0 ? n : Math.max(1, Math.ceil(firstReady * n));
    return c.syscallUs + n * (this.arrayPerFdUs + c.fopPollUs) + registered * c.pollWaitUs;
  }

  wakeCostUs(): number {
    // Second pass over every descriptor, without registering.
    this.snapshot();
    return this.descriptors() * this.costs.fopPollUs;
  }

  /**
   * Record what a scan finds now: every readable connection and the listen
   * socket if connections are queued. Returns the scan position in [0, 1) of
   * the first ready descriptor, or −1 when nothing is ready.
   */
  snapshot(): number {
    const events = this.events;
    if (events.take(this.sim) === 0) return -1;
    if (events.listen) return LISTEN_POSITION;
    const hashPos = this.sim.sockets.hashPos;
    let first = 1;
    for (let i = 0; i < events.count; i++) {
      const pos = hashPos[events.sockets[i] as number] as number;
      if (pos < first) first = pos;
    }
    return first;
  }

  /** Whether the last scan found connections waiting on the listen socket. */
  get foundListen(): boolean {
    return this.events.listen;
  }

  collect(): number {
    return this.events.enqueue(this.sim, this.multiAccept ? ACCEPT_DRAIN : ACCEPT);
  }

  onBlock(): void {}

  onSocketReadable(_socket: number): boolean {
    return true;
  }

  onListenReadable(): boolean {
    return true;
  }

  onAcceptedReadable(_socket: number): void {
    // The next select() will report it.
  }

  kernelCostUs(_socket: number, _packet: Packet): number {
    return 0;
  }

  registerCostUs(): number {
    return 0; // FD_SET in the next loop iteration; its scan cost is per call.
  }

  register(_socket: number): void {}

  unregisterCostUs(): number {
    return 0;
  }

  unregister(_socket: number): void {}
}
