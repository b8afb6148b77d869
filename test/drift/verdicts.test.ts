import { describe, expect, it } from "vitest";
import type { ClaimResult, Verdict } from "../../src/claims/index.js";
import { compareVerdicts, verdictsOf } from "../../src/drift/verdicts.js";

function result(id: string, verdict: Verdict, extra: Partial<ClaimResult> = {}): ClaimResult {
  return {
    id,
    kind: "value",
    role: "validation",
    source: { ref: "Figure 4", quote: "…" },
    expected: "cpu_pct 6.67 ± 1",
    measured: "7.9",
    tolerance: "± 1",
    verdict,
    deviationNowPasses: false,
    panels: [],
    ...extra,
  };
}

describe("compareVerdicts", () => {
  it("finds no change when the verdicts are the accepted ones", () => {
    const now = [result("a", "pass"), result("b", "not-reproduced", { knownDeviation: "why" })];
    expect(compareVerdicts("fig4", verdictsOf(now), now)).toEqual({
      regressions: [],
      fixed: [],
      other: [],
    });
  });

  it("a claim that passed in the baseline and fails now is a regression", () => {
    const cmp = compareVerdicts("fig4", { a: "pass" }, [
      result("a", "fail", { detail: "off by 1.2 from 6.67" }),
    ]);
    expect(cmp.regressions).toEqual([
      {
        experiment: "fig4",
        claim: "a",
        baseline: "pass",
        now: "fail",
        reason: "off by 1.2 from 6.67",
      },
    ]);
  });

  it("so is one that passed and is now a known deviation (NOT REPRODUCED does not hide it)", () => {
    const cmp = compareVerdicts("fig6", { knee: "pass", other: "not-reproduced" }, [
      result("knee", "not-reproduced", { knownDeviation: "the model overflows later" }),
      result("other", "not-reproduced", { knownDeviation: "still" }),
    ]);
    expect(cmp.regressions.map((r) => [r.claim, r.now, r.reason])).toEqual([
      ["knee", "not-reproduced", "the model overflows later"],
    ]);
    expect(cmp.other).toEqual([]);
  });

  it("lists claims fixed since the baseline as information", () => {
    const cmp = compareVerdicts("fig9", { a: "not-reproduced", b: "fail" }, [
      result("a", "pass", { knownDeviation: "why", deviationNowPasses: true }),
      result("b", "pass"),
    ]);
    expect(cmp.regressions).toEqual([]);
    expect(cmp.fixed.map((c) => [c.claim, c.baseline, c.now])).toEqual([
      ["a", "not-reproduced", "pass"],
      ["b", "fail", "pass"],
    ]);
  });

  it("notes claims added or removed since the baseline without calling them regressions", () => {
    const cmp = compareVerdicts("fig4", { gone: "pass" }, [result("added", "pass")]);
    expect(cmp.regressions).toEqual([]);
    expect(cmp.other.map((c) => [c.claim, c.baseline, c.now])).toEqual([
      ["added", null, "pass"],
      ["gone", "pass", null],
    ]);
  });
});
