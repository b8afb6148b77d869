/**
 * The simulated testbed: one uniprocessor server (kernel + one event-driven
 * server process), a 100 Mbps link each way, and the clients of a workload.
 *
 * CPU: kernel protocol work runs per received packet, first come first served,
 * and preempts the server process (softirq priority, as in Linux 2.4). The
 * process runs one work item at a time (a system call or a user-level step);
 * kernel work arriving while it runs pushes its completion back. CPU busy time
 * is kernel plus process work, which is what the paper's kernel idle counter
 * measured (§3.1.1).
 *
 * Time unit: microseconds.
 */
import type { PointSpec } from "../../../results/types.js";
import type { CostProfile } from "../costs/profile.js";
import { EventQueue } from "../engine/event-queue.js";
import { Rng } from "../engine/rng.js";
import type { DispatchMechanism } from "../mechanisms/mechanism.js";
import {
  ACCEPT,
  ACCEPT_DRAIN,
  type ActionKind,
  ActionQueue,
  HANDLE,
  HANDLE_DRAIN,
} from "./actions.js";
import { Packet } from "./packets.js";
import { ReadySet, SocketState, SocketTable } from "./sockets.js";

export enum Ev {
  /** A client-side timer of the workload (arg0 slot, arg1 generation). */
  ClientTimer = 0,
  /** A packet reaches the server's NIC (arg0 socket, arg1 Packet). */
  ServerRx = 1,
  /** The kernel finished processing a received packet (arg0 socket, arg1 Packet). */
  KernelDone = 2,
  /** The server process finished its current work item (arg0 token). */
  ProcessDone = 3,
  /** A packet reaches a client (arg0 socket, arg1 Packet). */
  ClientRx = 4,
  /** A client's timeout expires (arg0 slot, arg1 generation). */
  ClientTimeout = 5,
  /** A measurement window opens (arg0 its index): its counters start counting. */
  MeasureStart = 6,
  /** End of the run. */
  End = 7,
  /** TCP retransmits a reply whose first segment the full transmit queue dropped (arg0 socket). */
  ServerResend = 8,
  /** A measurement window closes before the run ends (arg0 its index). */
  MeasureEnd = 9,
}

/** The clients of a workload, driven by the simulation. */
export interface Workload {
  /**
   * The clients never act on the server's FIN (they close first, or ignore
   * it): the simulation then skips its delivery event (one of ~20 per request).
   */
  readonly ignoresServerFin?: boolean;
  start(sim: Simulation): void;
  onTimer(slot: number, generation: number): void;
  onTimeout(slot: number, generation: number): void;
  /** A packet from the server reached the client owning `socket`. */
  onClientRx(socket: number, packet: Packet): void;
}

/** Counters over the measurement window. */
export class Counters {
  replies = 0;
  responseTimeSumUs = 0;
  errors = 0;
  busyUs = 0;
  dispatchCalls = 0;
  dispatchedEvents = 0;
  sigwaitinfoCalls = 0;
  sigioCount = 0;
}

/**
 * Where a run's counters count: [startUs, endUs) of simulated time. A point
 * has one window (its warm-up to its end); points that differ only in
 * warm-up and duration follow one trajectory (same seed, same events), so
 * one run can measure them all, each over its own window (run-point.ts).
 */
export interface MeasureWindow {
  startUs: number;
  endUs: number;
}

/** What an action found when it started; its end applies exactly that (costs were charged for it). */
enum Outcome {
  /** accept() or read() with nothing there, or a stale fd: EAGAIN / EBADF. */
  Nothing = 0,
  Accept = 1,
  Reply = 2,
  Close = 3,
}

enum Phase {
  Idle = 0,
  Action = 1,
  Dispatch = 2,
  Wake = 3,
}

export class Simulation {
  readonly queue = new EventQueue(4096);
  readonly rng: Rng;
  readonly sockets: SocketTable;
  readonly ready: ReadySet;
  readonly actions = new ActionQueue();
  /** The counters of the first measurement window (the point's own, for a single point). */
  readonly counters: Counters;
  /** Whether any measurement window is open (a fast path: `open` is empty otherwise). */
  private measuring = false;
  now = 0;

