/**
 * What a readiness call finds and what it hands the process, shared by the
 * mechanisms that report readiness (select and poll, epoll, io_uring): every
 * readable connection the kernel knows of, the listen socket when completed
 * connections wait in the accept queue, and one action per event.
 */
import { ACCEPT, type ActionKind, HANDLE } from "../model/actions.js";
import type { Simulation } from "../model/simulation.js";

export class ReadyEvents {
  /** The readable connections found, in [0, count). */
  sockets = new Int32Array(1024);
  count = 0;
  /** Whether connections waited on the listen socket. */
  listen = false;

  /** Records what is ready now; returns the events found (connections, and the listen socket). */
  take(sim: Simulation): number {
    const ready = sim.ready;
    if (this.sockets.length < ready.count) this.sockets = new Int32Array(ready.count * 2);
    for (let i = 0; i < ready.count; i++) this.sockets[i] = ready.items[i] as number;
    this.count = ready.count;
    this.listen = sim.acceptCount > 0;
    return this.total;
  }

  get total(): number {
    return this.count + (this.listen ? 1 : 0);
  }

  /** Queues the accept (first) and one handle per connection; clears; returns how many events. */
  enqueue(sim: Simulation, accept: ActionKind = ACCEPT, handle: ActionKind = HANDLE): number {
    const n = this.total;
    if (this.listen) sim.enqueueAction(accept, -1);
    for (let i = 0; i < this.count; i++) sim.enqueueAction(handle, this.sockets[i] as number);
    this.count = 0;
    this.listen = false;
    return n;
  }
}
