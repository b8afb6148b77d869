import { describe, expect, it } from "vitest";
import { blocksGate, type ClaimResult, checkClaims, summarize } from "../../src/claims/check.js";
import type { Claim } from "../../src/manifest/schema.js";
import type { SeriesPoint } from "../../src/results/types.js";
import { claim, PERSISTENT_X, series } from "./fixtures.js";

/** Figures 3–5 in miniature: panel a at 500 req/s, panel b at 1000 req/s. */
function persistentPoints(devpollLast: { a: number; b: number }): SeriesPoint[] {
  const panels = [
    { panel: "a", rate: 500, rtsigCpu: 6.7, devpollLast: devpollLast.a },
    { panel: "b", rate: 1000, rtsigCpu: 13.2, devpollLast: devpollLast.b },
  ];
  return panels.flatMap(({ panel, rate, rtsigCpu, devpollLast: last }) => {
    const options = { panel, xParam: "connections", params: { rate } } as const;
    return [
      ...series("rtsig", PERSISTENT_X, () => ({ reply_rate: rate, cpu_pct: rtsigCpu }), options),
      ...series(
        "select",
        PERSISTENT_X,
        (x) => ({ reply_rate: rate, cpu_pct: 20 + x / 40 }),
        options,
      ),
      ...series(
        "devpoll",
        PERSISTENT_X,
        (x) => ({ reply_rate: x === 3000 ? last * rate : rate, cpu_pct: 15 + x / 40 }),
        options,
      ),
    ];
  });
}

const healthy = persistentPoints({ a: 0.97, b: 0.9 });

const devpollDrops = (quantifier: "all" | "any") =>
  claim("ratio", {
    id: `devpoll-drops-${quantifier}`,
    metric: "reply_rate",
    numerator: { series: "devpoll", at: "last" },
    denominator: "rate",
    max: 0.95,
    quantifier,
  });

function only(results: ClaimResult[]): ClaimResult {
  expect(results).toHaveLength(1);
  const [result] = results;
  if (result === undefined) throw new Error("no result");
  return result;
}

describe("checkClaims: panels and quantifiers", () => {
  it("'all' needs every panel; measured joins the panels as 'a: … ; b: …'", () => {
    const result = only(checkClaims([devpollDrops("all")], healthy, "sim"));
    expect(result.verdict).toBe("fail");
    expect(result.measured).toBe(
      "a: ratio 0.97 = devpoll 485 at x=3000 (last) / rate 500 ; b: ratio 0.9 = devpoll 900 at x=3000 (last) / rate 1000",
    );
    expect(result.detail).toBe("a: ratio 0.97 not ≤ 0.95");
    expect(result.panels.map((p) => [p.panel, p.pass])).toEqual([
      ["a", false],
      ["b", true],
    ]);
  });

  it("'any' needs one panel, and says which", () => {
    const result = only(checkClaims([devpollDrops("any")], healthy, "sim"));
    expect(result.verdict).toBe("pass");
    expect(result.detail).toContain("holds in b");
    const none = only(checkClaims([devpollDrops("any")], persistentPoints({ a: 1, b: 1 }), "sim"));
    expect(none.verdict).toBe("fail");
  });

  it("covers only the listed panels", () => {
    const onlyB = { ...devpollDrops("all"), panels: ["b"] };
    const result = only(checkClaims([onlyB], healthy, "sim"));
    expect(result.verdict).toBe("pass");
    expect(result.panels.map((p) => p.panel)).toEqual(["b"]);
    expect(result.measured).not.toMatch(/^b:/);
  });

  it("gives 'no data' for a listed panel that has no points, even under 'any'", () => {
    const withC = { ...devpollDrops("any"), panels: ["b", "c"] };
    const result = only(checkClaims([withC], healthy, "sim"));
    expect(result.verdict).toBe("no-data");
    expect(result.detail).toContain("c: no data for panel c");
  });

  it("gives 'no data' for a series missing in one panel, even under 'any'", () => {
    const noDevpollInA = healthy.filter((p) => !(p.panel === "a" && p.mechanism === "devpoll"));
    const result = only(checkClaims([devpollDrops("any")], noDevpollInA, "sim"));
    expect(result.verdict).toBe("no-data");
    expect(result.detail).toContain("a: no data for devpoll");
  });

  it("gives 'no data' when there are no points at all", () => {
    const result = only(checkClaims([devpollDrops("all")], [], "sim"));
    expect(result).toMatchObject({ verdict: "no-data", measured: "no data" });
    expect(result.detail).toContain("no data");
  });

  it("gives 'no data' where the server served nothing, and no data fails the gate", () => {
    const dead = healthy.map((p) =>
      p.mechanism === "devpoll" && p.x === 3000
        ? { ...p, metrics: { ...p.metrics, reply_rate: { mean: 0, lo: 0, hi: 0, n: 3 } } }
        : p,
    );
    const result = only(checkClaims([devpollDrops("any")], dead, "sim"));
    expect(result.verdict).toBe("no-data");
    expect(result.detail).toContain("devpoll served nothing at x=3000");
    expect(summarize([result])).toMatchObject({ ok: false });
    expect(blocksGate(result)).toBe(true);
  });

  it("keeps 'no data' under a known deviation, which only waives the gate", () => {
    const known = { ...devpollDrops("all"), known_deviation: "why" };
    const result = only(checkClaims([known], [], "sim"));
    expect(result.verdict).toBe("no-data");
    expect(result.knownDeviation).toBe("why");
    expect(blocksGate(result)).toBe(false);
    expect(summarize([result])).toMatchObject({ ok: true, validationPassRate: 0 });
  });
});

