/**
 * /dev/poll for Linux 2.4 (Provos & Lever, paper ref. [10]), modelled from
 * the patch's `dp_poll` (drivers/char/devpoll.c, as posted for 2.4.5 and
 * carried in Libenzi's olddp_patch for 2.4.6; docs/model-rules.md R2, R3, R5):
 *
 * - every DP_POLL walks every entry of the interest hash table;
 * - an entry is polled (f_op->poll) while the poll table is live — up to and
 *   including the first ready entry, each poll also registering a wait-queue
 *   entry — and after that only if it is dirty (set on insert by dp_insert,
 *   and by a hint) or was ready at its last poll (its cached revents);
 *   every ready entry polled is reported (the caller's dp_nfds unbounded);
 * - hints are set by the socket wake-up paths only while a waiter is on the
 *   socket (dp_add_hint under waitqueue_active): waiters live from the poll
 *   that registered them to poll_freewait() when DP_POLL returns (R2a
 *   `per-call`), so a busy server gets no hints;
 * - the listen socket has the lowest descriptor and sits first in the walk
 *   (R3); the server reads a new connection when a DP_POLL reports it (R5).
 *
 * What follows (our reading, docs/devpoll-collapse.md): a socket that becomes
 * readable after its last poll while the server is busy is seen only by a
 * DP_POLL whose live prefix reaches it. The variants (model-rules.ts) keep
 * the model's earlier rules for the ablation experiments.
 */
import type { CostProfile } from "../costs/profile.js";
import { ACCEPT, HANDLE } from "../model/actions.js";
import type { Packet } from "../model/packets.js";
import type { Simulation } from "../model/simulation.js";
import { DEFAULT_RULES, type ModelRules } from "../model-rules.js";
import type { DispatchMechanism } from "./mechanism.js";

/** The listen socket's id in the found list. */
const LISTEN = -1;

/** Per-entry flags (dp_fd->flags and the cached revents). */
const DIRTY = 1;
const CACHED_READY = 2;
const LISTED = 4;

export type DevpollRules = Pick<
  ModelRules,
  "devpoll_waiter" | "devpoll_busy_walk" | "devpoll_listen_position" | "devpoll_accept_read"
>;

export class DevpollMechanism implements DispatchMechanism {
  readonly id = "devpoll";
  private sim!: Simulation;
  /** The process sleeps in (or is being woken inside) a DP_POLL with waiters on every entry. */
  private waiting = false;
  /** R3: the listen socket's place in the walk, as a fraction of it. */
  private readonly listenPosition: number;
  private readonly patchWalk: boolean;
  private readonly waitersStay: boolean;
  /** Entries that a busy walk polls: dirty or cached ready (patch walk); hinted (first-ready). */
  private listed = new Int32Array(1024);
  private listedCount = 0;
  private flags = new Uint8Array(1024);
  private listenFlags = 0;
  private found = new Int32Array(1024);
  private foundCount = 0;

  constructor(
    private readonly costs: CostProfile,
    private readonly rules: DevpollRules = DEFAULT_RULES,
  ) {
    this.listenPosition = rules.devpoll_listen_position === "first" ? 0 : 0.5;
    this.patchWalk = rules.devpoll_busy_walk === "patch";
    this.waitersStay = rules.devpoll_waiter === "while-in-interest-set";
  }

  attach(sim: Simulation): void {
    this.sim = sim;
    // Each walk needs the first ready entry in hash order: keep the ready set ordered by it.
    sim.ready.trackHashOrder();
    // The listen socket was written to /dev/poll when the server started: dirty.
    if (this.patchWalk) this.listenFlags = DIRTY;
  }

  private entries(): number {
    return this.sim.openSockets + 1;
  }

  dispatchCostUs(): number {
    const c = this.costs;
    const n = this.entries();
    const { live, later } = this.patchWalk ? this.walk(true) : this.scanFirstReady();
    if (this.foundCount === 0) {
      // Nothing ready: every entry was polled with the poll table live (registering a waiter),
      // so events from now on set hints and wake the process.
      this.waiting = true;
      return c.syscallUs + n * (c.devpollWalkPerEntryUs + c.fopPollUs + c.pollWaitUs);
    }
    // The earlier simplification charged no registration for the live prefix.
    const perLive = this.patchWalk ? c.fopPollUs + c.pollWaitUs : c.fopPollUs;
    return c.syscallUs + n * c.devpollWalkPerEntryUs + live * perLive + later * c.fopPollUs;
  }

