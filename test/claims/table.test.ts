import { describe, expect, it } from "vitest";
import { checkClaims } from "../../src/claims/check.js";
import { formatMarkdown, formatText, toReport, toRow } from "../../src/claims/table.js";
import { claim, series } from "./fixtures.js";

const points = series("rtsig", [2800, 3000, 3200, 3400], (x) => ({
  reply_rate: x < 3200 ? x : 3050,
  cpu_pct: x / 40,
}));

const knee = claim("knee", {
  id: "rtsig-knee",
  source: { ref: "Figure 6, Section 4.1", quote: "rtsig saturates | near 3200 req/s" },
  metric: "reply_rate",
  series: ["rtsig"],
  reference: "rate",
  threshold: 0.97,
  within: [3000, 3400],
});
const tooEarly = { ...knee, id: "rtsig-knee-early", within: [2800, 3000] as [number, number] };
const known = { ...tooEarly, id: "rtsig-knee-known", known_deviation: "queue model is coarse" };
const paid = { ...knee, id: "rtsig-knee-paid", known_deviation: "was off once" };
const results = checkClaims([knee, tooEarly, known, paid], points, "sim");

describe("toRow", () => {
  it("maps a result onto the table columns", () => {
    const [first] = results;
    if (first === undefined) throw new Error("no result");
    expect(toRow(first)).toEqual({
      claim: "rtsig-knee",
      source: "Figure 6, Section 4.1",
      expected: "rtsig knee in [3000, 3400]",
      measured: "knee at 3200",
      tolerance: "knee: reply_rate < 0.97 × rate",
      verdict: "PASS",
      role: "validation",
    });
  });
});

describe("formatText", () => {
  const text = formatText(results);
  const lines = text.split("\n");

  it("aligns a header, a rule and one row per claim", () => {
    expect(lines[0]).toMatch(/^claim\s+source\s+expected\s+measured\s+tolerance\s+verdict\s+role$/);
    expect(lines[1]).toMatch(/^-+( +-+){6}$/);
    const verdictColumn = lines[0]?.indexOf("verdict");
    for (const row of lines.slice(2, 6)) {
      expect(row.slice(verdictColumn).split(/ {2,}/)[0]).toMatch(/^(PASS|FAIL|NOT REPRODUCED)/);
    }
  });

  it("lists failures, known deviations with their reason, and paid debts, then a summary", () => {
    expect(text).toContain("FAIL rtsig-knee-early: knee at 3200 outside [2800, 3000]");
    expect(text).toContain("NOT REPRODUCED rtsig-knee-known: queue model is coarse");
    expect(text).toContain("DEVIATION FIXED rtsig-knee-paid");
    expect(text).toContain("PASS (deviation fixed)");
    expect(text).toContain(
      "validation 2/4 pass, 1 fail, 0 no data, 1 not reproduced (pass rate 50%)",
    );
    expect(text).toContain("constrained by the fit or by construction 0/0 pass");
  });
});

describe("formatText options", () => {
  it("clips long cells to maxCellWidth with an ellipsis", () => {
    const text = formatText(results, { maxCellWidth: 12 });
    expect(text).toContain("rtsig knee …");
    expect(text).not.toContain("rtsig knee in");
  });
});

describe("formatMarkdown", () => {
  const md = formatMarkdown(results);

  it("renders a GFM table with the quote and escaped pipes", () => {
    const lines = md.split("\n");
    expect(lines[0]).toBe("| claim | source | expected | measured | tolerance | verdict | role |");
    expect(lines[1]).toBe("| --- | --- | --- | --- | --- | --- | --- |");
    expect(lines[2]).toContain("Figure 6, Section 4.1 — “rtsig saturates \\| near 3200 req/s”");
    expect(lines[3]).toContain("| **FAIL** |");
    expect(md).toContain("- NOT REPRODUCED rtsig-knee-known: queue model is coarse");
  });
});

describe("toReport", () => {
  it("is plain data that survives a JSON round trip", () => {
    const report = toReport(results);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(report.summary.validation).toEqual({
      total: 4,
      pass: 2,
      fail: 1,
      noData: 0,
      notReproduced: 1,
    });
    expect(report.claims.map((c) => c.verdict)).toEqual(["pass", "fail", "not-reproduced", "pass"]);
  });
});
