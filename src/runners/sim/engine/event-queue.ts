/**
 * The simulator's future-event list: a 4-ary min-heap ordered by (time,
 * insertion sequence), so events at equal times fire first-in first-out and
 * a run is deterministic. Events carry an integer type and two integer
 * arguments instead of a closure, so scheduling one does not allocate.
 *
 * The heap moves only (time, slot) pairs; an event's payload stays in its
 * slot. A 4-ary heap is shallower than a binary one, and its four children
 * sit next to each other in memory — the hot path of the whole simulator
 * (profiled with `node --cpu-prof`).
 */
export class EventQueue {
  private heapTime: Float64Array;
  private heapSlot: Int32Array;
  private slotSeq: Float64Array;
  private slotKind: Int32Array;
  private slotArg0: Int32Array;
  private slotArg1: Int32Array;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private slotsUsed = 0;
  private count = 0;
  private nextSeq = 0;
  /** Events popped so far (the simulator's events/s counts these). */
  popped = 0;

  /** Set by pop(): the popped event's fields. */
  popTime = 0;
  popKind = 0;
  popArg0 = 0;
  popArg1 = 0;

  constructor(initialCapacity = 1024) {
    const n = Math.max(4, initialCapacity);
    this.heapTime = new Float64Array(n);
    this.heapSlot = new Int32Array(n);
    this.slotSeq = new Float64Array(n);
    this.slotKind = new Int32Array(n);
    this.slotArg0 = new Int32Array(n);
    this.slotArg1 = new Int32Array(n);
    this.freeSlots = new Int32Array(n);
  }

  get size(): number {
    return this.count;
  }

  push(time: number, kind: number, arg0 = 0, arg1 = 0): void {
    if (this.count === this.heapTime.length) this.grow();
    const slot =
      this.freeCount > 0 ? (this.freeSlots[--this.freeCount] as number) : this.slotsUsed++;
    const seq = this.nextSeq++;
    this.slotSeq[slot] = seq;
    this.slotKind[slot] = kind;
    this.slotArg0[slot] = arg0;
    this.slotArg1[slot] = arg1;
    const ht = this.heapTime;
    const hs = this.heapSlot;
    const ss = this.slotSeq;
    // Sift the hole up from the end, then drop the new event into it.
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const pt = ht[parent] as number;
      if (pt < time || (pt === time && (ss[hs[parent] as number] as number) < seq)) break;
      ht[i] = pt;
      hs[i] = hs[parent] as number;
      i = parent;
    }
    ht[i] = time;
    hs[i] = slot;
  }

  /** Removes the earliest event into popTime/popKind/popArg0/popArg1; false when empty. */
  pop(): boolean {
    if (this.count === 0) return false;
    this.popped++;
    const ht = this.heapTime;
    const hs = this.heapSlot;
    const ss = this.slotSeq;
    const top = hs[0] as number;
    this.popTime = ht[0] as number;
    this.popKind = this.slotKind[top] as number;
    this.popArg0 = this.slotArg0[top] as number;
    this.popArg1 = this.slotArg1[top] as number;
    this.freeSlots[this.freeCount++] = top;
    const last = --this.count;
    if (last === 0) return true;
    const lt = ht[last] as number;
    const lslot = hs[last] as number;
    const lseq = ss[lslot] as number;
    // Sift the hole down from the root, then place the former last event.
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= last) break;
      let best = first;
      let bt = ht[first] as number;
      const end = Math.min(first + 4, last);
      for (let c = first + 1; c < end; c++) {
        const ct = ht[c] as number;
        if (
          ct < bt ||
          (ct === bt && (ss[hs[c] as number] as number) < (ss[hs[best] as number] as number))
        ) {
          best = c;
          bt = ct;
        }
      }
      if (lt < bt || (lt === bt && lseq < (ss[hs[best] as number] as number))) break;
      ht[i] = bt;
      hs[i] = hs[best] as number;
      i = best;
    }
    ht[i] = lt;
    hs[i] = lslot;
    return true;
  }

  peekTime(): number {
    return this.count === 0 ? Number.POSITIVE_INFINITY : (this.heapTime[0] as number);
  }

  private grow(): void {
    const n = this.heapTime.length * 2;
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.heapTime = f64(this.heapTime);
    this.heapSlot = i32(this.heapSlot);
    this.slotSeq = f64(this.slotSeq);
    this.slotKind = i32(this.slotKind);
    this.slotArg0 = i32(this.slotArg0);
    this.slotArg1 = i32(this.slotArg1);
    this.freeSlots = i32(this.freeSlots);
  }
}
