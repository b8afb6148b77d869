/**
 * The ready sockets ordered by their /dev/poll hash-table position
 * (SocketTable.hashPos): an indexed binary min-heap of socket ids.
 *
 * Why: a DP_POLL call finds the first ready entry in hash order. Under
 * overload thousands of sockets are ready and each call delivers one, so a
 * linear search over the ready set made /dev/poll points cost O(ready) per
 * event (two thirds of their run time, `node --cpu-prof`). The heap answers in
 * O(1) and costs O(log n) per readiness change.
 *
 * A socket's position must not change while it is in the heap (the simulator
 * draws it once, at allocation). Positions are random draws and may collide:
 * `hasTieAtTop` tells the caller when another ready socket shares the lowest
 * position, so it can apply its own tie rule (the ready list's order).
 */
import type { SocketTable } from "./sockets.js";

const ABSENT = -1;

export class HashOrder {
  private heap = new Int32Array(1024);
  private count = 0;
  /** Per socket id: its index in `heap`, or ABSENT. */
  private at = new Int32Array(1024).fill(ABSENT);

  constructor(private readonly sockets: SocketTable) {}

  get size(): number {
    return this.count;
  }

  /** The ready socket with the lowest hash position, or −1 when none. */
  first(): number {
    return this.count > 0 ? (this.heap[0] as number) : -1;
  }

  /** Whether another socket shares the top's position (it would be a child of the root). */
  hasTieAtTop(): boolean {
    if (this.count < 2) return false;
    const pos = this.sockets.hashPos;
    const top = pos[this.heap[0] as number] as number;
    return (
      pos[this.heap[1] as number] === top || (this.count > 2 && pos[this.heap[2] as number] === top)
    );
  }

  insert(id: number): void {
    if (id >= this.at.length) this.growIndex(id);
    if (this.count === this.heap.length) {
      const b = new Int32Array(this.heap.length * 2);
      b.set(this.heap);
      this.heap = b;
    }
    this.siftUp(this.count++, id);
  }

  remove(id: number): void {
    const i = id < this.at.length ? (this.at[id] as number) : ABSENT;
    if (i === ABSENT) return;
    this.at[id] = ABSENT;
    const last = this.heap[--this.count] as number;
    if (i === this.count) return;
    // Put the former last element in the hole: it may need to go either way.
    const pos = this.sockets.hashPos;
    const parent = (i - 1) >> 1;
    if (i > 0 && (pos[last] as number) < (pos[this.heap[parent] as number] as number)) {
      this.siftUp(i, last);
    } else this.siftDown(i, last);
  }

  private siftUp(start: number, id: number): void {
    const heap = this.heap;
    const pos = this.sockets.hashPos;
    const p = pos[id] as number;
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pid = heap[parent] as number;
      if ((pos[pid] as number) <= p) break;
      heap[i] = pid;
      this.at[pid] = i;
      i = parent;
    }
    heap[i] = id;
    this.at[id] = i;
  }

  private siftDown(start: number, id: number): void {
    const heap = this.heap;
    const pos = this.sockets.hashPos;
    const p = pos[id] as number;
    const n = this.count;
    let i = start;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (pos[heap[c + 1] as number] as number) < (pos[heap[c] as number] as number))
        c++;
      const cid = heap[c] as number;
      if ((pos[cid] as number) >= p) break;
      heap[i] = cid;
      this.at[cid] = i;
      i = c;
    }
    heap[i] = id;
    this.at[id] = i;
  }

  private growIndex(id: number): void {
    const b = new Int32Array(Math.max(id + 1, this.at.length * 2)).fill(ABSENT);
    b.set(this.at);
    this.at = b;
  }
}
