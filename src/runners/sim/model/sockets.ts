/**
 * Server-side TCP sockets as a table of typed arrays indexed by socket id.
 * Ids are never reused within a run, so a late event for a closed socket is
 * recognisably stale.
 */
import { HashOrder } from "./hash-order.js";

export enum SocketState {
  Free = 0,
  /** SYN received, SYN-ACK sent; waiting for the handshake ACK. */
  SynReceived = 1,
  /** Handshake complete, queued on the listen socket, not yet accepted. */
  AcceptQueue = 2,
  /** Accepted by the server and registered with its dispatch mechanism. */
  Open = 3,
  /** Closed by the server. */
  Closed = 4,
}

export class SocketTable {
  size = 0;
  state: Uint8Array;
  /** Client slot that owns the connection. */
  slot: Int32Array;
  /** Requests received and not yet read by the server. */
  rxPending: Int32Array;
  /** FIN received from the client. */
  eof: Uint8Array;
  /** Client gave up on the connection: replies are discarded. */
  peerClosed: Uint8Array;
  /** Position in the /dev/poll hash-table walk order, uniform in [0, 1). */
  hashPos: Float64Array;
  /** Index in the server's ready set, or −1. */
  readyIndex: Int32Array;
  /** Mechanism-private flag (e.g. /dev/poll hint, signal-per-fd bitmap bit). */
  mark: Uint8Array;

  /** `capacity`: sockets expected in the run (the table grows beyond it if needed). */
  constructor(capacity = 1024) {
    const n = Math.max(16, capacity);
    this.state = new Uint8Array(n);
    this.slot = new Int32Array(n);
    this.rxPending = new Int32Array(n);
    this.eof = new Uint8Array(n);
    this.peerClosed = new Uint8Array(n);
    this.hashPos = new Float64Array(n);
    this.readyIndex = new Int32Array(n);
    this.mark = new Uint8Array(n);
  }

  allocate(slot: number, hashPos: number): number {
    if (this.size === this.state.length) this.grow();
    const id = this.size++;
    this.state[id] = SocketState.SynReceived;
    this.slot[id] = slot;
    this.rxPending[id] = 0;
    this.eof[id] = 0;
    this.peerClosed[id] = 0;
    this.hashPos[id] = hashPos;
    this.readyIndex[id] = -1;
    this.mark[id] = 0;
    return id;
  }

  private grow(): void {
    const n = this.state.length * 2;
    const grow8 = (a: Uint8Array) => {
      const b = new Uint8Array(n);
      b.set(a);
      return b;
    };
    const grow32 = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    const hash = new Float64Array(n);
    hash.set(this.hashPos);
    this.state = grow8(this.state);
    this.slot = grow32(this.slot);
    this.rxPending = grow32(this.rxPending);
    this.eof = grow8(this.eof);
    this.peerClosed = grow8(this.peerClosed);
    this.hashPos = hash;
    this.readyIndex = grow32(this.readyIndex);
    this.mark = grow8(this.mark);
  }
}

/**
 * Open sockets with something to read (data or EOF). `items` is in the order
 * they became ready, except that a removal moves the last item into the hole.
 */
export class ReadySet {
  items = new Int32Array(1024);
  count = 0;
  /** The same sockets by hash position, kept only when a mechanism asks (/dev/poll). */
  private hashOrder: HashOrder | null = null;

  constructor(private readonly sockets: SocketTable) {}

  add(id: number): void {
    if (this.sockets.readyIndex[id] !== -1) return;
    if (this.count === this.items.length) {
      const b = new Int32Array(this.items.length * 2);
      b.set(this.items);
      this.items = b;
    }
    this.sockets.readyIndex[id] = this.count;
    this.items[this.count++] = id;
    this.hashOrder?.insert(id);
  }

  remove(id: number): void {
    const idx = this.sockets.readyIndex[id] as number;
    if (idx === -1) return;
    const last = this.items[--this.count] as number;
    this.items[idx] = last;
    this.sockets.readyIndex[last] = idx;
    this.sockets.readyIndex[id] = -1;
    this.hashOrder?.remove(id);
  }

  /** From now on keep the sockets ordered by hash position too (for firstByHashPosition). */
  trackHashOrder(): void {
    if (this.hashOrder) return;
    this.hashOrder = new HashOrder(this.sockets);
    for (let i = 0; i < this.count; i++) this.hashOrder.insert(this.items[i] as number);
  }

  /**
   * The ready socket with the lowest hash position, or −1 when none; of
   * sockets at equal positions, the one first in `items`. O(1) with
   * trackHashOrder(), else (and on a tie) a pass over `items`.
   */
  firstByHashPosition(): number {
    const order = this.hashOrder;
    if (order && !order.hasTieAtTop()) return order.first();
    const pos = this.sockets.hashPos;
    let first = -1;
    let firstPos = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.count; i++) {
      const id = this.items[i] as number;
      const p = pos[id] as number;
      if (p < firstPos) {
        firstPos = p;
        first = id;
      }
    }
    return first;
  }
}