describe("checkClaims: x_range, runners, metadata", () => {
  const selectFlat = claim("flat", { metric: "cpu_pct", series: ["select"], max_spread: 20 });

  it("x_range restricts the points a claim sees", () => {
    expect(only(checkClaims([selectFlat], healthy, "sim")).verdict).toBe("fail");
    const late = { ...selectFlat, x_range: [2500, 3000] as [number, number] };
    const result = only(checkClaims([late], healthy, "sim"));
    expect(result.verdict).toBe("pass");
    expect(result.expected).toBe("select cpu_pct spread ≤ 20 for x in [2500, 3000]");
  });

  it("keeps only the claims for the runner (default: sim)", () => {
    const hwOnly = { ...selectFlat, id: "hw-only", runners: ["hw" as const] };
    const both = { ...selectFlat, id: "both", runners: ["sim" as const, "hw" as const] };
    const claims: Claim[] = [selectFlat, hwOnly, both];
    expect(checkClaims(claims, healthy, "sim").map((r) => r.id)).toEqual(["test-flat", "both"]);
    expect(checkClaims(claims, healthy, "hw").map((r) => r.id)).toEqual(["hw-only", "both"]);
  });

  it("carries id, kind, role, source, expected and tolerance", () => {
    const c = claim("value", {
      id: "rtsig-cpu-500",
      role: "calibration",
      source: { ref: "Figure 4", quote: "rtsig uses about 6.67% CPU" },
      metric: "cpu_pct",
      series: ["rtsig"],
      panels: ["a"],
      at: "mean",
      expected: 6.67,
      tolerance: { abs: 1 },
    });
    expect(only(checkClaims([c], healthy, "sim"))).toMatchObject({
      id: "rtsig-cpu-500",
      kind: "value",
      role: "calibration",
      source: { ref: "Figure 4", quote: "rtsig uses about 6.67% CPU" },
      expected: "rtsig cpu_pct 6.67 ± 1 (mean over x)",
      measured: "6.7 (mean over 7 points)",
      tolerance: "± 1",
      verdict: "pass",
      deviationNowPasses: false,
    });
  });
});

describe("checkClaims: known deviations", () => {
  const reason = "the model has no cache effects";

  it("a failing claim with known_deviation is not-reproduced, with the reason", () => {
    const c = { ...devpollDrops("all"), known_deviation: reason };
    const result = only(checkClaims([c], healthy, "sim"));
    expect(result).toMatchObject({ verdict: "not-reproduced", knownDeviation: reason });
    expect(result.deviationNowPasses).toBe(false);
  });

  it("a passing claim with known_deviation passes and flags the debt as paid", () => {
    const c = { ...devpollDrops("any"), known_deviation: reason };
    const result = only(checkClaims([c], healthy, "sim"));
    expect(result).toMatchObject({
      verdict: "pass",
      deviationNowPasses: true,
      knownDeviation: reason,
    });
  });
});

describe("summarize", () => {
  it("counts verdicts per role and the validation pass rate", () => {
    const claims: Claim[] = [
      { ...devpollDrops("any"), id: "v-pass" },
      { ...devpollDrops("all"), id: "v-fail" },
      { ...devpollDrops("all"), id: "v-known", known_deviation: "why" },
      { ...devpollDrops("any"), id: "v-paid", known_deviation: "why" },
      { ...devpollDrops("any"), id: "c-pass", role: "calibration" },
      { ...devpollDrops("all"), id: "c-fail", role: "calibration" },
      { ...devpollDrops("any"), id: "k-pass", role: "constrained", constrained_by: "C1" },
      { ...devpollDrops("all"), id: "k-none", role: "constrained", constrained_by: "C1" },
    ];
    const results = checkClaims(claims, healthy, "sim");
    expect(results.map((r) => r.verdict)).toEqual([
      "pass",
      "fail",
      "not-reproduced",
      "pass",
      "pass",
      "fail",
      "pass",
      "fail",
    ]);
    expect(results.find((r) => r.id === "k-pass")?.constrainedBy).toBe("C1");
    expect(summarize(results)).toEqual({
      validation: { total: 4, pass: 2, fail: 1, noData: 0, notReproduced: 1 },
      constrained: { total: 2, pass: 1, fail: 1, noData: 0, notReproduced: 0 },
      calibration: { total: 2, pass: 1, fail: 1, noData: 0, notReproduced: 0 },
      ablation: { total: 0, pass: 0, fail: 0, noData: 0, notReproduced: 0 },
      outside: { total: 0, pass: 0, fail: 0, noData: 0, notReproduced: 0 },
      "cross-validation": { total: 0, pass: 0, fail: 0, noData: 0, notReproduced: 0 },
      deviationsNowPassing: 1,
      validationPassRate: 0.5,
      ok: false,
    });
  });

  it("counts ablations apart, and their failures do not fail the gate (no data still does)", () => {
    const ablated = checkClaims(
      [{ ...devpollDrops("all"), id: "a-fail", role: "ablation" }],
      healthy,
      "sim",
    );
    expect(ablated.map((r) => r.verdict)).toEqual(["fail"]);
    expect(summarize(ablated)).toMatchObject({
      ok: true,
      validationPassRate: null,
      ablation: { total: 1, fail: 1 },
    });
    const empty = checkClaims([{ ...devpollDrops("all"), role: "ablation" }], [], "sim");
    expect(summarize(empty).ok).toBe(false);
  });

  it("is ok with only passes and known deviations; rate is null without validation claims", () => {
    const known = checkClaims([{ ...devpollDrops("all"), known_deviation: "why" }], healthy, "sim");
    expect(summarize(known)).toMatchObject({ ok: true, validationPassRate: 0 });
    expect(summarize([])).toMatchObject({ ok: true, validationPassRate: null });
  });
});
