/**
 * epoll (Linux ≥ 2.5.44; today's fs/eventpoll.c) for the plain server: the
 * interest set lives in the kernel, and a socket's wake-up callback
 * (ep_poll_callback) puts it on the ready list, so epoll_wait() costs a fixed
 * part plus a part per ready descriptor (ep_send_events: f_op->poll, copy out)
 * — never per watched descriptor. The hw micro server's mech_epoll.c:
 *
 * - `epoll` is level-triggered: ep_send_events puts every reported item back
 *   on the ready list, so the next epoll_wait() polls it again and drops it
 *   if it is no longer ready — one f_op->poll per item reported by the call
 *   before that is still watched (a closed socket leaves the set at close,
 *   eventpoll_release). One accept() per listen readiness.
 * - `epoll-et` (EPOLLET) reports an item once per readiness and never
 *   re-polls it; the core must accept until EAGAIN (core.c accept_ready: a
 *   failing accept() per drain) and read until EAGAIN.
 *
 * Registration: epoll_ctl(ADD) with accept(); no EPOLL_CTL_DEL — closing the
 * last reference removes the socket (mech_epoll.c epoll_remove), which costs
 * close() the ep_remove.
 */
import type { CostProfile } from "../costs/profile.js";
import { requiredCost } from "../costs/profile.js";
import { ACCEPT_DRAIN, HANDLE_DRAIN } from "../model/actions.js";
import type { Packet } from "../model/packets.js";
import type { Simulation } from "../model/simulation.js";
import { SocketState } from "../model/sockets.js";
import type { DispatchMechanism } from "./mechanism.js";
import { ReadyEvents } from "./ready-events.js";

export class EpollMechanism implements DispatchMechanism {
  readonly id: string;
  private sim!: Simulation;
  private readonly waitUs: number;
  private readonly eventUs: number;
  private readonly ctlAddUs: number;
  private readonly removeUs: number;
  private readonly events = new ReadyEvents();
  /** Level-triggered: the connections (and the listen socket) the last call reported, requeued for the next. */
  private requeued = new Int32Array(1024);
  private requeuedCount = 0;
  private listenRequeued = false;

  constructor(
    private readonly costs: CostProfile,
    private readonly edgeTriggered: boolean,
  ) {
    this.id = edgeTriggered ? "epoll-et" : "epoll";
    this.waitUs = requiredCost(costs, "epollWaitUs", this.id);
    this.eventUs = requiredCost(costs, "epollEventUs", this.id);
    this.ctlAddUs = requiredCost(costs, "epollCtlAddUs", this.id);
    this.removeUs = requiredCost(costs, "epollRemoveUs", this.id);
  }

  attach(sim: Simulation): void {
    this.sim = sim;
  }

  dispatchCostUs(): number {
    // What the ready list holds: every readable connection, the listen socket if connections wait.
    const found = this.events.take(this.sim);
    return this.waitUs + found * this.eventUs + this.stalePolls() * this.costs.fopPollUs;
  }

  /**
   * Level-triggered: items the last call reported were put back on the ready
   * list, so this call polls each once more. Those still ready are among the
   * events found (charged per event); the others cost one f_op->poll and are
   * dropped. A socket closed since left the set at close and is not polled.
   */
  private stalePolls(): number {
    const sockets = this.sim.sockets;
    let stale = this.listenRequeued && this.sim.acceptCount === 0 ? 1 : 0;
    for (let i = 0; i < this.requeuedCount; i++) {
      const id = this.requeued[i] as number;
      if (sockets.state[id] === SocketState.Open && sockets.readyIndex[id] === -1) stale++;
    }
    this.requeuedCount = 0;
    this.listenRequeued = false;
    return stale;
  }

  wakeCostUs(): number {
    // Woken by ep_poll_callback: ep_poll sends what is on the ready list now.
    return this.events.take(this.sim) * this.eventUs;
  }

  collect(): number {
    const events = this.events;
    if (!this.edgeTriggered) {
      // Level-triggered: what this call reports goes back on the ready list for the next.
      if (this.requeued.length < events.count) this.requeued = new Int32Array(events.count * 2);
      this.requeued.set(events.sockets.subarray(0, events.count));
      this.requeuedCount = events.count;
      this.listenRequeued = events.listen;
      return events.enqueue(this.sim);
    }
    return events.enqueue(this.sim, ACCEPT_DRAIN, HANDLE_DRAIN);
  }

  onBlock(): void {}

  onSocketReadable(_socket: number): boolean {
    return true;
  }

  onListenReadable(): boolean {
    return true;
  }

  onAcceptedReadable(_socket: number): void {
    // epoll_ctl(ADD) polls the new socket once (ep_insert) and queues it if ready.
  }

  kernelCostUs(_socket: number, _packet: Packet): number {
    return 0; // ep_poll_callback is part of the socket wake-up the receive path pays
  }

  registerCostUs(): number {
    return this.ctlAddUs;
  }

  register(_socket: number): void {}

  unregisterCostUs(): number {
    return this.removeUs;
  }

  unregister(_socket: number): void {
    // A closed socket leaves the set (and the ready list) at close: stalePolls skips it.
  }
}
