/**
 * A session keeps one server and its idle connections up across a sweep's
 * rates (issue 13): the idle set-up is paid once, each rate gets its own
 * window counters (the server writes them at each end mark), and the next
 * rate starts only once the server is back to its idle connections. After
 * close nothing of the session is left running.
 */
import { describe, expect, it } from "vitest";
import { openHwSession } from "../../src/runners/hw/point/run-point.js";
import {
  hwUnavailableReason,
  idleBurstPoint,
  processAlive,
  SERVER_BINARY,
  skipHw,
} from "./hw-env.js";

const base = idleBurstPoint({ mechanism: "rtsig", idle: 300 });

describe.skipIf(skipHw)(`hw sessions ${hwUnavailableReason() ?? ""}`, () => {
  it("measures two rates on one server and one idle set-up, each over its own window", async () => {
    const specs = [base, { ...base, rate: 1000 }];
    const session = await openHwSession(specs, { serverBinary: SERVER_BINARY });
    let results: Awaited<ReturnType<typeof session.measure>>[];
    try {
      results = [];
      for (const spec of specs) results.push(await session.measure(spec));
    } finally {
      await session.close();
    }
    const [low, high] = results;
    expect(low!.raw.serverPid).toBe(high!.raw.serverPid);
    expect(low!.raw.idle?.established).toBe(300);
    // One idle set-up: the second point reports the same one.
    expect(high!.raw.idle?.setupS).toBe(low!.raw.idle?.setupS);
    expect([low!.raw.session.pointInSession, high!.raw.session.pointInSession]).toEqual([0, 1]);
    for (const [i, r] of results.entries()) {
      const rate = specs[i]!.rate;
      expect(r.valid, `${rate} req/s: ${r.invalidReason}`).toBe(true);
      expect(r.raw.session.drain.drained).toBe(true);
      const w = r.raw.counters?.window;
      expect(w, "window counters").toBeTruthy();
      // Each window's replies are its own rate's, not the session's so far.
      expect(w!.replies / w!.window_s).toBeGreaterThan(0.9 * rate);
      expect(w!.replies / w!.window_s).toBeLessThan(1.1 * rate);
      expect(r.raw.counters?.windows).toBe(i + 1);
    }
    // The whole-life count holds both windows and more (warm-ups, tails).
    expect(high!.raw.counters!.whole.replies).toBeGreaterThan(
      low!.raw.counters!.window!.replies + high!.raw.counters!.window!.replies,
    );
    expect(processAlive(low!.raw.serverPid)).toBe(false);
    for (const pid of high!.raw.pids) expect(processAlive(pid), `pid ${pid}`).toBe(false);
  }, 120_000);

  it("refuses a point that does not share the session's server", async () => {
    const session = await openHwSession([base], { serverBinary: SERVER_BINARY });
    try {
      await expect(session.measure({ ...base, idle: 0 })).rejects.toThrow(
        /does not belong to the hw session/,
      );
    } finally {
      await session.close();
    }
  }, 60_000);
});
