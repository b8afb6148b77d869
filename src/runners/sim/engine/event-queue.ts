/**
 * The simulator's future-event list: a calendar queue (R. Brown, "Calendar
 * queues: a fast O(1) priority queue implementation for the simulation event
 * set problem", CACM 31(10), 1988). Events are ordered by (time, push order):
 * events at equal times fire first-in first-out, so a run is deterministic.
 *
 * Why not a heap: the queue is the simulator's hot path (`node --cpu-prof`:
 * about half of a point's time), and a heap pays O(log n) unpredictable
 * branches per pop; the 4-ary heap this replaces was half as fast in the
 * hold model at 1000 pending and on overloaded points' queues. A calendar
 * hashes an event by time into one of `nb` buckets of `width` µs (a "day";
 * nb days make a "year"); each bucket is a list sorted by time. Pop walks the
 * days from the current one and takes the first event that falls in the day
 * looked at; with a width of a few mean gaps between events, push and pop
 * cost O(1) on average.
 *
 * Ties: events at equal times hash to the same bucket, and insertion puts a
 * new event after every event there with time ≤ its own; so the lists, and
 * the pops, keep push order among equal times — the rule of the former heap's
 * (time, sequence) key, hence the same results.
 *
 * The calendar adapts: the bucket count follows the number of events, and
 * the width is re-estimated (calendar-width.ts) when pops scan many empty
 * days or pushes walk long lists.
 *
 * One event lives outside the buckets: the *solo* event (the server
 * process's completion). Preemption postpones it several times per request;
 * a postponed solo event is re-armed, when its old time comes, at its new
 * time and behind everything pushed before that moment — exactly as popping
 * it and pushing it again would — without a pass through the simulation.
 *
 * Storage is typed arrays indexed by slot; events carry an integer kind and
 * two integer arguments, so scheduling does not allocate.
 */
import { calendarWidth, WIDTH_SAMPLE } from "./calendar-width.js";

const NONE = -1;
const MIN_BUCKETS = 16;
/** Pops between checks of how well the width fits (doubling while it fits badly but would not change). */
const PROBE_POPS = 64;
const MAX_PROBE_POPS = 1 << 16;
/** Mean empty days scanned per pop, or list steps per push, that call for a new width. */
const MAX_STEPS_PER_OP = 3;

export class EventQueue {
  // Per slot: the event's fields and its link in a bucket list (or the free list).
  private slotTime: Float64Array;
  /** Push order; needed only to order the solo event against bucketed ones at equal times. */
  private slotSeq: Float64Array;
  /** Day number floor(time / width); the bucket is day & mask. */
  private slotDay: Float64Array;
  private slotNext: Int32Array;
  private slotKind: Int32Array;
  private slotArg0: Int32Array;
  private slotArg1: Int32Array;
  private freeHead = NONE;
  private slotsUsed = 0;

  private buckets: Int32Array;
  private mask: number;
  private width = 1;
  /** 1 / width: a day number is a multiplication (monotone in time, like the division). */
  private perWidth = 1;
  /** Where pop starts looking: no bucketed event is on an earlier day. */
  private day = 0;
  private count = 0;
  /** Bucket count doubles when the events outnumber the buckets twice. */
  private growAt = 2 * MIN_BUCKETS;
  private nextSeq = 0;

  // Adaptation: work since the last probe.
  private probeIn = PROBE_POPS;
  private probeEvery = PROBE_POPS;
  private scanned = 0;
  private walked = 0;
  private readonly sample = new Float64Array(WIDTH_SAMPLE);

  // The solo event: due at soloDue, ordered by (soloTime, soloSeq) until re-armed.
  private soloArmed = false;
  private soloTime = 0;
  private soloDue = 0;
  private soloSeq = 0;
  private soloKind = 0;
  private soloArg0 = 0;
  private soloArg1 = 0;

  /** Events popped so far (the simulator's events/s counts these). */
  popped = 0;

  /** Set by pop(): the popped event's fields. */
  popTime = 0;
  popKind = 0;
  popArg0 = 0;
  popArg1 = 0;