  wakeCostUs(): number {
    // Woken by a hint: dp_poll walks again with the poll table dead (wait = NULL).
    if (!this.patchWalk) this.waiting = false;
    // (The earlier walk polled its prefix to the first ready entry again, unregistered.)
    // (walk(false) has no live prefix: its `live` is 0.)
    const { live, later } = this.patchWalk ? this.walk(false) : this.scanFirstReady();
    return (
      this.entries() * this.costs.devpollWalkPerEntryUs + (live + later) * this.costs.fopPollUs
    );
  }

  private positionOf(id: number): number {
    return id === LISTEN ? this.listenPosition : (this.sim.sockets.hashPos[id] as number);
  }

  /**
   * One dp_poll walk as the patch does it (R2b `patch`). With `live`, the
   * poll table is live until the first ready entry; every entry before it is
   * polled and registered, so its dirty bit and cached state are cleared.
   * After it (or from the start when not live) the dirty and cached-ready
   * entries are polled and the ready ones reported. Returns the polls made in
   * the live prefix and after it.
   */
  private walk(live: boolean): { live: number; later: number } {
    const n = this.entries();
    this.foundCount = 0;
    let firstPos = Number.NEGATIVE_INFINITY;
    let first = -2;
    let livePolls = 0;
    if (live) {
      first = this.sim.ready.firstByHashPosition();
      firstPos = first === -1 ? Number.POSITIVE_INFINITY : this.positionOf(first);
      if (this.sim.acceptCount > 0 && this.listenPosition < firstPos) {
        first = LISTEN;
        firstPos = this.listenPosition;
      }
      if (firstPos === Number.POSITIVE_INFINITY) {
        // Nothing ready: the whole walk is live; every entry polled, nothing dirty or cached.
        this.clearListed();
        return { live: n, later: 0 };
      }
      livePolls = Math.max(1, Math.ceil(firstPos * n));
      this.pushFound(first);
      this.setFlags(first, CACHED_READY);
    }
    let later = 0;
    // The listen entry, if it is past the live prefix.
    if (first !== LISTEN) {
      if (this.listenPosition < firstPos) {
        this.listenFlags = 0;
      } else if (this.listenFlags & (DIRTY | CACHED_READY)) {
        later++;
        const ready = this.sim.acceptCount > 0;
        this.listenFlags = ready ? CACHED_READY : 0;
        if (ready) this.pushFound(LISTEN);
      }
    }
    const s = this.sim.sockets;
    let kept = 0;
    for (let i = 0; i < this.listedCount; i++) {
      const id = this.listed[i] as number;
      const f = this.flags[id] as number;
      if (id === first) {
        this.listed[kept++] = id;
        continue;
      }
      if ((f & (DIRTY | CACHED_READY)) === 0) {
        this.flags[id] = 0; // closed, or cleared by an earlier walk
        continue;
      }
      if ((s.hashPos[id] as number) < firstPos) {
        this.flags[id] = 0; // polled in the live prefix: not ready there
        continue;
      }
      later++;
      if (s.readyIndex[id] !== -1) {
        this.flags[id] = CACHED_READY | LISTED;
        this.listed[kept++] = id;
        this.pushFound(id);
      } else {
        this.flags[id] = 0;
      }
    }
    this.listedCount = kept;
    if (this.foundCount > 1) this.sortFound();
    return { live: livePolls, later };
  }

  /** Sets an entry's flags (keeping it listed while it has any). */
  private setFlags(id: number, f: number): void {
    if (id === LISTEN) {
      this.listenFlags = f;
      return;
    }
    if (id >= this.flags.length) this.growFlags(id);
    const had = this.flags[id] as number;
    if (f !== 0 && (had & LISTED) === 0) {
      if (this.listedCount === this.listed.length) {
        const b = new Int32Array(this.listed.length * 2);
        b.set(this.listed);
        this.listed = b;
      }
      this.listed[this.listedCount++] = id;
      this.flags[id] = f | LISTED;
    } else {
      this.flags[id] = f | (had & LISTED);
    }
  }

  private growFlags(id: number): void {
    const b = new Uint8Array(Math.max(id + 1, this.flags.length * 2));
    b.set(this.flags);
    this.flags = b;
  }

  private clearListed(): void {
    for (let i = 0; i < this.listedCount; i++) this.flags[this.listed[i] as number] = 0;
    this.listedCount = 0;
    this.listenFlags = 0;
  }

