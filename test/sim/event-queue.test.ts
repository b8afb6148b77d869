import { describe, expect, it } from "vitest";
import { EventQueue } from "../../src/runners/sim/engine/event-queue.js";
import { Rng } from "../../src/runners/sim/engine/rng.js";

function drain(q: EventQueue): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  while (q.pop()) out.push([q.popTime, q.popKind, q.popArg0]);
  return out;
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
