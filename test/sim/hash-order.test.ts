/**
 * ReadySet.firstByHashPosition with the hash-order index (what /dev/poll
 * uses) must answer exactly as the linear pass over the ready list: lowest
 * position, and among equal positions the socket first in the list.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/runners/sim/engine/rng.js";
import { ReadySet, SocketTable } from "../../src/runners/sim/model/sockets.js";

function linearFirst(ready: ReadySet, table: SocketTable): number {
  let first = -1;
  let firstPos = Number.POSITIVE_INFINITY;
  for (let i = 0; i < ready.count; i++) {
    const id = ready.items[i] as number;
    const p = table.hashPos[id] as number;
    if (p < firstPos) {
      firstPos = p;
      first = id;
    }
  }
  return first;
}

describe("ReadySet hash order", () => {
  it("is empty-safe", () => {
    const table = new SocketTable();
    const ready = new ReadySet(table);
    ready.trackHashOrder();
    expect(ready.firstByHashPosition()).toBe(-1);
  });

  it("agrees with the linear pass under random adds and removes, ties included", () => {
    const rng = new Rng(7);
    const table = new SocketTable();
    const indexed = new ReadySet(table);
    const plain = new ReadySet(new SocketTable());
    // Few distinct positions, so ties at the top are frequent; 3000 sockets, so tables grow.
    const ids: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const pos = Math.floor(rng.next() * 40) / 40;
      ids.push(table.allocate(i, pos));
    }
    indexed.trackHashOrder();
    for (let step = 0; step < 10_000; step++) {
      const id = ids[Math.floor(rng.next() * ids.length)] as number;
      if (rng.next() < 0.55) indexed.add(id);
      else indexed.remove(id);
      expect(indexed.firstByHashPosition()).toBe(linearFirst(indexed, table));
    }
    expect(plain.firstByHashPosition()).toBe(-1);
  });

  it("indexes sockets already ready when tracking starts", () => {
    const table = new SocketTable();
    const ready = new ReadySet(table);
    const a = table.allocate(0, 0.5);
    const b = table.allocate(1, 0.25);
    ready.add(a);
    ready.add(b);
    ready.trackHashOrder();
    expect(ready.firstByHashPosition()).toBe(b);
    ready.remove(b);
    expect(ready.firstByHashPosition()).toBe(a);
  });
});