  /** Reports in walk order (dp_poll fills the caller's array as it walks): insertion sort, few entries. */
  private sortFound(): void {
    const found = this.found;
    for (let i = 1; i < this.foundCount; i++) {
      const id = found[i] as number;
      const pos = this.positionOf(id);
      let j = i - 1;
      while (j >= 0 && this.positionOf(found[j] as number) > pos) {
        found[j + 1] = found[j] as number;
        j--;
      }
      found[j + 1] = id;
    }
  }

  /**
   * The model's earlier walk (R2b `first-ready`): the first ready entry in
   * hash order and every hinted ready entry; hints cleared. Returns the
   * polls of the prefix (to the first ready) and of hinted entries after it.
   */
  private scanFirstReady(): { live: number; later: number } {
    const sim = this.sim;
    const s = sim.sockets;
    const n = this.entries();
    let firstPos = 2;
    let first = sim.ready.firstByHashPosition();
    if (first === -1) first = LISTEN;
    else firstPos = s.hashPos[first] as number;
    const listenReady = sim.acceptCount > 0;
    if (listenReady && this.listenPosition < firstPos) {
      firstPos = this.listenPosition;
      first = LISTEN;
    }
    this.foundCount = 0;
    if (firstPos > 1) {
      this.clearListed();
      return { live: n, later: 0 };
    }
    this.pushFound(first);
    const live = Math.max(1, Math.ceil(firstPos * n));
    let later = 0;
    for (let i = 0; i < this.listedCount; i++) {
      const id = this.listed[i] as number;
      this.flags[id] = 0;
      if (id === first || s.readyIndex[id] === -1) continue;
      if ((s.hashPos[id] as number) > firstPos) later++;
      this.pushFound(id);
    }
    if (this.listenFlags & DIRTY && first !== LISTEN && listenReady) {
      later++;
      this.pushFound(LISTEN);
    }
    this.listedCount = 0;
    this.listenFlags = 0;
    return { live, later };
  }

  private pushFound(id: number): void {
    if (this.foundCount === this.found.length) {
      const b = new Int32Array(this.found.length * 2);
      b.set(this.found);
      this.found = b;
    }
    this.found[this.foundCount++] = id;
  }

  collect(): number {
    for (let i = 0; i < this.foundCount; i++) {
      const id = this.found[i] as number;
      if (id === LISTEN) this.sim.enqueueAction(ACCEPT, -1);
      else this.sim.enqueueAction(HANDLE, id);
    }
    const n = this.foundCount;
    this.foundCount = 0;
    // DP_POLL returns: poll_freewait() removes the waiters (R2a per-call).
    if (n > 0) this.waiting = false;
    return n;
  }

  onBlock(): void {
    // Waiters were registered by the walk that found nothing (dispatchCostUs).
  }

  /** A hint: dp_add_hint marks the entry dirty, if a waiter is on the socket. */
  private hint(id: number): boolean {
    if (!this.waiting && !this.waitersStay) return false;
    if (id === LISTEN) this.listenFlags |= DIRTY;
    else {
      if (id >= this.flags.length) this.growFlags(id);
      this.setFlags(id, (this.flags[id] as number) | DIRTY);
    }
    return this.waiting;
  }

  onSocketReadable(socket: number): boolean {
    return this.hint(socket);
  }

  onListenReadable(): boolean {
    return this.hint(LISTEN);
  }

  onAcceptedReadable(socket: number): void {
    // R5: the default server reads when a DP_POLL reports the new entry (dirty on insert).
    if (this.rules.devpoll_accept_read === "read-after-accept") {
      this.sim.enqueueAction(HANDLE, socket);
    }
  }

  kernelCostUs(_socket: number, _packet: Packet): number {
    return 0;
  }

  registerCostUs(): number {
    return this.costs.devpollUpdateUs;
  }

  register(socket: number): void {
    // dp_insert sets DPH_DIRTY: the next DP_POLL polls the new entry.
    if (this.patchWalk) this.setFlags(socket, DIRTY);
  }

  unregisterCostUs(): number {
    return this.costs.devpollUpdateUs;
  }

  unregister(socket: number): void {
    // dp_delete: the entry goes; a listed id is dropped at the next walk.
    if (socket < this.flags.length) this.flags[socket] = (this.flags[socket] as number) & LISTED;
  }
}
