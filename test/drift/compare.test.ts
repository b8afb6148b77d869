import { describe, expect, it } from "vitest";
import { compareRuns, describeTolerance, withinTolerance } from "../../src/drift/compare.js";
import { row } from "../results/rows.js";

const BASE = [
  row("a", "rtsig", 250, 1, { reply_rate: 500, cpu_pct: 6.67, resp_ms: 0.3, sigio_count: 0 }),
  row("a", "rtsig", 3000, 1, { reply_rate: 500, cpu_pct: 6.8, resp_ms: 0.31, sigio_count: 0 }),
  row("a", "select", 250, 1, { reply_rate: 500, cpu_pct: 20, resp_ms: 0.4 }),
];

describe("compareRuns", () => {
  it("finds nothing when the runs are identical", () => {
    expect(compareRuns("fig4", BASE, structuredClone(BASE))).toEqual([]);
  });

  it("reports an exact change by default, with its point, values, change and tolerance", () => {
    const now = structuredClone(BASE);
    now[1]!.metrics.cpu_pct = 7.14;
    const rows = compareRuns("fig4", BASE, now);
    expect(rows).toHaveLength(1);
    const [r] = rows;
    expect(r).toMatchObject({
      experiment: "fig4",
      point: "panel a, rtsig, x=3000, seed 1",
      status: "changed",
      metric: "cpu_pct",
      baseline: 6.8,
      now: 7.14,
      tolerance: "exact",
      beyondTolerance: true,
    });
    expect(r!.change!.abs).toBeCloseTo(0.34, 12);
    expect(r!.change!.rel).toBeCloseTo(0.05, 12);
  });

  it("treats the smallest difference as drift when no tolerance is declared", () => {
    const now = structuredClone(BASE);
    now[0]!.metrics.resp_ms = 0.300001;
    expect(compareRuns("fig4", BASE, now).map((r) => r.beyondTolerance)).toEqual([true]);
  });

  it("respects an absolute tolerance, bounds included", () => {
    const now = structuredClone(BASE);
    now[0]!.metrics.cpu_pct = 7.67; // +1.0 exactly
    now[2]!.metrics.cpu_pct = 21.5; // +1.5
    const rows = compareRuns("fig4", BASE, now, { cpu_pct: { abs: 1 } });
    expect(rows.map((r) => [r.point, r.beyondTolerance, r.tolerance])).toEqual([
      ["panel a, rtsig, x=250, seed 1", false, "± 1"],
      ["panel a, select, x=250, seed 1", true, "± 1"],
    ]);
  });

  it("respects a relative tolerance; with abs and rel, either suffices", () => {
    const now = structuredClone(BASE);
    now[0]!.metrics.reply_rate = 509; // +1.8%
    now[1]!.metrics.reply_rate = 515; // +3%
    now[2]!.metrics.reply_rate = 489; // −2.2%, but within abs 12
    const rows = compareRuns("fig4", BASE, now, { reply_rate: { rel: 0.02, abs: 12 } });
    expect(rows.map((r) => [r.x, r.mechanism, r.beyondTolerance])).toEqual([
      [250, "rtsig", false],
      [3000, "rtsig", true],
      [250, "select", false],
    ]);
    expect(rows[0]!.tolerance).toBe("± 12 or 2%");
    // A tolerance for one metric does not loosen another.
    now[0]!.metrics.resp_ms = 0.31;
    const more = compareRuns("fig4", BASE, now, { reply_rate: { rel: 0.02 } });
    expect(more.find((r) => r.metric === "resp_ms")?.beyondTolerance).toBe(true);
  });

  it("reports missing and new points, in run order", () => {
    const now = [BASE[0]!, BASE[2]!, row("b", "rtsig", 250, 1, { reply_rate: 1000, cpu_pct: 13 })];
    const rows = compareRuns("fig4", BASE, now);
    expect(rows.map((r) => [r.point, r.status, r.metric, r.beyondTolerance])).toEqual([
      ["panel a, rtsig, x=3000, seed 1", "missing", "*", true],
      ["panel b, rtsig, x=250, seed 1", "new", "*", true],
    ]);
  });

  it("counts a value that became empty (or measured) as drift, whatever the tolerance", () => {
    const now = structuredClone(BASE);
    now[0]!.metrics.sigio_count = null;
    now[2]!.metrics.sigio_count = 0;
    const rows = compareRuns("fig4", BASE, now, { sigio_count: { abs: 100 } });
    expect(rows.map((r) => [r.baseline, r.now, r.change, r.beyondTolerance])).toEqual([
      [0, null, null, true],
      [null, 0, null, true],
    ]);
  });

  it("reports a changed point parameter exactly (the manifest changed under the baseline)", () => {
    const now = structuredClone(BASE);
    now[2]!.spec.duration_s = 10;
    const rows = compareRuns("fig4", BASE, now, { duration_s: { abs: 100 } });
    expect(rows).toMatchObject([
      { metric: "duration_s", baseline: 60, now: 10, beyondTolerance: true, tolerance: "exact" },
    ]);
  });

  it("gives a null relative change from a baseline of 0", () => {
    const now = structuredClone(BASE);
    now[0]!.metrics.sigio_count = 3;
    expect(compareRuns("fig4", BASE, now)[0]!.change).toEqual({ abs: 3, rel: null });
  });
});

describe("tolerances", () => {
  it("describes them in words", () => {
    expect(describeTolerance(undefined)).toBe("exact");
    expect(describeTolerance({ abs: 0 })).toBe("exact");
    expect(describeTolerance({ rel: 0.07 })).toBe("± 7%");
    expect(describeTolerance({ abs: 0.5, rel: 0.02 })).toBe("± 0.5 or 2%");
  });

  it("tolerate float noise on a bound but nothing without a tolerance", () => {
    expect(withinTolerance(1.2, 1.3, { abs: 0.1 })).toBe(true);
    expect(withinTolerance(1.2, 1.3000001, { abs: 0.1 })).toBe(false);
    expect(withinTolerance(1.2, 1.2, undefined)).toBe(true);
    expect(withinTolerance(1.2, 1.2 + 1e-12, undefined)).toBe(false);
  });
});
