/**
 * Every kind gets at least one input that passes and one crafted to fail:
 * a check that cannot fail is a bug.
 */
import { describe, expect, it } from "vitest";
import {
  checkFlat,
  checkKnee,
  checkLinear,
  checkMonotone,
  checkOrder,
  checkRatio,
  checkReaches,
  checkTracks,
  checkValue,
} from "../../src/claims/kinds/index.js";
import { BURST_X, claim, PERSISTENT_X, point, series, valuesSeries } from "./fixtures.js";

describe("value", () => {
  const cpu = valuesSeries("rtsig", "cpu_pct", PERSISTENT_X, [6.1, 6.5, 6.7, 6.8, 6.9, 7.0, 7.0]);

  it("passes when the mean is within ± abs", () => {
    const c = claim("value", {
      metric: "cpu_pct",
      series: ["rtsig"],
      at: "mean",
      expected: 6.67,
      tolerance: { abs: 1 },
    });
    const out = checkValue(c, cpu);
    expect(out.pass).toBe(true);
    expect(out.measured).toBe("6.714 (mean over 7 points)");
  });

  it("fails when the value at an x is outside the tolerance", () => {
    const c = claim("value", {
      metric: "cpu_pct",
      series: ["rtsig"],
      at: 250,
      expected: 6.67,
      tolerance: { abs: 0.5 },
    });
    const out = checkValue(c, cpu);
    expect(out.pass).toBe(false);
    expect(out.measured).toBe("6.1 at x=250");
    expect(out.detail).toContain("off by -0.57");
  });

  it("accepts a value exactly on the bound despite float rounding", () => {
    const edge = valuesSeries("rtsig", "cpu_pct", [250], [7.67]);
    const c = claim("value", {
      metric: "cpu_pct",
      series: ["rtsig"],
      at: "first",
      expected: 6.67,
      tolerance: { abs: 1 },
    });
    expect(checkValue(c, edge).pass).toBe(true);
  });

  it("with abs and rel given, passes when within either", () => {
    const points = valuesSeries("rtsig", "cpu_pct", [250], [10.8]);
    const both = (abs: number, rel: number) =>
      claim("value", {
        metric: "cpu_pct",
        series: ["rtsig"],
        at: 250,
        expected: 10,
        tolerance: { abs, rel },
      });
    expect(checkValue(both(0.5, 0.1), points).pass).toBe(true); // rel: ±1
    expect(checkValue(both(1, 0.01), points).pass).toBe(true); // abs: ±1
    expect(checkValue(both(0.5, 0.05), points).pass).toBe(false);
  });

  it("resolves peak and last", () => {
    const rates = valuesSeries(
      "select",
      "reply_rate",
      BURST_X,
      [2800, 3000, 3100, 2900, 2500, 2200, 2000],
    );
    const at = (where: "peak" | "last", expected: number) =>
      claim("value", {
        metric: "reply_rate",
        series: ["select"],
        at: where,
        expected,
        tolerance: { rel: 0.01 },
      });
    expect(checkValue(at("peak", 3100), rates)).toMatchObject({
      pass: true,
      measured: "3100 at x=3200 (peak)",
    });
    expect(checkValue(at("last", 2000), rates).pass).toBe(true);
    expect(checkValue(at("last", 3100), rates).pass).toBe(false);
  });

  it("at_every checks every point and names the worst", () => {
    const resp = valuesSeries(
      "rtsig",
      "resp_ms",
      PERSISTENT_X,
      [0.3, 0.28, 0.31, 0.33, 0.52, 0.3, 0.29],
    );
    const c = claim("value", {
      metric: "resp_ms",
      series: ["rtsig"],
      at: "mean",
      at_every: true,
      expected: 0.3,
      tolerance: { abs: 0.1 },
    });
    const out = checkValue(c, resp);
    expect(out.pass).toBe(false);
    expect(out.measured).toBe("0.52 at x=2000 (worst of 7)");
    expect(out.detail).toContain("1 of 7 points outside: x=2000 → 0.52");

    const ok = checkValue(c, valuesSeries("rtsig", "resp_ms", [250, 500], [0.25, 0.35]));
    expect(ok).toMatchObject({ pass: true, measured: "0.25…0.35 over 2 points" });
  });

  it("requires every listed series to pass and labels each", () => {
    const points = [
      ...valuesSeries("rtsig", "cpu_pct", [250], [6.7]),
      ...valuesSeries("select", "cpu_pct", [250], [60]),
    ];
    const c = claim("value", {
      metric: "cpu_pct",
      series: ["rtsig", "select"],
      at: 250,
      expected: 6.67,
      tolerance: { abs: 1 },
    });
    const out = checkValue(c, points);
    expect(out.pass).toBe(false);
    expect(out.measured).toBe("rtsig: 6.7 at x=250, select: 60 at x=250");
    expect(out.detail).toMatch(/^select: off by/);
  });
});

