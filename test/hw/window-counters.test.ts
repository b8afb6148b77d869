/**
 * The server's counts come from the measurement window (issue 13): the
 * orchestrator marks its start and end (SIGUSR1, SIGUSR2) and the server
 * snapshots its counters there, so the idle set-up, warm-up and tail never
 * count. Measured: the same point with an 8-s window has about twice the
 * dispatch calls and replies of a 4-s window (whole-life counts would give
 * (8 + 1.5) / (4 + 1.5) ≈ 1.7 with this warm-up and tail).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { runHwPoint } from "../../src/runners/hw/point/run-point.js";
import {
  buildServer,
  hwUnavailableReason,
  idleBurstPoint,
  SERVER_BINARY,
  skipHw,
} from "./hw-env.js";

const base = idleBurstPoint({ mechanism: "rtsig", duration_s: 4 });

describe.skipIf(skipHw)(`hw window counters ${hwUnavailableReason() ?? ""}`, () => {
  beforeAll(() => buildServer(), 120_000);

  it("an 8-s window counts about twice a 4-s window's dispatch calls and replies", async () => {
    const counts: Record<number, { calls: number; replies: number; windowS: number }> = {};
    for (const duration_s of [4, 8]) {
      const r = await runHwPoint({ ...base, duration_s }, { serverBinary: SERVER_BINARY });
      expect(r.valid, `${duration_s} s: ${r.invalidReason}`).toBe(true);
      const w = r.raw.counters?.window;
      expect(w, "the server wrote window counters").toBeTruthy();
      expect(r.metrics.dispatch_calls).toBe(w!.dispatch_calls);
      expect(r.metrics.sigwaitinfo_calls).toBe(w!.sigwaitinfo_calls);
      counts[duration_s] = { calls: w!.dispatch_calls, replies: w!.replies, windowS: w!.window_s };
      // The window's replies are the offered load over the window (500 req/s), not the run's.
      expect(w!.replies / w!.window_s).toBeGreaterThan(0.9 * base.rate);
      expect(w!.replies / w!.window_s).toBeLessThan(1.1 * base.rate);
    }
    process.stderr.write(`hw window counters: ${JSON.stringify(counts)}\n`);
    const calls = counts[8]!.calls / counts[4]!.calls;
    const replies = counts[8]!.replies / counts[4]!.replies;
    expect(calls).toBeGreaterThan(1.85);
    expect(calls).toBeLessThan(2.15);
    expect(replies).toBeGreaterThan(1.85);
    expect(replies).toBeLessThan(2.15);
  }, 120_000);
});
