/**
 * `knee_order`: knees compared between series in each panel, and, with
 * `gap_grows`, the gap between them compared across panels (checked by the
 * checker, which sees every panel).
 */
import { describe, expect, it } from "vitest";
import { type ClaimResult, checkClaims } from "../../src/claims/check.js";
import { checkKneeOrder } from "../../src/claims/kinds/index.js";
import type { Mechanism } from "../../src/manifest/schema.js";
import type { SeriesPoint } from "../../src/results/types.js";
import { BURST_X, claim, series, valuesSeries } from "./fixtures.js";

/** reply_rate = rate up to the knee, then flat below it; no knee when `knee` is undefined. */
function saturating(mechanism: Mechanism, knee: number | undefined, panel = "a"): SeriesPoint[] {
  return series(
    mechanism,
    BURST_X,
    (x) => ({ reply_rate: knee !== undefined && x >= knee ? 0.9 * x : x }),
    { panel },
  );
}

const order = claim("knee_order", {
  metric: "reply_rate",
  earlier: ["rtsig"],
  later: ["rtsig-perfd"],
  reference: "rate",
  threshold: 0.97,
});

function only(results: ClaimResult[]): ClaimResult {
  expect(results).toHaveLength(1);
  const [result] = results;
  if (result === undefined) throw new Error("no result");
  return result;
}

describe("knee_order in one panel", () => {
  it("passes when every earlier knee is strictly before every later knee", () => {
    const points = [...saturating("rtsig", 3200), ...saturating("rtsig-perfd", 3400)];
    expect(checkKneeOrder(order, points)).toEqual({
      pass: true,
      measured: "rtsig 3200 < rtsig-perfd 3400 (gap 200)",
    });
  });

  it("fails when the knees are reversed or equal", () => {
    const reversed = [...saturating("rtsig", 3600), ...saturating("rtsig-perfd", 3400)];
    expect(checkKneeOrder(order, reversed)).toEqual({
      pass: false,
      measured: "rtsig 3600 ≮ rtsig-perfd 3400 (gap -200)",
      detail: "knees not ordered: rtsig 3600 not before rtsig-perfd 3400",
    });
    const equal = [...saturating("rtsig", 3400), ...saturating("rtsig-perfd", 3400)];
    expect(checkKneeOrder(order, equal).pass).toBe(false);
  });

  it("checks every earlier series against every later series", () => {
    const c = { ...order, earlier: ["select", "rtsig"] as Mechanism[] };
    const points = [
      ...saturating("select", 2800),
      ...saturating("rtsig", 3600),
      ...saturating("rtsig-perfd", 3400),
    ];
    const out = checkKneeOrder(c, points);
    expect(out.pass).toBe(false);
    expect(out.measured).toBe("select 2800, rtsig 3600 ≮ rtsig-perfd 3400 (gap -200)");
    expect(out.detail).toBe("knees not ordered: rtsig 3600 not before rtsig-perfd 3400");
  });

  it("a later series without a knee in range counts as later (gap ∞)", () => {
    const points = [...saturating("rtsig", 3200), ...saturating("rtsig-perfd", undefined)];
    expect(checkKneeOrder(order, points)).toEqual({
      pass: true,
      measured: "rtsig 3200 < rtsig-perfd no knee (gap ∞)",
    });
  });

  it("two series that both never knee are not ordered", () => {
    const points = [...saturating("rtsig", undefined), ...saturating("rtsig-perfd", undefined)];
    expect(checkKneeOrder(order, points)).toEqual({
      pass: false,
      measured: "rtsig no knee ≮ rtsig-perfd no knee (gap undefined)",
      detail: "knees not ordered: rtsig and rtsig-perfd both have no knee (up to x=4000)",
    });
  });

  it("an earlier series without a knee is not before a later one that has one", () => {
    const points = [...saturating("rtsig", undefined), ...saturating("rtsig-perfd", 3400)];
    expect(checkKneeOrder(order, points)).toMatchObject({
      pass: false,
      detail: "knees not ordered: rtsig no knee not before rtsig-perfd 3400",
    });
  });

  it("fails with 'no data' when a series is missing", () => {
    const out = checkKneeOrder(order, saturating("rtsig", 3200));
    expect(out).toMatchObject({ pass: false, noData: true, detail: "no data for rtsig-perfd" });
  });

  it("works with direction above and a reference at each series' own first x", () => {
    const c = claim("knee_order", {
      metric: "resp_ms",
      earlier: ["select"],
      later: ["select-ma", "rtsig"],
      reference: { at: "first" },
      threshold: 5,
      direction: "above",
    });
    const points = [
      ...valuesSeries("select", "resp_ms", BURST_X, [2, 3, 11, 50, 90, 95, 99]),
      ...valuesSeries("select-ma", "resp_ms", BURST_X, [1, 1, 1, 2, 6, 20, 30]),
      ...valuesSeries("rtsig", "resp_ms", BURST_X, [0.3, 0.3, 0.3, 0.4, 0.5, 0.6, 0.7]),
    ];
    expect(checkKneeOrder(c, points)).toEqual({
      pass: true,
      measured: "select 3200 < select-ma 3600, rtsig no knee (gap 400)",
    });
    // Each series is measured against its own first value: select starting at 20 never
    // exceeds 100, so it has no knee and is not before select-ma.
    const slowStart = [
      ...valuesSeries("select", "resp_ms", BURST_X, [20, 30, 40, 50, 90, 95, 99]),
      ...points.filter((p) => p.mechanism !== "select"),
    ];
    expect(checkKneeOrder(c, slowStart)).toMatchObject({
      pass: false,
      measured: "select no knee ≮ select-ma 3600, rtsig no knee (gap undefined)",
    });
  });
});