  /** Completed connections waiting for accept() (socket ids, FIFO). */
  private acceptQueue = new Int32Array(256);
  private acceptHead = 0;
  acceptCount = 0;
  /** Sockets currently open in the server process (its interest set, listen socket excluded). */
  openSockets = 0;

  private kernelBusyUntil = 0;
  private uplinkBusyUntil = 0;
  private downlinkBusyUntil = 0;

  private processRunning = false;
  processBlocked = false;
  private processDeadline = 0;
  private processToken = 0;
  private phase: Phase = Phase.Idle;
  private actionKind: ActionKind = 0;
  private actionSocket = 0;
  private actionOutcome: Outcome = Outcome.Nothing;
  /** A readiness notification arrived while the process was inside a dispatch call. */
  private wakePending = false;

  private readonly endUs: number;
  private readonly windows: readonly MeasureWindow[];
  /** Counters per window, and those of the windows open now (usually none or one). */
  private readonly windowCounters: Counters[];
  private open: Counters[] = [];
  /** Segments of one reply; a one-segment reply arrives whole (no separate ReplyEnd). */
  readonly replySegments: number;
  private readonly replyBytes: number;
  private readonly bitsPerUs: number;
  /** wireUsOf(bytes) for 0 ≤ bytes ≤ MSS, computed once: a lookup instead of a division per packet. */
  private readonly wireUsByPayload: Float64Array;
  private readonly txQueueUs: number;
  /** The server closes each connection right after its reply (one request per connection). */
  private readonly closesAfterReply: boolean;

  constructor(
    readonly spec: PointSpec,
    readonly costs: CostProfile,
    readonly mechanism: DispatchMechanism,
    readonly workload: Workload,
    windows?: readonly MeasureWindow[],
  ) {
    this.rng = new Rng(spec.seed);
    // About one socket per request, plus the connections held open: sized once, not regrown.
    const requests = Math.ceil(spec.rate * (spec.warmup_s + spec.duration_s));
    this.sockets = new SocketTable(spec.idle + spec.connections + requests + 1);
    this.ready = new ReadySet(this.sockets);
    this.windows = windows ?? [
      { startUs: spec.warmup_s * 1e6, endUs: (spec.warmup_s + spec.duration_s) * 1e6 },
    ];
    this.endUs = Math.max(...this.windows.map((w) => w.endUs));
    this.windowCounters = this.windows.map(() => new Counters());
    this.counters = this.windowCounters[0] as Counters;
    this.replyBytes = spec.reply_bytes;
    this.replySegments = Math.max(1, Math.ceil(spec.reply_bytes / costs.mssBytes));
    this.closesAfterReply = costs.serverClosesAfterReply && spec.workload === "idle-burst";
    this.bitsPerUs = costs.linkBitsPerSecond / 1e6;
    this.txQueueUs = (costs.txQueueBytes * 8) / this.bitsPerUs;
    this.wireUsByPayload = new Float64Array(costs.mssBytes + 1);
    for (let b = 0; b <= costs.mssBytes; b++) this.wireUsByPayload[b] = this.wireUsOf(b);
  }

  run(): Counters {
    return this.runWindows()[0] as Counters;
  }

  /** Runs to the last window's end; the counters of every window, in order. */
  runWindows(): Counters[] {
    this.mechanism.attach(this);
    this.workload.start(this);
    this.windows.forEach((w, i) => {
      this.queue.push(w.startUs, Ev.MeasureStart, i);
      // A window that ends with the run needs no event: the run stops there.
      if (w.endUs < this.endUs) this.queue.push(w.endUs, Ev.MeasureEnd, i);
    });
    this.queue.push(this.endUs, Ev.End);
    this.runProcess();
    const q = this.queue;
    // The loop stays tiny and each event's work is an ordinary call: V8 optimizes step()
    // like any hot function. With the whole switch in this loop, V8 had to compile the loop
    // on-stack (OSR) and dropped back to the interpreter at every early deoptimization:
    // a worker's first point ran 3–5× slower than the next (`node --trace-opt`).
    while (q.pop() && this.step()) {}
    return this.windowCounters;
  }

