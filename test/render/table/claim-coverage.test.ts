import { describe, expect, it } from "vitest";
import { Claim } from "../../../src/manifest/schema.js";
import {
  claimMetrics,
  claimSeries,
  coversPanel,
  coversRow,
  coversX,
} from "../../../src/render/table/claim-coverage.js";

const sweep = { panels: ["a", "b"], values: [2800, 3000, 3200, 3400] };
const source = { ref: "Table 1", quote: "q" };

function valueClaim(extra: Record<string, unknown>) {
  return Claim.parse({
    id: "c",
    kind: "value",
    role: "validation",
    metric: "sigio_count",
    series: ["rtsig"],
    at: "mean",
    expected: 0,
    tolerance: { abs: 1 },
    source,
    ...extra,
  });
}

const xsCovered = (claim: Claim) => sweep.values.filter((x) => coversX(claim, x, sweep));

describe("claim coverage", () => {
  it("covers every x of the window for 'mean', 'peak' and at_every", () => {
    expect(xsCovered(valueClaim({}))).toEqual([2800, 3000, 3200, 3400]);
    expect(xsCovered(valueClaim({ at: "peak", x_range: [3000, 3200] }))).toEqual([3000, 3200]);
    expect(xsCovered(valueClaim({ at: 2800, at_every: true }))).toEqual(sweep.values);
  });

  it("narrows to the point a value claim reads", () => {
    expect(xsCovered(valueClaim({ at: 3200 }))).toEqual([3200]);
    expect(xsCovered(valueClaim({ at: "first", x_range: [3000, 4000] }))).toEqual([3000]);
    expect(xsCovered(valueClaim({ at: "last" }))).toEqual([3400]);
  });

  it("narrows a ratio to its point references and reads their series and metrics", () => {
    const ratio = Claim.parse({
      id: "r",
      kind: "ratio",
      role: "validation",
      metric: "sigio_count",
      numerator: { series: "rtsig", at: 3200 },
      denominator: { series: "rtsig-perfd", at: 3400, metric: "sigwaitinfo_calls" },
      max: 1,
      source,
    });
    expect(xsCovered(ratio)).toEqual([3200, 3400]);
    expect(claimSeries(ratio)).toEqual(["rtsig", "rtsig-perfd"]);
    expect(claimMetrics(ratio)).toEqual(["sigio_count", "sigwaitinfo_calls"]);
  });

  it("reads both sides of an order claim", () => {
    const order = Claim.parse({
      id: "o",
      kind: "order",
      role: "validation",
      metric: "cpu_pct",
      lower: ["rtsig"],
      higher: ["select"],
      source,
    });
    expect(claimSeries(order)).toEqual(["rtsig", "select"]);
  });

  it("covers the claim's panels, default all", () => {
    expect(coversPanel(valueClaim({}), "b", sweep)).toBe(true);
    expect(coversPanel(valueClaim({ panels: ["a"] }), "b", sweep)).toBe(false);
  });

  it("needs the table's series and one of its metrics", () => {
    const row = { series: "rtsig", metrics: ["sigio_count"], panel: "a", x: 3000 } as const;
    expect(coversRow(valueClaim({}), row, sweep)).toBe(true);
    expect(coversRow(valueClaim({ series: ["select"] }), row, sweep)).toBe(false);
    expect(coversRow(valueClaim({ metric: "cpu_pct" }), row, sweep)).toBe(false);
  });
});
