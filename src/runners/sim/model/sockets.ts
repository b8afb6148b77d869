/**
 * Server-side TCP sockets as a table of typed arrays indexed by socket id.
 * Ids are never reused within a run, so a late event for a closed socket is
 * recognisably stale.
 */
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
  state = new Uint8Array(1024);
  /** Client slot that owns the connection. */
  slot = new Int32Array(1024);
  /** Requests received and not yet read by the server. */
  rxPending = new Int32Array(1024);
  /** FIN received from the client. */
  eof = new Uint8Array(1024);
  /** Client gave up on the connection: replies are discarded. */
  peerClosed = new Uint8Array(1024);
  /** Position in the /dev/poll hash-table walk order, uniform in [0, 1). */
  hashPos = new Float64Array(1024);
  /** Index in the server's ready set, or −1. */
  readyIndex = new Int32Array(1024);
  /** Mechanism-private flag (e.g. /dev/poll hint, signal-per-fd bitmap bit). */
  mark = new Uint8Array(1024);

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

/** Open sockets with something to read (data or EOF), in the order they became ready. */
export class ReadySet {
  items = new Int32Array(1024);
  count = 0;

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
  }

  remove(id: number): void {
    const idx = this.sockets.readyIndex[id] as number;
    if (idx === -1) return;
    const last = this.items[--this.count] as number;
    this.items[idx] = last;
    this.sockets.readyIndex[last] = idx;
    this.sockets.readyIndex[id] = -1;
  }
}