describe("tracks", () => {
  const xs = [250, 1000, 3000];
  const persistent = { xParam: "connections", params: { rate: 500 } } as const;
  const c = claim("tracks", {
    metric: "reply_rate",
    series: ["rtsig"],
    reference: "rate",
    min_ratio: 0.98,
    max_ratio: 1.02,
  });

  it("passes when metric/reference stays within the bounds", () => {
    const points = valuesSeries("rtsig", "reply_rate", xs, [499, 500, 496], persistent);
    const out = checkTracks(c, points);
    expect(out.pass).toBe(true);
    expect(out.measured).toBe("ratio 0.992 (x=3000) … 1 (x=1000)");
  });

  it("says so when the ratio is the same everywhere", () => {
    const points = valuesSeries("rtsig", "reply_rate", xs, [500, 500, 500], persistent);
    expect(checkTracks(c, points).measured).toBe("ratio 1 at all 3 points");
  });

  it("fails and names the point that drops below min_ratio", () => {
    const points = valuesSeries("rtsig", "reply_rate", xs, [499, 500, 450], persistent);
    const out = checkTracks(c, points);
    expect(out.pass).toBe(false);
    expect(out.detail).toBe("reply_rate/rate not in [0.98, 1.02] at x=3000 (0.9)");
  });

  it("compares with the x parameter itself (idle-burst: x = rate)", () => {
    const points = series("rtsig", BURST_X, (x) => ({ reply_rate: x < 3200 ? x : 3100 }));
    const upper = claim("tracks", {
      metric: "reply_rate",
      series: ["rtsig"],
      reference: "rate",
      min_ratio: 0.97,
    });
    expect(checkTracks(upper, points).pass).toBe(false);
    expect(checkTracks({ ...upper, x_range: [2800, 3000] }, points).pass).toBe(true);
  });

  it("compares with a constant reference", () => {
    const points = valuesSeries("rtsig", "reply_rate", [1, 2], [100, 120]);
    const c2 = claim("tracks", {
      metric: "reply_rate",
      series: ["rtsig"],
      reference: 100,
      max_ratio: 1.1,
    });
    expect(checkTracks(c2, points)).toMatchObject({
      pass: false,
      detail: expect.stringContaining("x=2 (1.2)"),
    });
  });

  it("cannot be checked without any bound", () => {
    const unbounded = claim("tracks", {
      metric: "reply_rate",
      series: ["rtsig"],
      reference: "rate",
    });
    const out = checkTracks(unbounded, valuesSeries("rtsig", "reply_rate", [1], [1], persistent));
    expect(out.pass).toBe(false);
    expect(out.detail).toContain("neither min_ratio nor max_ratio");
  });

  it("fails a zero reference (ratio ∞)", () => {
    const points = valuesSeries("rtsig", "reply_rate", [0], [5], {
      params: { rate: 0 },
      xParam: "idle",
    });
    expect(checkTracks(c, points).pass).toBe(false);
  });
});

describe("flat", () => {
  const c = claim("flat", { metric: "cpu_pct", series: ["rtsig"], max_spread: 2 });

  it("passes when max − min ≤ max_spread", () => {
    const out = checkFlat(
      c,
      valuesSeries("rtsig", "cpu_pct", PERSISTENT_X, [6, 6.5, 7, 7.5, 8, 7, 6.5]),
    );
    expect(out).toMatchObject({ pass: true, measured: "spread 2 (6…8)" });
  });

  it("fails when the spread is too large", () => {
    const out = checkFlat(c, valuesSeries("rtsig", "cpu_pct", [250, 3000], [6, 9]));
    expect(out).toMatchObject({ pass: false, measured: "spread 3 (6…9)", detail: "spread 3 > 2" });
  });

  it("fails on a single point rather than passing trivially", () => {
    expect(checkFlat(c, valuesSeries("rtsig", "cpu_pct", [250], [6])).pass).toBe(false);
  });
});

