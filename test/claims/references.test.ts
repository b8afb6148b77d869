/**
 * References to other values at the same x (another series, another metric)
 * or at a fixed position of a series, as used by `tracks` and `knee`; and the
 * knee's direction. Every feature gets an input that passes and one that fails.
 */
import { describe, expect, it } from "vitest";
import { checkKnee, checkTracks } from "../../src/claims/kinds/index.js";
import { trackingRatio } from "../../src/claims/kinds/tracks.js";
import { NoDataError } from "../../src/claims/outcome.js";
import { describeReference, resolveReference } from "../../src/claims/series.js";
import { BURST_X, claim, point, series, valuesSeries } from "./fixtures.js";

const OVERLOAD_X = [3400, 3600, 3800, 4000];

describe("resolveReference", () => {
  const points = [
    ...valuesSeries("rtsig", "resp_ms", [2800, 3000, 3200], [0.3, 0.4, 9]),
    ...valuesSeries("select", "resp_ms", [2800, 3000, 3200], [5, 7, 6]),
  ];
  const at3000 = points[1];
  if (at3000 === undefined) throw new Error("fixture");
  const context = { points, metric: "resp_ms" } as const;

  it("keeps parameters and constants", () => {
    expect(resolveReference("rate", at3000, context)).toBe(3000);
    expect(resolveReference(42, at3000, context)).toBe(42);
  });

  it("reads another series at the same x, or the own series at a position", () => {
    expect(resolveReference({ series: "select" }, at3000, context)).toBe(7);
    expect(resolveReference({ at: "first" }, at3000, context)).toBe(0.3);
    expect(resolveReference({ series: "select", at: "peak" }, at3000, context)).toBe(7);
    expect(resolveReference({ series: "select", at: 3200 }, at3000, context)).toBe(6);
  });

  it("resolves a position within the claim's x_range", () => {
    const ranged = { ...context, range: [3000, 3200] as const };
    expect(resolveReference({ at: "first" }, at3000, ranged)).toBe(0.4);
  });

  it("throws NoDataError naming the reference and the point it was needed for", () => {
    expect(() => resolveReference({ series: "devpoll" }, at3000, context)).toThrow(NoDataError);
    expect(() => resolveReference({ series: "devpoll" }, at3000, context)).toThrow(
      "no data for devpoll (reference devpoll resp_ms, for rtsig at x=3000 in panel a)",
    );
    expect(() => resolveReference({ metric: "cpu_pct" }, at3000, context)).toThrow(
      "no data for cpu_pct of rtsig at x=3000 (reference cpu_pct, for rtsig at x=3000 in panel a)",
    );
  });

  it("fails for an x the reference series does not have", () => {
    const gappy = [...points, point("rtsig", 3400, { resp_ms: 20 })];
    const at3400 = gappy[gappy.length - 1];
    if (at3400 === undefined) throw new Error("fixture");
    expect(() =>
      resolveReference({ series: "select" }, at3400, { ...context, points: gappy }),
    ).toThrow("no data for select at x=3400 (has x: 2800, 3000, 3200)");
  });
});

describe("describeReference", () => {
  it("names parameters, constants, series, metrics and positions readably", () => {
    expect(describeReference("rate", "reply_rate")).toBe("rate");
    expect(describeReference(100, "reply_rate")).toBe("100");
    expect(describeReference({ series: "select-ma" }, "reply_rate")).toBe("select-ma reply_rate");
    expect(describeReference({ metric: "sigwaitinfo_calls" }, "sigio_count")).toBe(
      "sigwaitinfo_calls",
    );
    expect(describeReference({ at: "first" }, "resp_ms")).toBe("own resp_ms at first x");
    expect(describeReference({ series: "rtsig", at: "peak" }, "resp_ms")).toBe(
      "rtsig resp_ms at its peak",
    );
    expect(describeReference({ metric: "cpu_pct", at: 3000 }, "resp_ms")).toBe(
      "own cpu_pct at x=3000",
    );
    expect(describeReference({ series: "select", at: "mean" }, "cpu_pct")).toBe(
      "select cpu_pct mean over x",
    );
  });
});

describe("tracks: another series at the same x", () => {
  const c = claim("tracks", {
    metric: "reply_rate",
    series: ["rtsig-perfd"],
    reference: { series: "select-ma" },
    min_ratio: 0.9,
    max_ratio: 1.1,
  });
  const selectMa = valuesSeries("select-ma", "reply_rate", OVERLOAD_X, [3000, 2900, 2800, 2800]);

  it("passes within 10% of select-ma at every x", () => {
    const perfd = valuesSeries("rtsig-perfd", "reply_rate", OVERLOAD_X, [3100, 2800, 2700, 2900]);
    const out = checkTracks(c, [...perfd, ...selectMa]);
    expect(out.pass).toBe(true);
  });

  it("fails and names the x where it is off", () => {
    const perfd = valuesSeries("rtsig-perfd", "reply_rate", OVERLOAD_X, [3100, 2800, 2240, 2900]);
    const out = checkTracks(c, [...perfd, ...selectMa]);
    expect(out.pass).toBe(false);
    expect(out.detail).toBe("reply_rate/select-ma reply_rate not in [0.9, 1.1] at x=3800 (0.8)");
  });

  it("fails with 'no data' when the reference series is missing", () => {
    const perfd = valuesSeries("rtsig-perfd", "reply_rate", OVERLOAD_X, [3000, 2900, 2800, 2800]);
    const out = checkTracks(c, perfd);
    expect(out).toMatchObject({ pass: false, measured: "no data", noData: true });
    expect(out.detail).toContain("no data for select-ma (reference select-ma reply_rate");
  });

  it("fails with 'no data' when the reference series lacks one x", () => {
    const perfd = valuesSeries("rtsig-perfd", "reply_rate", OVERLOAD_X, [3000, 2900, 2800, 2800]);
    const out = checkTracks(c, [...perfd, ...selectMa.slice(0, 3)]);
    expect(out).toMatchObject({ pass: false, noData: true });
    expect(out.detail).toContain("no data for select-ma at x=4000");
  });

  it("a reference to the value itself cannot fail, so it is not checkable", () => {
    const self = { ...c, reference: { series: "rtsig-perfd" as const } };
    const perfd = valuesSeries("rtsig-perfd", "reply_rate", OVERLOAD_X, [1, 2, 3, 4]);
    expect(checkTracks(self, perfd)).toMatchObject({
      pass: false,
      measured: "not checkable",
      detail: expect.stringContaining("own reply_rate at the same x"),
    });
  });
});

