/**
 * POSIX.4 RT signals with F_SETSIG and sigwaitinfo() (paper §2.2, Figs. 1–2),
 * and the proposed signal-per-fd (§3.4).
 *
 * Kernel: each socket event on a descriptor with F_SETSIG — data, FIN, a
 * completed connection on the listen socket — queues one signal carrying the
 * fd. The queue is system-wide and limited (2.4 rtsig-max); a signal that
 * does not fit is lost and SIGIO is raised instead (fs/fcntl.c
 * send_sigio_to_task). SIGIO has a lower number than SIGRTMIN, so
 * sigwaitinfo() returns it first; one signal per call.
 *
 * Signal-per-fd: a per-process bitmap allows at most one queued signal per
 * fd; the bit is set when a signal is enqueued and cleared on dequeue (§3.4).
 * It shares the same system-wide queue limit as RT signals: §3.4 promises no
 * overflow only "if the size of the signal queue (and hence the bitmap) is as
 * large as the file descriptor set size", and nothing says the testbed's
 * rtsig-max was raised (its server ran unchanged on the patched kernel, §4.1).
 * So "signal-per-fd never overflows" is a consequence of coalescing under the
 * 1024 limit that the model could break (more than 1024 descriptors with a
 * signal pending at once), not an assumption. On overflow it behaves like the
 * default: SIGIO, and the same server's fallback.
 *
 * Server overflow protocol (paper §4.2, footnote 2): on SIGIO, flush the RT
 * signal queue and serve with multi-accept select(). When it returns to
 * sigwaitinfo() the paper does not say: docs/model-rules.md, R1. The default,
 * `after-one-pass`, is what the overflow handlers of the period whose source
 * could be read do (nginx's ngx_rtsig_module, ircd-hybrid's s_bsd_sigio.c):
 * one pass over every descriptor — one multi-accept select() round, its
 * events served — then back to sigwaitinfo(); a further overflow starts
 * another pass. `until-caught-up` (the model's earlier rule, no source)
 * stays until a select() finds no connection waiting on the listen socket.
 * After accept() the server sets F_SETOWN/F_SETSIG/O_ASYNC (three fcntl
 * calls, Fig. 1) and reads at once, since data that arrived before F_SETSIG
 * queued no signal.
 */
import type { CostProfile } from "../costs/profile.js";
import { ACCEPT_DRAIN, HANDLE, HANDLE_DRAIN } from "../model/actions.js";
import { Packet } from "../model/packets.js";
import type { Simulation } from "../model/simulation.js";
import { SocketState } from "../model/sockets.js";
import { DEFAULT_RULES, type ModelRules } from "../model-rules.js";
import type { DispatchMechanism } from "./mechanism.js";
import { SelectMechanism } from "./select.js";

const LISTEN = -1;

/** When the server leaves its select() fallback (docs/model-rules.md, R1). */
export type FallbackExit = ModelRules["rtsig_fallback_exit"];
/** What the pending sigwaitinfo() call returns. */
enum Got {
  Nothing = 0,
  Signal = 1,
  Sigio = 2,
}

export class RtsigMechanism implements DispatchMechanism {
  readonly id: string;
  private sim!: Simulation;
  private queue: Int32Array;
  private head = 0;
  private length = 0;
  private readonly limit: number;
  private sigioPending = false;
  private listenQueued = false;
  private got: Got = Got.Nothing;
  private gotFd = 0;
  /** Serving with multi-accept select() after an overflow. */
  private inFallback = false;
  /** CPU of the last flush, charged with the first fallback select() call. */
  private flushCostUs = 0;
  private readonly fallback: SelectMechanism;
  /** R1: when the server leaves its fallback. */
  private readonly fallbackExit: FallbackExit;
  /** R6: whether it empties the RT-signal queue on SIGIO (docs/model-rules.md). */
  private readonly flushOnSigio: boolean;

  constructor(
    private readonly costs: CostProfile,
    private readonly perFd: boolean,
    queueLimit?: number,
    rules: Pick<ModelRules, "rtsig_fallback_exit" | "rtsig_overflow_queue"> = DEFAULT_RULES,
  ) {
    this.fallbackExit = rules.rtsig_fallback_exit;
    this.flushOnSigio = rules.rtsig_overflow_queue === "flush";
    this.id = perFd ? "rtsig-perfd" : "rtsig";
    this.limit = queueLimit ?? costs.rtsigQueueMax;
    this.queue = new Int32Array(this.limit);
    this.fallback = new SelectMechanism(costs, true);
  }

  attach(sim: Simulation): void {
    this.sim = sim;
    this.fallback.attach(sim);
  }

  // ---- kernel side --------------------------------------------------------

  kernelCostUs(socket: number, packet: Packet): number {
    const signals =
      packet === Packet.HandshakeAck ||
      ((packet === Packet.Request || packet === Packet.Fin) &&
        this.sim.sockets.state[socket] === SocketState.Open);
    return signals ? this.costs.sigQueueUs : 0;
  }

