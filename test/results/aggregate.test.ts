import { describe, expect, it } from "vitest";
import { aggregate, estimate } from "../../src/results/aggregate.js";
import { tCritical95 } from "../../src/results/student-t.js";
import { row } from "./rows.js";

describe("tCritical95", () => {
  it("uses the t table for small samples and 1.96 for large ones", () => {
    expect(tCritical95(1)).toBe(12.706);
    expect(tCritical95(2)).toBe(4.303);
    expect(tCritical95(30)).toBe(2.042);
    expect(tCritical95(45)).toBe(2.021); // between rows: the smaller dof's, wider value
    expect(tCritical95(120)).toBe(1.98);
    expect(tCritical95(1000)).toBe(1.96);
    expect(() => tCritical95(0)).toThrow(RangeError);
  });
});

describe("estimate", () => {
  it("gives mean ± t(n−1)·s/√n", () => {
    const e = estimate([1, 2, 3]);
    const halfWidth = (4.303 * 1) / Math.sqrt(3);
    expect(e.mean).toBe(2);
    expect(e.n).toBe(3);
    expect(e.lo).toBeCloseTo(2 - halfWidth, 12);
    expect(e.hi).toBeCloseTo(2 + halfWidth, 12);
  });

  it("gives a zero-width interval for one value", () => {
    expect(estimate([7.5])).toEqual({ mean: 7.5, lo: 7.5, hi: 7.5, n: 1 });
  });
});

describe("aggregate", () => {
  const rows = [
    row("r500", "select", 250, 3, { cpu_pct: 3, resp_ms: 0.5 }),
    row("r500", "select", 250, 1, { cpu_pct: 1, resp_ms: null }),
    row("r500", "select", 250, 2, { cpu_pct: 2, resp_ms: null }),
    row("r500", "rtsig", 250, 1, { cpu_pct: 6.5 }),
    row("r1000", "select", 500, 1, { cpu_pct: 40 }),
    row("r500", "select", 1000, 1, { cpu_pct: 20 }),
  ];

  it("groups by panel × mechanism × x, in that order", () => {
    expect(aggregate(rows).map((p) => [p.panel, p.mechanism, p.x])).toEqual([
      ["r1000", "select", 500],
      ["r500", "rtsig", 250],
      ["r500", "select", 250],
      ["r500", "select", 1000],
    ]);
  });

  it("estimates each metric over seeds, skipping nulls and dropping all-null metrics", () => {
    const point = aggregate(rows).find(
      (p) => p.panel === "r500" && p.mechanism === "select" && p.x === 250,
    );
    expect(point?.metrics.cpu_pct?.mean).toBe(2);
    expect(point?.metrics.cpu_pct?.hi).toBeCloseTo(2 + 4.303 / Math.sqrt(3), 12);
    expect(point?.metrics.resp_ms).toEqual({ mean: 0.5, lo: 0.5, hi: 0.5, n: 1 });
    expect(point && "reply_rate" in point.metrics).toBe(false);
    expect(Object.keys(point?.metrics ?? {})).toEqual(["cpu_pct", "resp_ms"]);
  });

  it("carries the resolved point parameters", () => {
    const [point] = aggregate(rows);
    expect(point?.params).toEqual({
      connections: 500,
      idle: 0,
      rate: 500,
      reply_bytes: 92,
      duration_s: 60,
      warmup_s: 2,
      client_timeout_s: 1,
    });
  });

  it("refuses runs of one point that differ in more than the seed", () => {
    const mixed = [
      row("r500", "select", 250, 1, { cpu_pct: 1 }),
      row("r500", "select", 250, 2, { cpu_pct: 1 }, { rate: 1000 }),
    ];
    expect(() => aggregate(mixed)).toThrow("runs of r500/select/x=250 differ in rate");
  });
});
