/**
 * `onset_order`: the first x at which a metric reaches a level, read along a
 * list of panels (e.g. the first rate with SIGIOs as the RT signal queue
 * limit grows), must never move earlier and must end strictly later than it
 * began. Checked by the checker, which sees every panel.
 */
import { describe, expect, it } from "vitest";
import { type ClaimResult, checkClaims } from "../../src/claims/check.js";
import { BURST_X, claim, valuesSeries } from "./fixtures.js";

function only(results: ClaimResult[]): ClaimResult {
  expect(results).toHaveLength(1);
  const [result] = results;
  if (result === undefined) throw new Error("no result");
  return result;
}

const moves = claim("onset_order", {
  metric: "sigio_count",
  series: ["rtsig"],
  panels: ["a", "b", "c"],
  level: 1,
});

/** sigio_count 0 below the onset, 5 from it on (no onset: undefined); reply_rate = x so every point served. */
function panel(name: string, onset: number | undefined) {
  return valuesSeries(
    "rtsig",
    "sigio_count",
    BURST_X,
    BURST_X.map((x) => (onset !== undefined && x >= onset ? 5 : 0)),
    { panel: name },
  ).map((p) => ({
    ...p,
    metrics: { ...p.metrics, reply_rate: { mean: p.x, lo: p.x, hi: p.x, n: 1 } },
  }));
}

describe("onset_order", () => {
  it("passes when the onset moves later along the panels, a last panel without one counting as after the last x", () => {
    const result = only(
      checkClaims(
        [moves],
        [...panel("a", 3000), ...panel("b", 3000), ...panel("c", undefined)],
        "sim",
      ),
    );
    expect(result.verdict).toBe("pass");
    expect(result.measured).toContain("rtsig: a x=3000 → b x=3000 → c none up to x=4000");
  });

  it("fails when the onset moves earlier in a middle panel", () => {
    const result = only(
      checkClaims([moves], [...panel("a", 3200), ...panel("b", 2800), ...panel("c", 3600)], "sim"),
    );
    expect(result.verdict).toBe("fail");
    expect(result.detail).toContain("onset in b (x=2800) before a (x=3200)");
  });

  it("fails when the onset is the same in the first and the last panel (constant data)", () => {
    const result = only(
      checkClaims([moves], [...panel("a", 2800), ...panel("b", 2800), ...panel("c", 2800)], "sim"),
    );
    expect(result.verdict).toBe("fail");
    expect(result.detail).toContain("onset in c not later than in a");
  });

  it("fails when the first panel never reaches the level (all zeros)", () => {
    const result = only(
      checkClaims(
        [moves],
        [...panel("a", undefined), ...panel("b", undefined), ...panel("c", undefined)],
        "sim",
      ),
    );
    expect(result.verdict).toBe("fail");
    expect(result.detail).toContain("rtsig never reaches 1 in a");
  });

  it("gives 'no data' when a listed panel is missing", () => {
    const result = only(checkClaims([moves], [...panel("a", 3000), ...panel("b", 3400)], "sim"));
    expect(result.verdict).toBe("no-data");
  });
});
