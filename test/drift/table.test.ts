import { describe, expect, it } from "vitest";
import { compareRuns } from "../../src/drift/compare.js";
import type { ExperimentDrift } from "../../src/drift/gate.js";
import { summarizeDrift } from "../../src/drift/gate.js";
import {
  changeText,
  driftSummaryLine,
  formatDriftMarkdown,
  formatDriftReportMarkdown,
  formatDriftReportText,
  formatDriftText,
} from "../../src/drift/table.js";
import { row } from "../results/rows.js";

const BASE = Array.from({ length: 60 }, (_, i) =>
  row("a", "select", 100 * (i + 1), 1, { cpu_pct: 10 + i, resp_ms: 0.5 }),
);

function drifted() {
  const now = structuredClone(BASE);
  for (const r of now) r.metrics.cpu_pct = (r.metrics.cpu_pct ?? 0) + 1;
  return compareRuns("fig4", BASE, now);
}

describe("drift tables", () => {
  it("a text table with the columns, values, signed change and tolerance", () => {
    const rows = drifted().slice(0, 2);
    const lines = formatDriftText(rows).trimEnd().split("\n");
    expect(lines[0]).toMatch(/^experiment\s+point\s+metric\s+baseline\s+now\s+change\s+tolerance$/);
    expect(lines[1]).toMatch(/^-+\s+-+/);
    expect(lines[2]).toMatch(
      /^fig4\s+panel a, select, x=100, seed 1\s+cpu_pct\s+10\s+11\s+\+1 \(\+10%\)\s+exact$/,
    );
    expect(lines).toHaveLength(4);
  });

  it("shows at most the limit and counts the rest", () => {
    const text = formatDriftText(drifted(), 50);
    expect(text.trimEnd().split("\n")).toHaveLength(2 + 50 + 1);
    expect(text).toContain("… and 10 more");
    const md = formatDriftMarkdown(drifted(), 5);
    expect(md.split("\n")[0]).toBe(
      "| experiment | point | metric | baseline | now | change | tolerance |",
    );
    expect(md).toContain(
      "| fig4 | panel a, select, x=100, seed 1 | cpu_pct | 10 | 11 | +1 (+10%) | exact |",
    );
    expect(md).toContain("… and 55 more");
  });

  it("words missing points, new points, empty values and falls", () => {
    const now = [
      { ...structuredClone(BASE[1]!), metrics: { ...BASE[1]!.metrics, resp_ms: null } },
      row("b", "rtsig", 1, 1, {}),
    ];
    now[0]!.metrics.cpu_pct = 5.5;
    const rows = compareRuns("fig4", BASE.slice(0, 2), now);
    const text = formatDriftText(rows);
    expect(text).toMatch(/x=100, seed 1\s+\*\s+run\s+—\s+point missing/);
    expect(text).toMatch(/cpu_pct\s+11\s+5\.5\s+-5\.5 \(-50%\)/);
    expect(text).toMatch(/resp_ms\s+0\.5\s+empty\s+—/);
    expect(text).toMatch(/panel b, rtsig, x=1, seed 1\s+\*\s+—\s+run\s+new point/);
    expect(changeText(rows[1]!)).toBe("-5.5 (-50%)");
  });

  it("reports regressions and the summary; markdown is ready for a PR comment", () => {
    const drift: ExperimentDrift = {
      experiment: "fig4",
      baseline: "data/fig4/sim.baseline.csv",
      rows: drifted().slice(0, 3),
      verdicts: {
        regressions: [
          {
            experiment: "fig4",
            claim: "rtsig-cpu",
            baseline: "pass",
            now: "fail",
            reason: "off by 2",
          },
        ],
        fixed: [],
        other: [],
      },
      ok: false,
    };
    const summary = summarizeDrift([drift]);
    expect(driftSummaryLine(summary)).toBe(
      "drift: 3 values beyond tolerance (fig4), 1 claim regression  → FAILED",
    );
    const text = formatDriftReportText([drift]);
    expect(text).toContain("Values beyond tolerance:");
    expect(text).toMatch(
      /Claim regressions[^\n]*\n[^\n]*\n[^\n]*\nfig4\s+rtsig-cpu\s+PASS\s+FAIL\s+off by 2/,
    );
    const md = formatDriftReportMarkdown([drift], summary);
    expect(md).toContain("## Drift against the accepted baseline");
    expect(md).toContain("| fig4 | rtsig-cpu | PASS | FAIL | off by 2 |");
    const clean = formatDriftReportMarkdown(
      [{ ...drift, rows: [], verdicts: { regressions: [], fixed: [], other: [] }, ok: true }],
      summarizeDrift([]),
    );
    expect(clean).toContain("No drift");
  });
});