  /** Handles the event just popped; false at the end of the run. */
  private step(): boolean {
    const q = this.queue;
    this.now = q.popTime;
    const a0 = q.popArg0;
    const a1 = q.popArg1;
    switch (q.popKind) {
      case Ev.ClientTimer:
        this.workload.onTimer(a0, a1);
        break;
      case Ev.ServerRx:
        this.serverRx(a0, a1);
        break;
      case Ev.KernelDone:
        this.kernelDone(a0, a1);
        break;
      case Ev.ProcessDone:
        this.processDone(a0);
        break;
      case Ev.ClientRx:
        this.workload.onClientRx(a0, a1);
        break;
      case Ev.ClientTimeout:
        this.workload.onTimeout(a0, a1);
        break;
      case Ev.ServerResend:
        this.resendReply(a0);
        break;
      case Ev.MeasureStart:
        this.open.push(this.windowCounters[a0] as Counters);
        this.measuring = true;
        break;
      case Ev.MeasureEnd:
        this.open = this.open.filter((c) => c !== this.windowCounters[a0]);
        this.measuring = this.open.length > 0;
        break;
      case Ev.End:
        return false;
    }
    return true;
  }

  // ---- network ------------------------------------------------------------

  private wireUs(payloadBytes: number): number {
    const table = this.wireUsByPayload;
    return payloadBytes < table.length
      ? (table[payloadBytes] as number)
      : this.wireUsOf(payloadBytes);
  }

  /** Serialization time of one frame; wireUsByPayload holds it for every payload up to the MSS. */
  private wireUsOf(payloadBytes: number): number {
    return ((payloadBytes + this.costs.frameOverheadBytes) * 8) / this.bitsPerUs;
  }

  /** A client sends a packet on `socket`: one-way latency, then the server port's serialization. */
  clientSend(socket: number, packet: Packet, payloadBytes = 0): void {
    const atSwitch = this.now + this.costs.oneWayLatencyUs;
    const start = Math.max(atSwitch, this.uplinkBusyUntil);
    this.uplinkBusyUntil = start + this.wireUs(payloadBytes);
    this.queue.push(this.uplinkBusyUntil, Ev.ServerRx, socket, packet);
  }

  /**
   * The server transmits `payloadBytes` in `segments` segments. The NIC queue
   * holds txQueueBytes; a reply that finds it full is dropped and TCP sends it
   * again after the retransmission timeout, so a saturated wire slows replies
   * down instead of queueing them without bound.
   */
  private serverSend(socket: number, packet: Packet, payloadBytes: number, segments: number): void {
    const backlogUs = this.downlinkBusyUntil - this.now;
    if (packet === Packet.Reply && backlogUs > this.txQueueUs) {
      this.queue.push(this.now + this.costs.retransmitTimeoutUs, Ev.ServerResend, socket, 0);
      return;
    }
    const mss = this.costs.mssBytes;
    let remaining = payloadBytes;
    let firstArrival = 0;
    for (let i = 0; i < segments; i++) {
      const bytes = Math.min(remaining, mss);
      remaining -= bytes;
      const start = Math.max(this.now, this.downlinkBusyUntil);
      this.downlinkBusyUntil = start + this.wireUs(bytes);
      const arrival = this.downlinkBusyUntil + this.costs.oneWayLatencyUs;
      if (i === 0) firstArrival = arrival;
      // The client acknowledges every second segment and the last (delayed ACK, RFC 1122).
      if (packet === Packet.Reply && (i % 2 === 1 || i === segments - 1)) {
        this.queue.push(arrival + this.costs.oneWayLatencyUs, Ev.ServerRx, socket, Packet.Ack);
      }
    }
    if (packet !== Packet.Fin || !this.workload.ignoresServerFin) {
      this.queue.push(firstArrival, Ev.ClientRx, socket, packet);
    }
    if (packet === Packet.Reply && segments > 1) {
      this.queue.push(
        this.downlinkBusyUntil + this.costs.oneWayLatencyUs,
        Ev.ClientRx,
        socket,
        Packet.ReplyEnd,
      );
    }
  }