  /** Whether fd already has a signal queued (signal-per-fd's bitmap). */
  private alreadyQueued(fd: number): boolean {
    return fd === LISTEN ? this.listenQueued : this.sim.sockets.mark[fd] === 1;
  }

  private markQueued(fd: number, queued: boolean): void {
    if (fd === LISTEN) this.listenQueued = queued;
    else this.sim.sockets.mark[fd] = queued ? 1 : 0;
  }

  private enqueue(fd: number): boolean {
    // Signal-per-fd: one queued signal per descriptor; a later event coalesces into it.
    if (this.perFd && this.alreadyQueued(fd)) return false;
    if (this.length >= this.limit) {
      // Queue full: the event is lost and SIGIO is raised instead (its bit stays clear:
      // no signal of this fd is queued).
      this.sigioPending = true;
      return true;
    }
    let tail = this.head + this.length;
    if (tail >= this.queue.length) tail -= this.queue.length;
    this.queue[tail] = fd;
    this.length++;
    if (this.perFd) this.markQueued(fd, true);
    return true;
  }

  private dequeue(): number {
    const fd = this.queue[this.head] as number;
    this.head = this.head + 1 === this.queue.length ? 0 : this.head + 1;
    this.length--;
    if (this.perFd) this.markQueued(fd, false);
    return fd;
  }

  onSocketReadable(socket: number): boolean {
    const queued = this.enqueue(socket);
    // Waiting in select() during fallback, the process is woken by the socket itself.
    return this.inFallback || queued;
  }

  onListenReadable(): boolean {
    const queued = this.enqueue(LISTEN);
    return this.inFallback || queued;
  }

  // ---- process side -------------------------------------------------------

  dispatchCostUs(): number {
    if (this.inFallback) {
      const flush = this.flushCostUs;
      this.flushCostUs = 0;
      return flush + this.fallback.dispatchCostUs();
    }
    const sim = this.sim;
    sim.countSigwaitinfo();
    this.take();
    return this.costs.sigwaitinfoUs;
  }

  wakeCostUs(): number {
    if (this.inFallback) return this.fallback.wakeCostUs();
    this.take();
    return 0;
  }

  /** What sigwaitinfo() returns now: SIGIO first (lower signal number), else the queue head. */
  private take(): void {
    if (this.sigioPending) {
      this.sigioPending = false;
      this.got = Got.Sigio;
    } else if (this.length > 0) {
      this.got = Got.Signal;
      this.gotFd = this.dequeue();
    } else {
      this.got = Got.Nothing;
    }
  }

  collect(): number {
    const sim = this.sim;
    if (this.inFallback) {
      // This round's events are served, then (after-one-pass) the server returns to
      // sigwaitinfo(); until-caught-up returns only once a select() finds no connection
      // waiting to be accepted. Signals queued meanwhile describe events select() already
      // served; they come back as stale work.
      const leave = this.fallbackExit === "after-one-pass" || !this.fallback.foundListen;
      const n = this.fallback.collect();
      if (leave) this.inFallback = false;
      return n > 0 ? n : -1;
    }
    switch (this.got) {
      case Got.Signal:
        this.got = Got.Nothing;
        // The listen socket is drained (accept until EAGAIN) in both variants, as robust
        // RT-signal servers do (phhttpd); the later listen signals then find EAGAIN.
        // Signal-per-fd is a state notification (§4.2): also read until EAGAIN.
        if (this.gotFd === LISTEN) sim.enqueueAction(ACCEPT_DRAIN, -1);
        else sim.enqueueAction(this.perFd ? HANDLE_DRAIN : HANDLE, this.gotFd);
        return 1;
      case Got.Sigio:
        this.got = Got.Nothing;
        sim.countSigio();
        // R6 `keep` (ablation only): the queue stays full, so every event in the
        // fallback raises SIGIO again and the next sigwaitinfo() returns it.
        if (this.flushOnSigio) this.flush();
        this.inFallback = true;
        return -1;
      default:
        return 0;
    }
  }

  /** Drop every queued RT signal (signal(SIGRTMIN, SIG_DFL) and back, as nginx does). */
  private flush(): void {
    this.flushCostUs = 2 * this.costs.syscallUs + this.length * this.costs.sigFlushPerSignalUs;
    while (this.length > 0) this.dequeue();
    this.sigioPending = false;
  }

  onBlock(): void {}

  onAcceptedReadable(socket: number): void {
    // Data that arrived before F_SETSIG queued no signal: read it now.
    this.sim.enqueueAction(this.perFd ? HANDLE_DRAIN : HANDLE, socket);
  }

  registerCostUs(): number {
    // F_SETOWN, F_SETSIG, F_SETFL(O_NONBLOCK|O_ASYNC) — paper Fig. 1.
    return 3 * this.costs.fcntlUs;
  }

  register(_socket: number): void {}

  unregisterCostUs(): number {
    return 0;
  }

  unregister(_socket: number): void {}
}
