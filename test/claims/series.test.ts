import { describe, expect, it } from "vitest";
import { leq, linearFit } from "../../src/claims/numeric.js";
import { NoDataError } from "../../src/claims/outcome.js";
import {
  metricOf,
  parameterOf,
  resolveAt,
  resolveReferenceAt,
  selectSeries,
} from "../../src/claims/series.js";
import { point, valuesSeries } from "./fixtures.js";

const shuffled = [
  point("select", 3000, { cpu_pct: 99 }),
  point("rtsig", 500, { cpu_pct: 6 }),
  point("select", 250, { cpu_pct: 30 }),
  point("select", 1000, { cpu_pct: 70 }),
  point("select", 500, { cpu_pct: 50 }, { panel: "b" }),
];

describe("selectSeries", () => {
  it("keeps one mechanism, sorted by x", () => {
    expect(selectSeries(shuffled, "select").map((p) => p.x)).toEqual([250, 500, 1000, 3000]);
  });

  it("filters by panel and by inclusive x_range", () => {
    expect(selectSeries(shuffled, "select", undefined, "a").map((p) => p.x)).toEqual([
      250, 1000, 3000,
    ]);
    expect(selectSeries(shuffled, "select", [250, 1000], "a").map((p) => p.x)).toEqual([250, 1000]);
  });

  it("throws NoDataError naming the series and window when nothing is left", () => {
    expect(() => selectSeries(shuffled, "devpoll")).toThrow(NoDataError);
    expect(() => selectSeries(shuffled, "select", [4000, 5000], "a")).toThrow(
      "no data for select in panel a with x in [4000, 5000]",
    );
  });
});

describe("resolveAt", () => {
  const cpu = valuesSeries("select", "cpu_pct", [250, 500, 1000], [30, 80, 80]);

  it("resolves an x, first, last, peak (earliest maximum) and mean", () => {
    expect(resolveAt(cpu, 500, "cpu_pct")).toMatchObject({ value: 80, label: "at x=500" });
    expect(resolveAt(cpu, "first", "cpu_pct").value).toBe(30);
    expect(resolveAt(cpu, "last", "cpu_pct").point?.x).toBe(1000);
    expect(resolveAt(cpu, "peak", "cpu_pct")).toMatchObject({
      value: 80,
      label: "at x=500 (peak)",
    });
    const mean = resolveAt(cpu, "mean", "cpu_pct");
    expect(mean.value).toBeCloseTo(190 / 3);
    expect(mean.point).toBeUndefined();
  });

  it("fails clearly for an x the series does not have", () => {
    expect(() => resolveAt(cpu, 750, "cpu_pct")).toThrow(
      "no data for select at x=750 (has x: 250, 500, 1000)",
    );
  });

  it("fails clearly for an absent metric, also inside peak and mean", () => {
    expect(() => resolveAt(cpu, 500, "resp_ms")).toThrow("no data for resp_ms of select at x=500");
    const gap = [...cpu, point("select", 2000, {})];
    expect(() => resolveAt(gap, "peak", "cpu_pct")).toThrow(
      "no data for cpu_pct of select at x=2000",
    );
    expect(() => resolveAt(gap, "mean", "cpu_pct")).toThrow(NoDataError);
  });
});

describe("references", () => {
  const points = valuesSeries("rtsig", "reply_rate", [2800, 3200], [2800, 3000]);

  it("reads a parameter at a point, or its mean for 'mean'", () => {
    const first = points[0];
    if (first === undefined) throw new Error("fixture");
    expect(parameterOf(first, "rate")).toBe(2800);
    expect(resolveReferenceAt("rate", points, resolveAt(points, "last", "reply_rate"))).toBe(3200);
    expect(resolveReferenceAt("rate", points, resolveAt(points, "mean", "reply_rate"))).toBe(3000);
    expect(resolveReferenceAt(42, points, resolveAt(points, "mean", "reply_rate"))).toBe(42);
  });

  it("treats a missing parameter or a NaN metric as no data", () => {
    const bare = point("rtsig", 1, { reply_rate: Number.NaN });
    // Simulate a results file that lacks a parameter column.
    const withoutRate = {
      ...bare,
      params: { ...bare.params, rate: undefined as unknown as number },
    };
    expect(() => parameterOf(withoutRate, "rate")).toThrow(
      "no data for parameter rate of rtsig at x=1",
    );
    expect(() => metricOf(bare, "reply_rate")).toThrow("no data: no reply_rate for rtsig");
  });
});

describe("numeric helpers", () => {
  it("leq tolerates rounding but not infinities", () => {
    expect(leq(7.67 - 6.67, 1)).toBe(true);
    expect(leq(1.0001, 1)).toBe(false);
    expect(leq(Number.POSITIVE_INFINITY, 1e300)).toBe(false);
    expect(leq(Number.NaN, 1)).toBe(false);
  });

  it("fits a line by least squares", () => {
    const fit = linearFit([1, 2, 3, 4], [3, 5, 7, 9]);
    expect(fit.slope).toBeCloseTo(2);
    expect(fit.intercept).toBeCloseTo(1);
    expect(fit.r2).toBe(1);
    // A constant y has no variation for a line to explain: R² 0, not a perfect fit.
    expect(linearFit([1, 2, 3], [5, 5, 5]).r2).toBe(0);
    expect(linearFit([1, 2, 3, 4], [0, 1, 0, 1]).r2).toBeCloseTo(0.2);
  });
});