  /** Retransmission of a dropped reply: kernel work (timer + resend), then the wire. */
  private resendReply(socket: number): void {
    if (this.sockets.state[socket] !== SocketState.Open || this.sockets.peerClosed[socket]) return;
    this.kernelWork(this.costs.writePerExtraSegmentUs);
    this.serverSend(socket, Packet.Reply, this.replyBytes, this.replySegments);
  }

  // ---- kernel -------------------------------------------------------------

  private serverRx(socket: number, packet: Packet): void {
    const c = this.costs;
    let cost: number;
    switch (packet) {
      case Packet.Syn:
        cost = c.rxSynUs;
        break;
      case Packet.HandshakeAck:
        cost = c.rxHandshakeAckUs;
        break;
      case Packet.Request:
        cost = c.rxDataUs;
        break;
      case Packet.Fin:
        cost = c.rxFinUs;
        break;
      default:
        cost = c.rxAckUs;
    }
    cost += this.mechanism.kernelCostUs(socket, packet);
    const done = this.kernelWork(cost);
    // A pure ACK only costs the kernel; nothing happens when it is processed.
    if (packet !== Packet.Ack) this.queue.push(done, Ev.KernelDone, socket, packet);
  }

  /** Kernel work of `cost` µs, after any queued kernel work, preempting the process; returns its end. */
  kernelWork(cost: number): number {
    const start = Math.max(this.now, this.kernelBusyUntil);
    this.kernelBusyUntil = start + cost;
    if (this.processRunning && this.now < this.processDeadline) {
      this.processDeadline += cost;
      this.queue.postponeSolo(this.processDeadline);
    }
    if (this.measuring) this.countBusy(cost);
    return this.kernelBusyUntil;
  }

  private kernelDone(socket: number, packet: Packet): void {
    const s = this.sockets;
    switch (packet) {
      case Packet.Syn: {
        // Linux 2.4 tcp_v4_conn_request drops a SYN while the accept queue is full.
        if (this.acceptCount >= this.costs.listenBacklog) {
          s.state[socket] = SocketState.Closed;
          return;
        }
        this.serverSend(socket, Packet.SynAck, 0, 1);
        return;
      }
      case Packet.HandshakeAck: {
        if (s.state[socket] !== SocketState.SynReceived) return;
        s.state[socket] = SocketState.AcceptQueue;
        this.pushAcceptQueue(socket);
        if (this.mechanism.onListenReadable()) this.wake();
        return;
      }
      case Packet.Request:
      case Packet.Fin: {
        const st = s.state[socket];
        if (st === SocketState.Closed || st === SocketState.Free) return;
        if (packet === Packet.Request) s.rxPending[socket] = (s.rxPending[socket] as number) + 1;
        else s.eof[socket] = 1;
        if (st === SocketState.Open) {
          this.ready.add(socket);
          if (this.mechanism.onSocketReadable(socket)) this.wake();
        }
        return;
      }
      default:
        return;
    }
  }

  private pushAcceptQueue(socket: number): void {
    if (this.acceptCount === this.acceptQueue.length) {
      const b = new Int32Array(this.acceptQueue.length * 2);
      for (let i = 0; i < this.acceptCount; i++) {
        b[i] = this.acceptQueue[(this.acceptHead + i) % this.acceptQueue.length] as number;
      }
      this.acceptQueue = b;
      this.acceptHead = 0;
    }
    let tail = this.acceptHead + this.acceptCount;
    if (tail >= this.acceptQueue.length) tail -= this.acceptQueue.length;
    this.acceptQueue[tail] = socket;
    this.acceptCount++;
  }

  private popAcceptQueue(): number {
    const id = this.acceptQueue[this.acceptHead] as number;
    this.acceptHead = this.acceptHead + 1 === this.acceptQueue.length ? 0 : this.acceptHead + 1;
    this.acceptCount--;
    return id;
  }