describe("monotone", () => {
  const c = claim("monotone", {
    metric: "cpu_pct",
    series: ["select"],
    direction: "increasing",
    slack: 1,
  });

  it("passes with a dip no larger than the slack", () => {
    const out = checkMonotone(
      c,
      valuesSeries("select", "cpu_pct", [250, 500, 1000, 1500], [30, 45, 44.2, 60]),
    );
    expect(out).toMatchObject({
      pass: true,
      measured: "largest drop 0.8 at x=500→1000, net 30 (30→60)",
    });
  });

  it("fails on a drop larger than the slack", () => {
    const out = checkMonotone(c, valuesSeries("select", "cpu_pct", [250, 500, 1000], [30, 45, 40]));
    expect(out.pass).toBe(false);
    expect(out.detail).toBe("drop > slack 1 at x=500→1000 (5)");
  });

  it("reports a clean series as increasing at every step", () => {
    const out = checkMonotone(c, valuesSeries("select", "cpu_pct", [1, 2, 3], [1, 2, 3]));
    expect(out).toMatchObject({ pass: true, measured: "increasing at every step, net 2 (1→3)" });
  });

  it("fails a constant series: no net change larger than the slack", () => {
    const flat = valuesSeries("select", "cpu_pct", [1, 2, 3], [5, 5, 5]);
    const out = checkMonotone(c, flat);
    expect(out.pass).toBe(false);
    expect(out.detail).toBe("net change 0 in the increasing direction is not > slack 1");
    const down = claim("monotone", {
      metric: "cpu_pct",
      series: ["select"],
      direction: "decreasing",
    });
    expect(checkMonotone(down, flat).pass).toBe(false);
  });

  it("fails a rise that stays within the slack", () => {
    const out = checkMonotone(c, valuesSeries("select", "cpu_pct", [1, 2, 3], [5, 5.4, 5.9]));
    expect(out.pass).toBe(false);
  });

  it("with max_step_ratio, fails a step that multiplies the metric by more", () => {
    const gradual = claim("monotone", {
      metric: "resp_ms",
      series: ["select-ma"],
      direction: "increasing",
      max_step_ratio: 3,
    });
    const steady = valuesSeries("select-ma", "resp_ms", [1, 2, 3], [10, 15, 29]);
    expect(checkMonotone(gradual, steady).pass).toBe(true);
    const jump = valuesSeries("select-ma", "resp_ms", [1, 2, 3], [10, 15, 50]);
    const out = checkMonotone(gradual, jump);
    expect(out.pass).toBe(false);
    expect(out.detail).toBe("step > 3× at x=2→3 (3.333×)");
  });

  it("checks decreasing series against rises", () => {
    const down = claim("monotone", {
      metric: "resp_ms",
      series: ["select-ma"],
      direction: "decreasing",
    });
    const points = valuesSeries("select-ma", "resp_ms", [1, 2, 3, 4], [5, 4, 4.5, 3]);
    expect(checkMonotone(down, points)).toMatchObject({
      pass: false,
      measured: "largest rise 0.5 at x=2→3, net -2 (5→3)",
    });
    expect(checkMonotone({ ...down, slack: 0.5 }, points).pass).toBe(true);
  });
});

describe("reaches", () => {
  const c = claim("reaches", { metric: "cpu_pct", series: ["select"], level: 95, by: 3000 });

  it("passes when the metric is ≥ level at x = by, and reports where it first got there", () => {
    const out = checkReaches(
      c,
      valuesSeries("select", "cpu_pct", [1000, 2000, 3000], [60, 96, 99]),
    );
    expect(out).toMatchObject({ pass: true, measured: "99 at x=3000; first ≥ 95 at x=2000" });
  });

  it("fails when the metric is below level at x = by", () => {
    const out = checkReaches(
      c,
      valuesSeries("select", "cpu_pct", [1000, 2000, 3000], [60, 80, 92]),
    );
    expect(out).toMatchObject({ pass: false, measured: "92 at x=3000; never ≥ 95" });
  });

  it("fails with 'no data' when there is no point at x = by", () => {
    const out = checkReaches(c, valuesSeries("select", "cpu_pct", [1000, 2000], [99, 99]));
    expect(out).toMatchObject({ pass: false, measured: "no data", noData: true });
    expect(out.detail).toBe("no data for select at x=3000 (has x: 1000, 2000)");
  });
});

