/**
 * /dev/poll for Linux 2.4 (Provos & Lever, paper ref. [10]), modelled from
 * what its DP_POLL does (docs/design.md, "Facts"): every call walks every entry of
 * the interest hash table; f_op->poll() is called for hinted entries and for
 * every entry scanned before the first ready one; hints are set only by
 * sockets that have a waiter, i.e. only while the process sleeps inside
 * DP_POLL with wait-queue entries on every socket.
 *
 * The consequence this model adds (our hypothesis for the overload collapse
 * the paper could not explain, §3.1.2): a server that never sleeps never
 * gets hints, so each DP_POLL finds just the first ready entry in hash order
 * and pays a whole table walk for one event. Under overload the cost per
 * event is the walk, which grows with the interest set and does not amortize.
 */
import type { CostProfile } from "../costs/profile.js";
import { ACCEPT, HANDLE } from "../model/actions.js";
import type { Packet } from "../model/packets.js";
import type { Simulation } from "../model/simulation.js";
import type { DispatchMechanism } from "./mechanism.js";

/**
 * The listen socket's entry in the hash walk: first. Buckets are fd & mask and
 * the table grows to about two entries per bucket, so the walk goes in
 * ascending fd order and the listen socket has the lowest fd
 * (docs/model-rules.md, R3; the model had 0.5 before, without a source).
 */
const LISTEN_POSITION = 0.5;
const LISTEN = -1;

export class DevpollMechanism implements DispatchMechanism {
  readonly id = "devpoll";
  private sim!: Simulation;
  /** Waiters are registered on every entry while the process sleeps in DP_POLL. */
  private waiting = false;
  private hinted = new Int32Array(1024);
  private hintedCount = 0;
  private listenHinted = false;
  private found = new Int32Array(1024);
  private foundCount = 0;

  constructor(private readonly costs: CostProfile) {}

  attach(sim: Simulation): void {
    this.sim = sim;
    // Each walk needs the first ready entry in hash order: keep the ready set ordered by it.
    sim.ready.trackHashOrder();
  }

  private entries(): number {
    return this.sim.openSockets + 1;
  }

  dispatchCostUs(): number {
    const c = this.costs;
    const n = this.entries();
    const polls = this.scan();
    if (this.foundCount === 0) {
      // Nothing ready: every entry was polled with the poll table live (registering a waiter),
      // so events from now on set hints and wake the process.
      this.waiting = true;
      return c.syscallUs + n * (c.devpollWalkPerEntryUs + c.fopPollUs + c.pollWaitUs);
    }
    return c.syscallUs + n * c.devpollWalkPerEntryUs + polls * c.fopPollUs;
  }

  wakeCostUs(): number {
    // Woken by a hinted socket: walk the table again; waiters are removed on return.
    this.waiting = false;
    const polls = this.scan();
    return this.entries() * this.costs.devpollWalkPerEntryUs + polls * this.costs.fopPollUs;
  }

  /**
   * One walk: find the first ready entry in hash order and every hinted ready
   * entry; clear the hints. Returns how many entries were polled.
   */
  private scan(): number {
    const sim = this.sim;
    const s = sim.sockets;
    const ready = sim.ready;
    const n = this.entries();
    let firstPos = 2;
    let first = ready.firstByHashPosition();
    if (first === -1) first = LISTEN;
    else firstPos = s.hashPos[first] as number;
    const listenReady = sim.acceptCount > 0;
    if (listenReady && LISTEN_POSITION < firstPos) {
      firstPos = LISTEN_POSITION;
      first = LISTEN;
    }
    this.foundCount = 0;
    if (firstPos > 1) {
      this.clearHints();
      return n;
    }
    this.pushFound(first);
    let polls = Math.max(1, Math.ceil(firstPos * n));
    for (let i = 0; i < this.hintedCount; i++) {
      const id = this.hinted[i] as number;
      s.mark[id] = 0;
      if (id === first || s.readyIndex[id] === -1) continue;
      if ((s.hashPos[id] as number) > firstPos) polls++;
      this.pushFound(id);
    }
    if (this.listenHinted && first !== LISTEN && listenReady) {
      polls++;
      this.pushFound(LISTEN);
    }
    this.hintedCount = 0;
    this.listenHinted = false;
    return polls;
  }

  private pushFound(id: number): void {
    if (this.foundCount === this.found.length) {
      const b = new Int32Array(this.found.length * 2);
      b.set(this.found);
      this.found = b;
    }
    this.found[this.foundCount++] = id;
  }

  private clearHints(): void {
    const s = this.sim.sockets;
    for (let i = 0; i < this.hintedCount; i++) s.mark[this.hinted[i] as number] = 0;
    this.hintedCount = 0;
    this.listenHinted = false;
  }

  collect(): number {
    for (let i = 0; i < this.foundCount; i++) {
      const id = this.found[i] as number;
      if (id === LISTEN) this.sim.enqueueAction(ACCEPT, -1);
      else this.sim.enqueueAction(HANDLE, id);
    }
    const n = this.foundCount;
    this.foundCount = 0;
    return n;
  }

  onBlock(): void {
    // Waiters were registered by the scan that found nothing (dispatchCostUs).
  }

  onSocketReadable(socket: number): boolean {
    if (!this.waiting) return false;
    const s = this.sim.sockets;
    if (s.mark[socket] === 0) {
      s.mark[socket] = 1;
      if (this.hintedCount === this.hinted.length) {
        const b = new Int32Array(this.hinted.length * 2);
        b.set(this.hinted);
        this.hinted = b;
      }
      this.hinted[this.hintedCount++] = socket;
    }
    return true;
  }

  onListenReadable(): boolean {
    if (!this.waiting) return false;
    this.listenHinted = true;
    return true;
  }

  onAcceptedReadable(_socket: number): void {
    // Found by the next DP_POLL walk.
  }

  kernelCostUs(_socket: number, _packet: Packet): number {
    return 0;
  }

  registerCostUs(): number {
    return this.costs.devpollUpdateUs;
  }

  register(_socket: number): void {}

  unregisterCostUs(): number {
    return this.costs.devpollUpdateUs;
  }

  unregister(socket: number): void {
    this.sim.sockets.mark[socket] = 0;
  }
}
