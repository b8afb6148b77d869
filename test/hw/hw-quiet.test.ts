import { describe, expect, it } from "vitest";
import type { Metrics } from "../../src/results/types.js";
import { measureQuietly, notQuietReason } from "../../src/runners/hw/machine/quiet.js";

function rep(cpu: number, server: number) {
  const metrics = { cpu_pct: cpu } as Metrics;
  return { metrics, hw: { valid: true, invalid_reason: "", server_cpu_pct: server } };
}

describe("notQuietReason: was CPU 0 the server's alone?", () => {
  it("accepts kernel network work beside the server (measured: 14.7 % busy, 12.1 % server)", () => {
    expect(notQuietReason(rep(14.7, 12.1))).toBeNull();
  });

  it("accepts a saturated server", () => {
    expect(notQuietReason(rep(100, 99.1))).toBeNull();
  });

  it("flags a busy CPU 0 on which the server hardly ran (measured during a parallel build)", () => {
    expect(notQuietReason(rep(100, 2.2))).toMatch(/machine not quiet: CPU 0 was 100.0% busy/);
  });

  it("needs both: more than 10 foreign points and more than the server's own share", () => {
    expect(notQuietReason(rep(9, 1))).toBeNull(); // 8 foreign points
    expect(notQuietReason(rep(70, 45))).toBeNull(); // 25 foreign < 45 server
    expect(notQuietReason(rep(70, 30))).not.toBeNull(); // 40 foreign > 30 server
  });

  it("flags steal above 5% of the window (measured: 6-9% during some hw test runs here)", () => {
    expect(notQuietReason({ ...rep(40, 38), extra: { steal_pct: 4.9 } })).toBeNull();
    expect(notQuietReason({ ...rep(40, 38), extra: { steal_pct: 9 } })).toMatch(
      /machine not quiet: CPU 0 lost 9\.0% of the window to steal/,
    );
  });

  it("says nothing without both numbers", () => {
    const r = rep(100, 0);
    const withoutServer = { ...r, hw: { ...r.hw, server_cpu_pct: null } };
    expect(notQuietReason(withoutServer)).toBeNull();
  });
});

describe("measureQuietly: a disturbed repetition is measured again", () => {
  /** A measurement that returns the given (cpu, server) pairs in turn, counting its calls. */
  function measurements(...pairs: [number, number][]) {
    let calls = 0;
    const measure = async () => {
      const [cpu, server] = pairs[Math.min(calls++, pairs.length - 1)] as [number, number];
      return { ...rep(cpu, server), extra: {}, warnings: [] };
    };
    return { measure, calls: () => calls };
  }

  it("keeps the first quiet measurement", async () => {
    const m = measurements([14.7, 12.1]);
    const lines: string[] = [];
    const got = await measureQuietly(m.measure, 3, (l) => lines.push(l), 0);
    expect(got.disturbed).toBe(false);
    expect(got.r.hw.valid).toBe(true);
    expect(m.calls()).toBe(1);
    expect(lines).toEqual([]);
  });

  it("measures again until the machine is quiet", async () => {
    const m = measurements([100, 2.2], [14.7, 12.1]);
    const lines: string[] = [];
    const got = await measureQuietly(m.measure, 3, (l) => lines.push(l), 0);
    expect(got).toMatchObject({ disturbed: false, r: { metrics: { cpu_pct: 14.7 } } });
    expect(m.calls()).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/machine not quiet.*measuring again in 0 s \(attempt 2\/3\)/);
  });

  it("gives up after the attempts: the last run, invalid with the reason, disturbed", async () => {
    const m = measurements([100, 2.2], [90, 3], [80, 4]);
    const got = await measureQuietly(m.measure, 3, () => {}, 0);
    expect(m.calls()).toBe(3);
    expect(got.disturbed).toBe(true);
    expect(got.r.metrics.cpu_pct).toBe(80);
    expect(got.r.hw.valid).toBe(false);
    expect(got.r.hw.invalid_reason).toMatch(/^machine not quiet: CPU 0 was 80.0% busy/);
  });

  it("with 0 attempts the rule is off: the first run as measured", async () => {
    const m = measurements([100, 2.2], [14.7, 12.1]);
    const got = await measureQuietly(m.measure, 0, () => {}, 0);
    expect(m.calls()).toBe(1);
    expect(got).toMatchObject({ disturbed: false, r: { hw: { valid: true } } });
  });
});
