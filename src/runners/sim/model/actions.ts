/**
 * The server process's to-do list after a dispatch call: accept a connection
 * or handle one socket. A ring buffer of (kind, socket) pairs.
 */
export type ActionKind = 0 | 1 | 2 | 3;
/** accept() one connection (one per select() readiness or per RT signal). */
export const ACCEPT: ActionKind = 0;
/** read the request on a socket and reply, or close it on EOF. */
export const HANDLE: ActionKind = 1;
/** multi-accept: accept(), and again, until accept() fails with EAGAIN (paper §4.1). */
export const ACCEPT_DRAIN: ActionKind = 2;
/** handle a socket, and again while it stays readable (until read() says EAGAIN or EOF closes it). */
export const HANDLE_DRAIN: ActionKind = 3;

export class ActionQueue {
  private kinds = new Uint8Array(1024);
  private sockets = new Int32Array(1024);
  private head = 0;
  count = 0;

  push(kind: ActionKind, socket: number): void {
    if (this.count === this.kinds.length) this.grow();
    // Ring indices wrap by a compare, not %: an integer division per action is measurable.
    let tail = this.head + this.count;
    if (tail >= this.kinds.length) tail -= this.kinds.length;
    this.kinds[tail] = kind;
    this.sockets[tail] = socket;
    this.count++;
  }

  /** Put an action in front of the queue (multi-accept's next accept()). */
  unshift(kind: ActionKind, socket: number): void {
    if (this.count === this.kinds.length) this.grow();
    this.head = this.head === 0 ? this.kinds.length - 1 : this.head - 1;
    this.kinds[this.head] = kind;
    this.sockets[this.head] = socket;
    this.count++;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  headKind(): ActionKind {
    return this.kinds[this.head] as ActionKind;
  }

  headSocket(): number {
    return this.sockets[this.head] as number;
  }

  shift(): void {
    this.head = this.head + 1 === this.kinds.length ? 0 : this.head + 1;
    this.count--;
  }

  private grow(): void {
    const n = this.kinds.length * 2;
    const kinds = new Uint8Array(n);
    const sockets = new Int32Array(n);
    for (let i = 0; i < this.count; i++) {
      const j = (this.head + i) % this.kinds.length;
      kinds[i] = this.kinds[j] as number;
      sockets[i] = this.sockets[j] as number;
    }
    this.kinds = kinds;
    this.sockets = sockets;
    this.head = 0;
  }
}