describe("knee_order with gap_grows, across panels", () => {
  const grows = { ...order, gap_grows: ["a", "b"] as [string, string] };
  const panels = (a: [number?, number?], b: [number?, number?]) => [
    ...saturating("rtsig", a[0], "a"),
    ...saturating("rtsig-perfd", a[1], "a"),
    ...saturating("rtsig", b[0], "b"),
    ...saturating("rtsig-perfd", b[1], "b"),
  ];

  it("passes when the gap in q is at least the gap in p, and says so", () => {
    const result = only(checkClaims([grows], panels([3200, 3400], [3000, 3600]), "sim"));
    expect(result.verdict).toBe("pass");
    expect(result.measured).toBe(
      "a: rtsig 3200 < rtsig-perfd 3400 (gap 200) ; b: rtsig 3000 < rtsig-perfd 3600 (gap 600) ; gap grows 200 → 600 (a → b)",
    );
    expect(result.expected).toBe("reply_rate knee: rtsig before rtsig-perfd; gap in b ≥ gap in a");
  });

  it("fails when the gap shrinks, even though each panel is ordered", () => {
    const result = only(checkClaims([grows], panels([3000, 3600], [3200, 3400]), "sim"));
    expect(result.verdict).toBe("fail");
    expect(result.panels.every((p) => p.pass)).toBe(true);
    expect(result.measured).toMatch(/; gap shrinks 600 → 200 \(a → b\)$/);
    expect(result.detail).toBe("gap in b (200) < gap in a (600)");
  });

  it("fails under 'any' too: the gap condition is not per panel", () => {
    const any = { ...grows, quantifier: "any" as const };
    const result = only(checkClaims([any], panels([3000, 3600], [3200, 3400]), "sim"));
    expect(result.verdict).toBe("fail");
  });

  it("an infinite gap in q passes; an infinite gap in p followed by a finite one fails", () => {
    const toInfinity = only(checkClaims([grows], panels([3200, 3400], [3200, undefined]), "sim"));
    expect(toInfinity.verdict).toBe("pass");
    expect(toInfinity.measured).toMatch(/gap grows 200 → ∞ \(a → b\)$/);

    const fromInfinity = only(checkClaims([grows], panels([3200, undefined], [3200, 3400]), "sim"));
    expect(fromInfinity.verdict).toBe("fail");
    expect(fromInfinity.measured).toMatch(/gap shrinks ∞ → 200 \(a → b\)$/);
    expect(fromInfinity.detail).toBe("gap in a is ∞ (no later series has a knee) but 200 in b");
  });

  it("fails when the gap is undefined (an earlier series has no knee)", () => {
    const c = { ...grows, panels: ["b"] };
    const result = only(checkClaims([c], panels([undefined, 3400], [3200, 3400]), "sim"));
    expect(result.verdict).toBe("fail");
    expect(result.detail).toBe("gap undefined in a: an earlier series has no knee");
  });

  it("gives 'no data' when a gap_grows panel is missing, even if covered panels pass", () => {
    const c = { ...order, panels: ["a"], gap_grows: ["a", "c"] as [string, string] };
    const result = only(checkClaims([c], panels([3200, 3400], [3000, 3600]), "sim"));
    expect(result.verdict).toBe("no-data");
    expect(result.panels.map((p) => p.pass)).toEqual([true]);
    expect(result.detail).toBe("no data for panel c (gap_grows)");
  });

  it("gives 'no data' when a series is missing from a gap_grows panel", () => {
    const points = panels([3200, 3400], [3000, 3600]).filter(
      (p) => !(p.panel === "b" && p.mechanism === "rtsig-perfd"),
    );
    const c = { ...grows, panels: ["a"] };
    const result = only(checkClaims([c], points, "sim"));
    expect(result.verdict).toBe("no-data");
    expect(result.detail).toBe("no data for rtsig-perfd in panel b (gap_grows)");
  });
});