  constructor(initialCapacity = 1024) {
    const n = Math.max(4, initialCapacity);
    this.slotTime = new Float64Array(n);
    this.slotSeq = new Float64Array(n);
    this.slotDay = new Float64Array(n);
    this.slotNext = new Int32Array(n);
    this.slotKind = new Int32Array(n);
    this.slotArg0 = new Int32Array(n);
    this.slotArg1 = new Int32Array(n);
    this.buckets = new Int32Array(MIN_BUCKETS).fill(NONE);
    this.mask = MIN_BUCKETS - 1;
  }

  /** Events waiting, the solo event included. */
  get size(): number {
    return this.count + (this.soloArmed ? 1 : 0);
  }

  push(time: number, kind: number, arg0 = 0, arg1 = 0): void {
    let slot = this.freeHead;
    if (slot !== NONE) this.freeHead = this.slotNext[slot] as number;
    else {
      if (this.slotsUsed === this.slotTime.length) this.grow();
      slot = this.slotsUsed++;
    }
    this.slotTime[slot] = time;
    this.slotSeq[slot] = this.nextSeq++;
    this.slotKind[slot] = kind;
    this.slotArg0[slot] = arg0;
    this.slotArg1[slot] = arg1;
    this.insert(slot);
    if (++this.count > this.growAt) this.rebuild(2 * (this.mask + 1));
  }

  /** Schedules the solo event (replacing it if armed); it orders like a push made now. */
  setSolo(time: number, kind: number, arg0 = 0, arg1 = 0): void {
    this.soloArmed = true;
    this.soloTime = time;
    this.soloDue = time;
    this.soloSeq = this.nextSeq++;
    this.soloKind = kind;
    this.soloArg0 = arg0;
    this.soloArg1 = arg1;
  }

  /** The armed solo event is due later, at `due` (re-armed there when its current time comes). */
  postponeSolo(due: number): void {
    this.soloDue = due;
  }

  /** Removes the earliest event into popTime/popKind/popArg0/popArg1; false when empty. */
  pop(): boolean {
    const slot = this.count > 0 ? this.findHead() : NONE;
    if (this.soloArmed && this.soloFirst(slot)) {
      if (this.soloDue > this.soloTime) {
        // Postponed: re-armed at its due time, behind every event pushed before now.
        this.soloTime = this.soloDue;
        this.soloSeq = this.nextSeq++;
      }
      if (this.soloFirst(slot)) {
        this.soloArmed = false;
        this.popped++;
        this.popTime = this.soloTime;
        this.popKind = this.soloKind;
        this.popArg0 = this.soloArg0;
        this.popArg1 = this.soloArg1;
        return true;
      }
    }
    if (slot === NONE) return false;
    // The head is first in its bucket's list.
    this.buckets[(this.slotDay[slot] as number) & this.mask] = this.slotNext[slot] as number;
    this.slotNext[slot] = this.freeHead;
    this.freeHead = slot;
    this.count--;
    this.popped++;
    this.popTime = this.slotTime[slot] as number;
    this.popKind = this.slotKind[slot] as number;
    this.popArg0 = this.slotArg0[slot] as number;
    this.popArg1 = this.slotArg1[slot] as number;
    if (--this.probeIn === 0) this.probe();
    return true;
  }

  /** Whether the solo event comes before bucketed event `slot` (NONE: no such event). */
  private soloFirst(slot: number): boolean {
    if (slot === NONE) return true;
    const t = this.slotTime[slot] as number;
    return (
      this.soloTime < t || (this.soloTime === t && this.soloSeq < (this.slotSeq[slot] as number))
    );
  }

  /** Puts `slot` in its bucket, after every event there with time ≤ its own. */
  private insert(slot: number): void {
    const time = this.slotTime[slot] as number;
    const day = Math.floor(time * this.perWidth);
    this.slotDay[slot] = day;
    // Only tests schedule into the past; the simulator never does.
    if (day < this.day) this.day = day;
    const b = day & this.mask;
    const st = this.slotTime;
    const next = this.slotNext;
    let p = this.buckets[b] as number;
    if (p === NONE || (st[p] as number) > time) {
      next[slot] = p;
      this.buckets[b] = slot;
      return;
    }
    let steps = 1;
    for (;;) {
      const q = next[p] as number;
      if (q === NONE || (st[q] as number) > time) {
        next[slot] = q;
        next[p] = slot;
        this.walked += steps;
        return;
      }
      p = q;
      steps++;
    }
  }