  /** A socket established before the run (persistent workload): open and registered at no cost. */
  openEstablished(slot: number): number {
    const id = this.sockets.allocate(slot, this.rng.next());
    this.sockets.state[id] = SocketState.Open;
    this.openSockets++;
    this.mechanism.register(id);
    return id;
  }

  /** A client opens a new connection: allocate the server-side socket and send the SYN. */
  clientConnect(slot: number): number {
    const id = this.sockets.allocate(slot, this.rng.next());
    this.clientSend(id, Packet.Syn);
    return id;
  }

  // ---- server process -----------------------------------------------------

  private startWork(us: number): void {
    const start = Math.max(this.now, this.kernelBusyUntil);
    this.processDeadline = start + us;
    this.processRunning = true;
    if (this.measuring) this.countBusy(us);
    // The process's completion is the queue's solo event: preemption postpones it
    // (kernelWork) without a trip through the calendar (engine/event-queue.ts).
    this.queue.setSolo(this.processDeadline, Ev.ProcessDone, ++this.processToken);
  }

  private processDone(token: number): void {
    if (token !== this.processToken) return;
    // Kernel work that preempted the process postponed this event (kernelWork): it fires
    // at processDeadline.
    this.processRunning = false;
    switch (this.phase) {
      case Phase.Action:
        this.finishAction(this.actionKind, this.actionSocket);
        break;
      case Phase.Dispatch:
      case Phase.Wake: {
        const n = this.mechanism.collect();
        if (n > 0 && this.measuring) {
          for (const c of this.open) c.dispatchedEvents += n;
        }
        // n < 0: the mechanism switched mode and issues another dispatch call at once.
        if (n === 0) {
          if (this.wakePending) {
            // Something became ready during the call: its waiters were already registered,
            // so the call does not sleep but goes round again (select's second pass).
            this.wakePending = false;
            this.phase = Phase.Wake;
            this.startWork(this.mechanism.wakeCostUs());
            return;
          }
          this.processBlocked = true;
          this.phase = Phase.Idle;
          this.mechanism.onBlock();
          return;
        }
        break;
      }
    }
    this.runProcess();
  }

  /** The process continues: the next queued action, or the next dispatch call. */
  private runProcess(): void {
    if (this.actions.count > 0) {
      this.actionKind = this.actions.headKind();
      this.actionSocket = this.actions.headSocket();
      this.actions.shift();
      this.phase = Phase.Action;
      this.startWork(this.beginAction(this.actionKind, this.actionSocket));
      return;
    }
    this.phase = Phase.Dispatch;
    this.wakePending = false;
    if (this.measuring) for (const c of this.open) c.dispatchCalls++;
    this.startWork(this.mechanism.dispatchCostUs());
  }

  /** Kernel side: wake the blocked process (it resumes inside its dispatch call). */
  private wake(): void {
    if (!this.processBlocked) {
      if (this.phase === Phase.Dispatch || this.phase === Phase.Wake) this.wakePending = true;
      return;
    }
    this.processBlocked = false;
    this.phase = Phase.Wake;
    this.startWork(
      this.costs.contextSwitchUs + this.costs.idleWakeUs + this.mechanism.wakeCostUs(),
    );
  }

  private beginAction(kind: ActionKind, socket: number): number {
    const c = this.costs;
    const s = this.sockets;
    if (kind === ACCEPT || kind === ACCEPT_DRAIN) {
      if (this.acceptCount === 0) {
        this.actionOutcome = Outcome.Nothing;
        return c.syscallUs; // EAGAIN
      }
      this.actionOutcome = Outcome.Accept;
      return c.acceptUs + this.mechanism.registerCostUs();
    }
    if (s.state[socket] !== SocketState.Open) {
      this.actionOutcome = Outcome.Nothing;
      return c.syscallUs; // stale event: EBADF
    }
    if ((s.rxPending[socket] as number) > 0) {
      this.actionOutcome = Outcome.Reply;
      const reply =
        c.readUs + c.httpParseUs + c.writeUs + (this.replySegments - 1) * c.writePerExtraSegmentUs;
      return this.closesAfterReply ? reply + c.closeUs + this.mechanism.unregisterCostUs() : reply;
    }
    if (s.eof[socket]) {
      this.actionOutcome = Outcome.Close;
      return c.readUs + c.closeUs + this.mechanism.unregisterCostUs();
    }
    this.actionOutcome = Outcome.Nothing;
    return c.readUs; // nothing there: EAGAIN
  }

