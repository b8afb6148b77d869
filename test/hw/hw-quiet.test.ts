import { describe, expect, it } from "vitest";
import { notQuietReason } from "../../src/commands/hw-quiet.js";
import type { Metrics } from "../../src/results/types.js";

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

  it("says nothing without both numbers", () => {
    const r = rep(100, 0);
    const withoutServer = { ...r, hw: { ...r.hw, server_cpu_pct: null } };
    expect(notQuietReason(withoutServer)).toBeNull();
  });
});
