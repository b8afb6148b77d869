import { describe, expect, it } from "vitest";
import { calendarWidth } from "../../src/runners/sim/engine/calendar-width.js";
import { EventQueue } from "../../src/runners/sim/engine/event-queue.js";
import { Rng } from "../../src/runners/sim/engine/rng.js";

function drain(q: EventQueue): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  while (q.pop()) out.push([q.popTime, q.popKind, q.popArg0]);
  return out;
}

/**
 * The ordering contract, spelled out slowly: every push and every (re-)arm
 * of the solo event takes the next sequence number; pop returns the least
 * (time, sequence); a postponed solo event, when it is least, is re-armed at
 * its due time with a fresh sequence number instead of being returned —
 * what the simulator did before by popping it and pushing it again.
 */
class ReferenceQueue {
  private events: Array<{ time: number; seq: number; id: number }> = [];
  private solo: { time: number; seq: number; id: number; due: number } | null = null;
  private seq = 0;

  push(time: number, id: number): void {
    this.events.push({ time, seq: this.seq++, id });
  }

  setSolo(time: number, id: number): void {
    this.solo = { time, seq: this.seq++, id, due: time };
  }

  postponeSolo(due: number): void {
    if (this.solo) this.solo.due = due;
  }

  pop(): [number, number] | undefined {
    for (;;) {
      let best = -1;
      for (let i = 0; i < this.events.length; i++) {
        const e = this.events[i]!;
        const b = this.events[best];
        if (!b || e.time < b.time || (e.time === b.time && e.seq < b.seq)) best = i;
      }
      const head = this.events[best];
      const s = this.solo;
      if (s && (!head || s.time < head.time || (s.time === head.time && s.seq < head.seq))) {
        if (s.due > s.time) {
          s.time = s.due;
          s.seq = this.seq++;
          continue;
        }
        this.solo = null;
        return [s.time, s.id];
      }
      if (!head) return undefined;
      this.events.splice(best, 1);
      return [head.time, head.id];
    }
  }
}

/** Drives EventQueue and ReferenceQueue with the same random operations; they must agree. */
function agreeOnRandomRun(seed: number, steps: number, draw: (rng: Rng, now: number) => number) {
  const rng = new Rng(seed);
  const q = new EventQueue(2);
  const ref = new ReferenceQueue();
  let now = 0;
  let id = 0;
  let soloArmed = false;
  for (let i = 0; i < steps; i++) {
    const r = rng.next();
    if (r < 0.45) {
      const t = draw(rng, now);
      q.push(t, 0, id);
      ref.push(t, id++);
    } else if (r < 0.5 && !soloArmed) {
      const t = draw(rng, now);
      q.setSolo(t, 1, id);
      ref.setSolo(t, id++);
      soloArmed = true;
    } else if (r < 0.55 && soloArmed) {
      const due = draw(rng, now) + 5;
      q.postponeSolo(due);
      ref.postponeSolo(due);
    } else {
      const want = ref.pop();
      expect(q.pop()).toBe(want !== undefined);
      if (!want) continue;
      expect([q.popTime, q.popArg0]).toEqual(want);
      now = want[0];
      if (q.popKind === 1) soloArmed = false;
    }
  }
  for (let want = ref.pop(); want; want = ref.pop()) {
    expect(q.pop()).toBe(true);
    expect([q.popTime, q.popArg0]).toEqual(want);
  }
  expect(q.pop()).toBe(false);
  expect(q.size).toBe(0);
}