describe("order", () => {
  const cpu = (mechanism: "rtsig" | "select" | "devpoll", values: number[]) =>
    valuesSeries(mechanism, "cpu_pct", [250, 1000, 3000], values);
  const c = claim("order", {
    metric: "cpu_pct",
    lower: ["rtsig"],
    higher: ["select", "devpoll"],
    factor: 0.5,
    x_range: [1000, 3000],
  });

  it("is strict: equal values are not 'lower', and two zeros are no data", () => {
    const lowest = claim("order", { metric: "cpu_pct", lower: ["rtsig"], higher: ["select"] });
    const equal = [...cpu("rtsig", [5, 5, 5]), ...cpu("select", [5, 5, 6])];
    expect(checkOrder(lowest, equal).pass).toBe(false);
    const zeros = [...cpu("rtsig", [0, 0, 0]), ...cpu("select", [0, 0, 0])];
    expect(checkOrder(lowest, zeros)).toMatchObject({ pass: false, noData: true });
  });

  it("passes when every lower series is < factor × every higher one", () => {
    const points = [
      ...cpu("rtsig", [40, 7, 8]),
      ...cpu("select", [30, 50, 100]),
      ...cpu("devpoll", [20, 40, 96]),
    ];
    const out = checkOrder(c, points);
    expect(out).toMatchObject({ pass: true, measured: "max rtsig/devpoll 0.175 at x=1000" });
  });

  it("fails when a lower series rises above factor × a higher one", () => {
    const points = [
      ...cpu("rtsig", [5, 7, 60]),
      ...cpu("select", [30, 50, 100]),
      ...cpu("devpoll", [20, 40, 96]),
    ];
    const out = checkOrder(c, points);
    expect(out.pass).toBe(false);
    expect(out.measured).toBe("max rtsig/devpoll 0.625 at x=3000");
    expect(out.detail).toBe(
      "lower not below 0.5 × higher at rtsig/select x=3000 (0.6), rtsig/devpoll x=3000 (0.625)",
    );
  });

  it("fails with 'no data' when the series share no x", () => {
    const points = [
      ...valuesSeries("rtsig", "cpu_pct", [1000], [1]),
      ...valuesSeries("select", "cpu_pct", [2000], [9]),
    ];
    const pair = claim("order", { metric: "cpu_pct", lower: ["rtsig"], higher: ["select"] });
    expect(checkOrder(pair, points)).toMatchObject({
      pass: false,
      noData: true,
      detail: "no data: rtsig and select share no x in range",
    });
  });
});

describe("knee", () => {
  const c = claim("knee", {
    metric: "reply_rate",
    series: ["rtsig"],
    reference: "rate",
    threshold: 0.97,
    within: [3000, 3400],
  });
  const kneeAt = (knee: number) =>
    series("rtsig", BURST_X, (x) => ({ reply_rate: x < knee ? x : 2900 }));

  it("passes when the first x below threshold × reference lies in the window", () => {
    expect(checkKnee(c, kneeAt(3200))).toMatchObject({ pass: true, measured: "knee at 3200" });
  });

  it("fails when the knee is outside the window", () => {
    expect(checkKnee(c, kneeAt(3600))).toMatchObject({
      pass: false,
      measured: "knee at 3600",
      detail: "knee at 3600 outside [3000, 3400]",
    });
  });

  it("fails with 'no knee' when the series never saturates", () => {
    const out = checkKnee(
      c,
      series("rtsig", BURST_X, (x) => ({ reply_rate: x })),
    );
    expect(out.pass).toBe(false);
    expect(out.measured).toBe("no knee");
    expect(out.detail).toContain("at all 7 points");
  });

  it("uses the first crossing, even if the series recovers", () => {
    const wobbly = series("rtsig", BURST_X, (x) => ({ reply_rate: x === 3000 ? 2000 : x }));
    expect(checkKnee(c, wobbly).measured).toBe("knee at 3000");
  });
});

describe("linear", () => {
  const c = claim("linear", { metric: "cpu_pct", series: ["rtsig"], min_r2: 0.97 });

  it("passes for a near-linear series", () => {
    const points = series("rtsig", BURST_X, (x, i) => ({
      cpu_pct: x / 50 + (i % 2 === 0 ? 0.3 : -0.3),
    }));
    const out = checkLinear(c, points);
    expect(out.pass).toBe(true);
    expect(out.measured).toMatch(/^R² 0\.99\d \(slope 0\.02\d*, n=7\)$/);
  });

  it("fails for a curved series", () => {
    const points = series("rtsig", BURST_X, (x) => ({
      cpu_pct: x < 3400 ? 10 : 10 + (x - 3400) ** 2 / 1000,
    }));
    const out = checkLinear(c, points);
    expect(out.pass).toBe(false);
    expect(out.detail).toMatch(/^R² 0\.\d{3} < 0\.97$/);
  });

  it("x_range can restrict the fit to the points below a knee", () => {
    const points = series("rtsig", BURST_X, (x) => ({ cpu_pct: x < 3400 ? x / 40 : 100 }));
    expect(checkLinear(c, points).pass).toBe(false);
    expect(checkLinear({ ...c, x_range: [2800, 3200] }, points).pass).toBe(true);
  });

  it("fails with fewer than three points (two always fit)", () => {
    const out = checkLinear(c, valuesSeries("rtsig", "cpu_pct", [1, 2], [1, 5]));
    expect(out).toMatchObject({ pass: false, detail: "linear needs ≥ 3 points in range, got 2" });
  });

  it("fails a constant series: R² 0, not 1, and no rising slope", () => {
    const out = checkLinear(c, valuesSeries("rtsig", "cpu_pct", [1, 2, 3], [7, 7, 7]));
    expect(out).toMatchObject({
      pass: false,
      measured: "R² 0.000 (slope 0, n=3)",
      detail: "slope 0 is not > 0 (increasing); R² 0.000 < 0.97",
    });
  });

  it("needs the slope in the stated direction", () => {
    const falling = valuesSeries("rtsig", "cpu_pct", [1, 2, 3], [9, 6, 3]);
    expect(checkLinear(c, falling)).toMatchObject({
      pass: false,
      detail: "slope -3 is not > 0 (increasing)",
    });
    expect(checkLinear({ ...c, direction: "decreasing" }, falling).pass).toBe(true);
  });
});