  private finishAction(kind: ActionKind, socket: number): void {
    const s = this.sockets;
    switch (this.actionOutcome) {
      case Outcome.Nothing:
        // EAGAIN ends a drain loop; what arrived meanwhile waits for its own notification.
        if (kind === HANDLE || kind === HANDLE_DRAIN) {
          if (
            s.state[socket] === SocketState.Open &&
            !(s.rxPending[socket] as number) &&
            !s.eof[socket]
          ) {
            this.ready.remove(socket);
          }
        }
        return;
      case Outcome.Accept: {
        const id = this.popAcceptQueue();
        if (kind === ACCEPT_DRAIN) this.actions.unshift(ACCEPT_DRAIN, -1);
        s.state[id] = SocketState.Open;
        this.openSockets++;
        this.mechanism.register(id);
        // Data or FIN that arrived before accept() is already readable.
        if ((s.rxPending[id] as number) > 0 || s.eof[id]) {
          this.ready.add(id);
          this.mechanism.onAcceptedReadable(id);
        }
        return;
      }
      case Outcome.Reply:
        if (this.closesAfterReply) {
          // The reply and the FIN leave together (send with MSG_MORE, then close): the
          // client's FIN later finds the socket closed and costs the process nothing.
          s.rxPending[socket] = 0;
          s.state[socket] = SocketState.Closed;
          this.ready.remove(socket);
          this.openSockets--;
          this.mechanism.unregister(socket);
          this.serverSend(socket, Packet.Reply, this.replyBytes, this.replySegments);
          return;
        }
        s.rxPending[socket] = (s.rxPending[socket] as number) - 1;
        if (s.rxPending[socket] === 0 && !s.eof[socket]) this.ready.remove(socket);
        this.serverSend(socket, Packet.Reply, this.replyBytes, this.replySegments);
        // A state-notified server keeps reading until EAGAIN: one notification, all the work.
        if (kind === HANDLE_DRAIN && s.readyIndex[socket] !== -1) {
          this.actions.unshift(HANDLE_DRAIN, socket);
        }
        return;
      case Outcome.Close:
        s.state[socket] = SocketState.Closed;
        this.ready.remove(socket);
        this.openSockets--;
        this.mechanism.unregister(socket);
        // Our FIN goes out; the client's ACK of it costs a receive.
        this.serverSend(socket, Packet.Fin, 0, 1);
        this.queue.push(this.now + 2 * this.costs.oneWayLatencyUs, Ev.ServerRx, socket, Packet.Ack);
        return;
    }
  }

  /** Queue an action for the process (used by mechanisms from collect()). */
  enqueueAction(kind: ActionKind, socket: number): void {
    this.actions.push(kind, socket);
  }

  // ---- clients: counters --------------------------------------------------

  recordReply(sentAt: number): void {
    if (!this.measuring) return;
    const responseUs = this.now - sentAt;
    for (const c of this.open) {
      c.replies++;
      c.responseTimeSumUs += responseUs;
    }
  }

  recordError(): void {
    if (this.measuring) for (const c of this.open) c.errors++;
  }

  /** A sigwaitinfo() call (rtsig.ts), counted in every open window. */
  countSigwaitinfo(): void {
    if (this.measuring) for (const c of this.open) c.sigwaitinfoCalls++;
  }

  /** A SIGIO (queue overflow) dequeued (rtsig.ts). */
  countSigio(): void {
    if (this.measuring) for (const c of this.open) c.sigioCount++;
  }

  private countBusy(us: number): void {
    const open = this.open;
    for (let i = 0; i < open.length; i++) (open[i] as Counters).busyUs += us;
  }

  schedule(time: number, ev: Ev, arg0: number, arg1: number): void {
    this.queue.push(time, ev, arg0, arg1);
  }
}
