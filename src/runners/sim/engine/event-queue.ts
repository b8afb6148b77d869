/**
 * The simulator's future-event list: a binary min-heap over parallel typed
 * arrays, ordered by (time, insertion sequence) so that events at equal times
 * fire first-in first-out and a run is deterministic. Events carry an integer
 * type and two integer arguments instead of a closure, so scheduling one does
 * not allocate.
 */
export class EventQueue {
  private time: Float64Array;
  private seq: Float64Array;
  private kind: Int32Array;
  private arg0: Int32Array;
  private arg1: Int32Array;
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
    this.time = new Float64Array(initialCapacity);
    this.seq = new Float64Array(initialCapacity);
    this.kind = new Int32Array(initialCapacity);
    this.arg0 = new Int32Array(initialCapacity);
    this.arg1 = new Int32Array(initialCapacity);
  }

  get size(): number {
    return this.count;
  }

  push(time: number, kind: number, arg0 = 0, arg1 = 0): void {
    if (this.count === this.time.length) this.grow();
    const s = this.nextSeq++;
    // Sift the hole up from the end, then drop the new event into it.
    let i = this.count++;
    const t = this.time;
    const q = this.seq;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = t[parent] as number;
      if (pt < time || (pt === time && (q[parent] as number) < s)) break;
      this.move(parent, i);
      i = parent;
    }
    t[i] = time;
    q[i] = s;
    this.kind[i] = kind;
    this.arg0[i] = arg0;
    this.arg1[i] = arg1;
  }

  /** Removes the earliest event into popTime/popKind/popArg0/popArg1; false when empty. */
  pop(): boolean {
    if (this.count === 0) return false;
    this.popped++;
    const t = this.time;
    const q = this.seq;
    this.popTime = t[0] as number;
    this.popKind = this.kind[0] as number;
    this.popArg0 = this.arg0[0] as number;
    this.popArg1 = this.arg1[0] as number;
    const last = --this.count;
    if (last === 0) return true;
    const lt = t[last] as number;
    const ls = q[last] as number;
    // Sift the hole down from the root, then place the former last event.
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      const right = child + 1;
      if (right < last) {
        const ct = t[child] as number;
        const rt = t[right] as number;
        if (rt < ct || (rt === ct && (q[right] as number) < (q[child] as number))) child = right;
      }
      const ct = t[child] as number;
      if (lt < ct || (lt === ct && ls < (q[child] as number))) break;
      this.move(child, i);
      i = child;
    }
    t[i] = lt;
    q[i] = ls;
    this.kind[i] = this.kind[last] as number;
    this.arg0[i] = this.arg0[last] as number;
    this.arg1[i] = this.arg1[last] as number;
    return true;
  }

  peekTime(): number {
    return this.count === 0 ? Number.POSITIVE_INFINITY : (this.time[0] as number);
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from] as number;
    this.seq[to] = this.seq[from] as number;
    this.kind[to] = this.kind[from] as number;
    this.arg0[to] = this.arg0[from] as number;
    this.arg1[to] = this.arg1[from] as number;
  }

  private grow(): void {
    const n = this.time.length * 2;
    const time = new Float64Array(n);
    const seq = new Float64Array(n);
    const kind = new Int32Array(n);
    const arg0 = new Int32Array(n);
    const arg1 = new Int32Array(n);
    time.set(this.time);
    seq.set(this.seq);
    kind.set(this.kind);
    arg0.set(this.arg0);
    arg1.set(this.arg1);
    this.time = time;
    this.seq = seq;
    this.kind = kind;
    this.arg0 = arg0;
    this.arg1 = arg1;
  }
}
