/**
 * One event-dispatch mechanism as the server process uses it, in the manner
 * of libevent's `struct eventop`: the simulation asks it what a dispatch call
 * costs, what the call returns, and what the kernel does on socket events.
 *
 * Timing contract: `dispatchCostUs()` is called when the process enters the
 * dispatch call and decides (from the state at that instant) what the call
 * will find and what it costs; `collect()` is called when the call's work is
 * done and queues the found events as actions. If it queues none, the process
 * blocks inside the call until a kernel notification returns true; it then
 * pays `wakeCostUs()` and `collect()` runs again.
 */
import type { Packet } from "../model/packets.js";
import type { Simulation } from "../model/simulation.js";

export interface DispatchMechanism {
  readonly id: string;
  attach(sim: Simulation): void;

  /** Process enters the dispatch call: fix what it will find; return its CPU cost. */
  dispatchCostUs(): number;
  /** Cost of resuming inside the call after a wake-up (beyond the context switch). */
  wakeCostUs(): number;
  /** The call returns: queue actions on the simulation; return how many events it delivered. */
  collect(): number;
  /** The process is about to sleep inside the call (nothing found). */
  onBlock(): void;

  /** Kernel: data or FIN arrived on an open socket; return true to wake a sleeping process. */
  onSocketReadable(socket: number): boolean;
  /** Kernel: a connection completed into the accept queue; true to wake. */
  onListenReadable(): boolean;
  /** Process: accept() found data already waiting on the new socket. */
  onAcceptedReadable(socket: number): void;
  /** Extra kernel work charged with a received packet (e.g. queueing a signal). */
  kernelCostUs(socket: number, packet: Packet): number;

  /** Process cost of adding a new socket to the interest set, charged with accept(). */
  registerCostUs(): number;
  register(socket: number): void;
  /** Process cost of removing a socket from the interest set, charged with close(). */
  unregisterCostUs(): number;
  unregister(socket: number): void;
}