describe("ratio", () => {
  const peaks = [
    ...valuesSeries("select", "reply_rate", BURST_X, [2800, 3000, 2900, 2600, 2400, 2300, 2200]),
    ...valuesSeries("rtsig", "reply_rate", BURST_X, [2800, 3000, 3200, 3300, 3800, 3700, 3600]),
  ];

  it("passes when point/point is within bounds (peak vs peak)", () => {
    const c = claim("ratio", {
      metric: "reply_rate",
      numerator: { series: "select", at: "peak" },
      denominator: { series: "rtsig", at: "peak" },
      max: 0.8,
    });
    const out = checkRatio(c, peaks);
    expect(out.pass).toBe(true);
    expect(out.measured).toBe(
      "ratio 0.7895 = select 3000 at x=3000 (peak) / rtsig 3800 at x=3600 (peak)",
    );
  });

  it("fails when the ratio is out of bounds (last vs own peak)", () => {
    const c = claim("ratio", {
      metric: "reply_rate",
      numerator: { series: "select", at: "last" },
      denominator: { series: "select", at: "peak" },
      max: 0.6,
    });
    const out = checkRatio(c, peaks);
    expect(out.pass).toBe(false);
    expect(out.detail).toBe("ratio 0.7333 not ≤ 0.6");
  });

  it("reads a parameter denominator at the numerator's point", () => {
    const points = valuesSeries("devpoll", "reply_rate", [250, 3000], [500, 450], {
      xParam: "connections",
      params: { rate: 500 },
    });
    const last = claim("ratio", {
      metric: "reply_rate",
      numerator: { series: "devpoll", at: "last" },
      denominator: "rate",
      max: 0.95,
    });
    expect(checkRatio(last, points)).toMatchObject({
      pass: true,
      measured: "ratio 0.9 = devpoll 450 at x=3000 (last) / rate 500",
    });
    const first = { ...last, numerator: { series: "devpoll" as const, at: "first" as const } };
    expect(checkRatio(first, points).pass).toBe(false);
  });

  it("uses a per-reference metric and a constant denominator", () => {
    const points = [point("rtsig", 3000, { sigwaitinfo_calls: 540576, sigio_count: 0 })];
    const c = claim("ratio", {
      metric: "sigio_count",
      numerator: { series: "rtsig", at: 3000, metric: "sigwaitinfo_calls" },
      denominator: 540576,
      min: 0.95,
      max: 1.05,
    });
    expect(checkRatio(c, points).pass).toBe(true);
    expect(checkRatio({ ...c, denominator: 504728 }, points).pass).toBe(false);
  });

  it("resp_ms at 3000 ≥ 3 × at 250", () => {
    const resp = (v: number) => valuesSeries("select", "resp_ms", [250, 3000], [1, v]);
    const c = claim("ratio", {
      metric: "resp_ms",
      numerator: { series: "select", at: 3000 },
      denominator: { series: "select", at: 250 },
      min: 3,
    });
    expect(checkRatio(c, resp(4)).pass).toBe(true);
    expect(checkRatio(c, resp(2)).pass).toBe(false);
  });

  it("cannot be checked without any bound", () => {
    const c = claim("ratio", {
      metric: "reply_rate",
      numerator: { series: "select", at: "peak" },
      denominator: 1,
    });
    expect(checkRatio(c, peaks)).toMatchObject({ pass: false, measured: "not checkable" });
  });
});