  /**
   * The earliest bucketed event (count > 0); moves `day` to its day. A list
   * is sorted, so if its head is not on the day looked at, nothing in it is.
   */
  private findHead(): number {
    const buckets = this.buckets;
    const days = this.slotDay;
    const mask = this.mask;
    let day = this.day;
    for (let k = 0; k <= mask; k++, day++) {
      const h = buckets[day & mask] as number;
      if (h !== NONE && days[h] === day) {
        this.scanned += k;
        this.day = day;
        return h;
      }
    }
    // A whole year without an event: the next one is further away; find it directly.
    this.scanned += mask + 1;
    const st = this.slotTime;
    let best = NONE;
    for (let b = 0; b <= mask; b++) {
      const h = buckets[b] as number;
      if (h !== NONE && (best === NONE || (st[h] as number) < (st[best] as number))) best = h;
    }
    this.day = days[best] as number;
    return best;
  }

  /** Every probeEvery pops: resize to the event count; re-estimate the width if it fits badly. */
  private probe(): void {
    const nb = this.mask + 1;
    const limit = MAX_STEPS_PER_OP * this.probeEvery;
    const misfit = this.scanned > limit || this.walked > limit;
    this.scanned = 0;
    this.walked = 0;
    if (nb > MIN_BUCKETS && this.count < nb / 4) {
      this.rebuild(nb / 2);
      this.probeEvery = PROBE_POPS;
    } else if (misfit) {
      // A width that would not change much means an awkward distribution, not a new one:
      // look less often.
      if (this.rebuild(nb)) this.probeEvery = PROBE_POPS;
      else this.probeEvery = Math.min(2 * this.probeEvery, MAX_PROBE_POPS);
    }
    this.probeIn = this.probeEvery;
  }

  /** The times of the earliest bucketed events, increasing, into `sample`; returns how many. */
  private sampleEarliest(): number {
    const sample = this.sample;
    let n = 0;
    for (let b = 0; b <= this.mask; b++) {
      for (let p = this.buckets[b] as number; p !== NONE; p = this.slotNext[p] as number) {
        const t = this.slotTime[p] as number;
        if (n === WIDTH_SAMPLE && t >= (sample[n - 1] as number)) continue;
        // Insertion into the sorted sample, dropping its largest when full.
        let i = n < WIDTH_SAMPLE ? n++ : n - 1;
        while (i > 0 && (sample[i - 1] as number) > t) {
          sample[i] = sample[i - 1] as number;
          i--;
        }
        sample[i] = t;
      }
    }
    return n;
  }

  /**
   * Re-buckets every event into `nb` buckets of a freshly estimated width.
   * Returns false (and does nothing) when the bucket count stays and the
   * width would change by less than half.
   */
  private rebuild(nb: number): boolean {
    const sampled = this.sampleEarliest();
    const width = calendarWidth(this.sample, sampled, this.width);
    if (nb === this.mask + 1 && width > this.width / 1.5 && width < this.width * 1.5) return false;
    const old = this.buckets;
    this.buckets = new Int32Array(nb).fill(NONE);
    this.mask = nb - 1;
    this.growAt = 2 * nb;
    this.width = width;
    this.perWidth = 1 / width;
    const earliest = sampled > 0 ? (this.sample[0] as number) : this.popTime;
    this.day = Math.floor(earliest * this.perWidth);
    // Events at equal times sit in one list in push order and are re-inserted in that
    // order, so they keep it.
    const next = this.slotNext;
    for (let b = 0; b < old.length; b++) {
      let p = old[b] as number;
      while (p !== NONE) {
        const q = next[p] as number;
        this.insert(p);
        p = q;
      }
    }
    this.walked = 0;
    this.scanned = 0;
    return true;
  }

  private grow(): void {
    const n = this.slotTime.length * 2;
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
    this.slotTime = f64(this.slotTime);
    this.slotSeq = f64(this.slotSeq);
    this.slotDay = f64(this.slotDay);
    this.slotNext = i32(this.slotNext);
    this.slotKind = i32(this.slotKind);
    this.slotArg0 = i32(this.slotArg0);
    this.slotArg1 = i32(this.slotArg1);
  }
}