describe("tracks: another metric at the same x", () => {
  const c = claim("tracks", {
    metric: "sigio_count",
    series: ["rtsig"],
    reference: { metric: "sigwaitinfo_calls" },
    min_ratio: 0.9,
    max_ratio: 1.1,
  });
  const table = (sigio: number[], calls: number[]) =>
    series("rtsig", OVERLOAD_X, (_x, i) => ({
      sigio_count: sigio[i] ?? Number.NaN,
      sigwaitinfo_calls: calls[i] ?? Number.NaN,
    }));

  it("passes when SIGIOs = sigwaitinfo calls ± 10%", () => {
    expect(checkTracks(c, table([100, 52, 98, 10], [100, 50, 105, 11])).pass).toBe(true);
  });

  it("fails when they differ by more", () => {
    const out = checkTracks(c, table([100, 20, 98, 10], [100, 50, 105, 11]));
    expect(out.pass).toBe(false);
    expect(out.detail).toBe("sigio_count/sigwaitinfo_calls not in [0.9, 1.1] at x=3600 (0.4)");
  });

  it("treats 0 vs 0 as no data, never as a ratio of 1", () => {
    expect(() => trackingRatio(0, 0)).toThrow("no data: ratio of two zeros");
    const out = checkTracks(c, table([0, 0, 98, 10], [0, 0, 105, 11]));
    expect(out).toMatchObject({ pass: false, noData: true });
    expect(out.detail).toContain("ratio of two zeros (rtsig sigio_count at x=");
  });

  it("fails a zero reference under a nonzero metric (ratio ∞)", () => {
    expect(trackingRatio(5, 0)).toBe(Number.POSITIVE_INFINITY);
    const out = checkTracks(c, table([100, 5, 98, 10], [100, 0, 105, 11]));
    expect(out.pass).toBe(false);
    expect(out.detail).toContain("x=3600 (∞)");
  });

  it("fails with 'no data' when the reference metric is missing", () => {
    const noCalls = valuesSeries("rtsig", "sigio_count", OVERLOAD_X, [1, 2, 3, 4]);
    const out = checkTracks(c, noCalls);
    expect(out).toMatchObject({ pass: false, noData: true });
    expect(out.detail).toContain("no data for sigwaitinfo_calls of rtsig at x=3400");
  });
});

describe("knee: direction above, reference at the first x", () => {
  const c = claim("knee", {
    metric: "resp_ms",
    series: ["select"],
    reference: { at: "first" },
    threshold: 5,
    direction: "above",
    within: [3000, 3400],
  });

  it("finds the first x where resp_ms exceeds 5 × its value at the first x", () => {
    // 5 × 0.4 = 2: 1.9 is not above it, 2.5 (at 3200) is.
    const resp = valuesSeries("select", "resp_ms", BURST_X, [0.4, 1.9, 2.5, 40, 80, 90, 95]);
    expect(checkKnee(c, resp)).toMatchObject({ pass: true, measured: "knee at 3200" });
  });

  it("fails when the knee lies outside the window", () => {
    const resp = valuesSeries("select", "resp_ms", BURST_X, [0.4, 1, 1.5, 2, 2, 30, 95]);
    expect(checkKnee(c, resp)).toMatchObject({
      pass: false,
      measured: "knee at 3800",
      detail: "knee at 3800 outside [3000, 3400]",
    });
  });

  it("fails with 'no knee' and states the condition that never held", () => {
    const resp = valuesSeries("select", "resp_ms", BURST_X, [0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(checkKnee(c, resp)).toMatchObject({
      pass: false,
      measured: "no knee",
      detail: "resp_ms ≤ 5 × own resp_ms at first x at all 7 points (up to x=4000)",
    });
  });

  it("fails with 'no data' when the first point lacks the metric", () => {
    const resp = [
      point("select", 2800, {}),
      ...valuesSeries("select", "resp_ms", [3000, 3200], [1, 2]),
    ];
    expect(checkKnee(c, resp)).toMatchObject({ pass: false, noData: true });
  });

  it("below (the default) is unchanged: first x where metric < threshold × reference", () => {
    const below = claim("knee", {
      metric: "reply_rate",
      series: ["rtsig"],
      reference: "rate",
      threshold: 0.97,
      within: [3000, 3400],
    });
    expect(below.direction).toBe("below");
    const rates = series("rtsig", BURST_X, (x) => ({ reply_rate: x < 3200 ? x : 3000 }));
    expect(checkKnee(below, rates).measured).toBe("knee at 3200");
    // The same data read "above" never exceeds the rate.
    expect(checkKnee({ ...below, direction: "above", threshold: 1 }, rates).measured).toBe(
      "no knee",
    );
  });
});