describe("EventQueue", () => {
  it("pops in time order", () => {
    const q = new EventQueue(2);
    for (const t of [5, 1, 4, 2, 3]) q.push(t, 0, t);
    expect(drain(q).map((e) => e[0])).toEqual([1, 2, 3, 4, 5]);
  });

  it("keeps events at equal times first-in first-out", () => {
    const q = new EventQueue(4);
    for (let i = 0; i < 50; i++) q.push(7, 1, i);
    q.push(3, 2, 99);
    const out = drain(q);
    expect(out[0]).toEqual([3, 2, 99]);
    expect(out.slice(1).map((e) => e[2])).toEqual([...Array(50).keys()]);
  });

  it("keeps first-in first-out order among equal times across resizes", () => {
    // 3000 events on 30 distinct times: the calendar grows and re-buckets several times.
    const q = new EventQueue(1);
    for (let i = 0; i < 3000; i++) q.push((i * 7) % 30, 0, i);
    const out = drain(q);
    const want = [...Array(3000).keys()].sort((a, b) => ((a * 7) % 30) - ((b * 7) % 30) || a - b);
    expect(out.map((e) => e[2])).toEqual(want);
  });

  it("matches a sorted reference on random input, across growth", () => {
    const rng = new Rng(42);
    const q = new EventQueue(1);
    const ref: Array<[number, number]> = [];
    for (let i = 0; i < 5000; i++) {
      const t = Math.floor(rng.next() * 100);
      q.push(t, 0, i);
      ref.push([t, i]);
      if (i % 3 === 0 && q.pop()) {
        ref.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        const head = ref.shift()!;
        expect([q.popTime, q.popArg0]).toEqual(head);
      }
    }
    ref.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(drain(q).map((e) => [e[0], e[2]])).toEqual(ref);
    expect(q.size).toBe(0);
    expect(q.pop()).toBe(false);
  });

  it("fires the solo event in push order among equal times", () => {
    const q = new EventQueue();
    q.push(10, 0, 1);
    q.setSolo(10, 1, 2);
    q.push(10, 0, 3);
    expect(drain(q).map((e) => e[2])).toEqual([1, 2, 3]);
  });

  it("re-arms a postponed solo event behind what was pushed before its old time came", () => {
    const q = new EventQueue();
    q.setSolo(5, 1, 100);
    q.postponeSolo(8);
    q.push(8, 0, 1); // pushed before time 5: fires before the re-armed solo event at 8
    q.push(6, 0, 0);
    expect(q.pop()).toBe(true);
    expect([q.popTime, q.popArg0]).toEqual([6, 0]);
    q.push(8, 0, 2); // pushed after the re-arm at time 5: fires after it
    expect(drain(q).map((e) => [e[0], e[2]])).toEqual([
      [8, 1],
      [8, 100],
      [8, 2],
    ]);
  });

  it("agrees with the reference on clustered times with many ties", () => {
    agreeOnRandomRun(1, 20_000, (rng, now) => now + Math.floor(rng.next() * 4));
  });

  it("agrees with the reference on skewed times (dense near, sparse far)", () => {
    agreeOnRandomRun(2, 20_000, (rng, now) =>
      rng.next() < 0.9 ? now + rng.next() * 50 : now + 1e6 * rng.next(),
    );
  });

  it("agrees with the reference when events are scheduled into the past", () => {
    agreeOnRandomRun(3, 10_000, (rng, now) => Math.max(0, now + 100 * (rng.next() - 0.3)));
  });

  it("adapts its width when the density of events changes by orders of magnitude", () => {
    agreeOnRandomRun(4, 10_000, (rng, now) => now + rng.next() * (now < 1e4 ? 1 : 1e5));
  });
});

describe("calendarWidth", () => {
  it("is three mean gaps, leaving out gaps above twice the mean", () => {
    // Gaps 1, 1, 1, 1, 96: mean 20; the 96 is left out, so 3 × 1.
    expect(calendarWidth(new Float64Array([0, 1, 2, 3, 4, 100]), 6, 7)).toBe(3);
    expect(calendarWidth(new Float64Array([0, 2, 4]), 3, 7)).toBe(6);
  });

  it("falls back when it has fewer than two times or only ties", () => {
    expect(calendarWidth(new Float64Array([5]), 1, 7)).toBe(7);
    expect(calendarWidth(new Float64Array([5, 5, 5]), 3, 7)).toBe(7);
  });
});

describe("Rng", () => {
  it("is deterministic per seed and differs across seeds", () => {
    const a = new Rng(1);
    const b = new Rng(1);
    const c = new Rng(2);
    const xs = [a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next()]).toEqual(xs);
    expect(c.next()).not.toBe(xs[0]);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
});
