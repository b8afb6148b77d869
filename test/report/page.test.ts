/** The report page as HTML text, built from a model without files or a browser. */

import { describe, expect, it } from "vitest";
import { summarize } from "../../src/claims/index.js";
import { passRates } from "../../src/report/claims-html.js";
import { inlineScript, scriptJson } from "../../src/report/html.js";
import { SHOW_PUBLISHED } from "../../src/report/interactive-spec.js";
import {
  CONTENT_SECURITY_POLICY,
  chartEntries,
  chartTarget,
  experimentSection,
  reportPage,
} from "../../src/report/page.js";
import { CHARTS_JSON_ID } from "../../src/report/page-script.js";
import { driftMarkdown } from "../../src/report/report.js";
import { FAKE_SCRIPTS, figManifest, PROVENANCE, reportModel } from "./fixtures.js";

const model = reportModel();
const page = reportPage(model, FAKE_SCRIPTS);
const [fig, table] = model.experiments;
const simClaims = fig!.runs[0]!.claims;

function chartsJson(html: string): { target: string; spec: Record<string, unknown> }[] {
  const match = html.match(
    new RegExp(`<script type="application/json" id="${CHARTS_JSON_ID}">([^<]*)</script>`),
  );
  expect(match).not.toBeNull();
  return JSON.parse(match![1]!);
}

/** The HTML of one experiment's section. */
function section(id: string): string {
  const start = page.indexOf(`<section class="experiment" id="${id}">`);
  expect(start).toBeGreaterThanOrEqual(0);
  return page.slice(start, page.indexOf("</section>", start));
}

describe("report page", () => {
  it("has one chart container per panel and runner, each with its spec in the page", () => {
    const containers = [...page.matchAll(/<div class="chart" id="([^"]+)"/g)].map((m) => m[1]);
    const expected = model.experiments.flatMap((e) =>
      e.runs.flatMap((r) => r.charts.map((c) => chartTarget(e.manifest.id, r.runner, c.panel))),
    );
    // fig4-cpu: 2 panels × (sim, hw); table1: 2 panels × sim.
    expect(expected).toHaveLength(6);
    // Page order: row by row, sim beside hw; the specs come in model order.
    expect([...containers].sort()).toEqual([...expected].sort());
    expect(new Set(containers).size).toBe(containers.length);
    const charts = chartsJson(page);
    expect(charts.map((c) => c.target)).toEqual(expected);
    for (const c of charts) {
      expect(c.spec.params).toContainEqual({ name: SHOW_PUBLISHED, value: true });
      expect(c.spec.datasets).toBeTypeOf("object");
    }
    expect(chartEntries(model).map((c) => c.target)).toEqual(expected);
  });

  it("puts each hw panel beside the sim panel of the same id", () => {
    const html = section("fig4-cpu");
    const rows = html.split('<div class="panel-row">').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/data-runner="sim" data-panel="a".*data-runner="hw" data-panel="a"/s);
    expect(rows[1]).toMatch(/data-runner="sim" data-panel="b".*data-runner="hw" data-panel="b"/s);
    expect(html).toContain("Claims — simulator");
    expect(html).toContain("Claims — real hardware");
    // Without hw results the panels flow in one row.
    expect(section("table1").split('<div class="panel-row">')).toHaveLength(2);
  });

  it("shows the claims table: id, role, source quote, expected, measured, tolerance, verdict", () => {
    const html = section("fig4-cpu");
    expect(html).toContain(
      "<th>claim</th><th>role</th><th>source</th><th>expected</th><th>measured</th><th>tolerance</th><th>verdict</th>",
    );
    for (const r of simClaims) {
      expect(html).toContain(`<code>${r.id}</code>`);
      expect(html).toContain(
        r.expected.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"),
      );
    }
    const row = html.match(/<tr><td><code>rtsig-cpu-500<\/code>.*?<\/tr>/)?.[0] ?? "";
    expect(row).toContain('<span class="role calibration">calibration</span>');
    expect(row).toContain("<q>about 6.67% on average for the 500 req/s case</q>");
    const r500 = simClaims.find((r) => r.id === "rtsig-cpu-500")!;
    expect(row).toContain(r500.measured);
    expect(row).toContain('<span class="verdict pass">PASS</span>');
    // Escaped: a quote with markup cannot break the page.
    expect(html).toContain("<q>a quote with &lt;/script&gt; &amp; &quot;quotes&quot;</q>");
    const failing = html.match(/<tr><td><code>select-cpu-tiny<\/code>.*?<\/tr>/)?.[0] ?? "";
    expect(failing).toContain('<span class="verdict fail">FAIL</span>');
    expect(failing).toContain('<div class="detail">');
  });

  it("lists known deviations with their reasons", () => {
    const html = section("fig4-cpu");
    const row = html.match(/<tr><td><code>rtsig-cpu-tiny<\/code>.*?<\/tr>/)?.[0] ?? "";
    expect(row).toContain('<span class="verdict dev">NOT REPRODUCED</span>');
    expect(html).toContain("Known deviations");
    expect(html).toContain(
      "<li><code>rtsig-cpu-tiny</code> — the model&#39;s &lt;signal&gt; path costs more than the paper&#39;s</li>",
    );
  });

  it("gives the calibration and validation pass rates apart", () => {
    const s = summarize(simClaims);
    expect(s.validation.total).toBeGreaterThan(0);
    expect(s.calibration.total).toBeGreaterThan(0);
    const html = section("fig4-cpu");
    const card = (role: string) =>
      html.match(new RegExp(`data-role="${role}">.*?<div class="rate-count">([^<]*)<`))?.[1];
    expect(card("validation")).toContain(`${s.validation.pass}/${s.validation.total} pass`);
    expect(card("validation")).toContain(`${s.validation.notReproduced} known deviation`);
    expect(card("calibration")).toContain(`${s.calibration.pass}/${s.calibration.total} pass`);
    expect(card("calibration")).toContain(`${s.calibration.fail} fail`);
    // And once more over all figures in the summary.
    const summary = page.slice(page.indexOf('<section id="summary">'));
    expect(summary).toMatch(/data-role="validation"/);
    expect(summary).toMatch(/data-role="calibration"/);
  });

  it("shows a role's card only when it has claims (hardware: validation only)", () => {
    const validationOnly = passRates(summarize(simClaims.filter((c) => c.role === "validation")));
    expect(validationOnly).toMatch(/data-role="validation"/);
    expect(validationOnly).not.toMatch(/data-role="calibration"/);
    expect(validationOnly).not.toMatch(/data-role="constrained"/);
  });

  it("shows the provenance of each results CSV", () => {
    const html = section("fig4-cpu");
    expect(html).toContain("Provenance of <code>data/fig4-cpu/sim.csv</code>");
    expect(html).toContain(PROVENANCE.manifestHash as string);
    expect(html).toContain("<code>codeVersion</code></td><td>abc1234");
    // The hw results have no meta.json: said so, not hidden.
    expect(html).toContain(
      "Provenance of <code>data/fig4-cpu/hw.csv</code>: no <code>data/fig4-cpu/hw.meta.json</code>",
    );
    const overview = page.slice(page.indexOf('<section id="provenance">'));
    expect(overview).toContain("<code>data/fig4-cpu/sim.csv</code>");
    expect(overview).toContain("<code>data/table1/sim.csv</code>");
    expect(overview).toContain("aaaaaaaaaaaa");
  });

  it("shows Table 1 with the paper's numbers beside the reproduced ones", () => {
    const html = section("table1");
    expect(html).toContain('<table class="table1">');
    expect(html).toContain("252 idle connections");
    expect(html).toContain('<span class="paper">504,728</span> / <b>');
    expect(table!.runs[0]!.table).toBeDefined();
  });

  it("shows the drift summary and the values beyond tolerance", () => {
    const drift = page.slice(
      page.indexOf('<section id="drift">'),
      page.indexOf("</section>", page.indexOf('<section id="drift">')),
    );
    expect(drift).toContain("drift: 1 value beyond tolerance (fig4-cpu)");
    expect(drift).toContain(
      "<td>panel a, rtsig, x=250, seed 1</td><td>cpu_pct</td><td>6.5</td><td>7.5</td>",
    );
    expect(drift).toContain("drifted");
  });

  it("has a table of contents linking every experiment", () => {
    const toc = page.slice(page.indexOf('<nav class="toc">'), page.indexOf("</nav>"));
    for (const id of ["summary", "drift", "fig4-cpu", "table1", "provenance"])
      expect(toc).toContain(`href="#${id}"`);
  });

  it("is self-contained: libraries inlined, no external reference, no network allowed", () => {
    expect(page).not.toMatch(/\ssrc=/);
    expect(page).not.toMatch(/<link\b/);
    expect(page).not.toMatch(/href="(?!#)/);
    expect(page).not.toContain("sourceMappingURL");
    expect(page).toContain(
      `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY.replace(/'/g, "&#39;")}">`,
    );
    const order = FAKE_SCRIPTS.map((s) =>
      page.indexOf(`<script data-library="${s.name}">${s.source.split("\n")[0]}`),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(page.indexOf(`id="${CHARTS_JSON_ID}"`)).toBeGreaterThan(order[2]!);
    // Only the closing tags of the page's own script elements.
    expect(page.match(/<\/script>/g)).toHaveLength(FAKE_SCRIPTS.length + 2);
  });

  it("is deterministic", () => {
    expect(reportPage(reportModel(), FAKE_SCRIPTS)).toBe(page);
  });

  it("says when an experiment has no results yet", () => {
    const html = experimentSection({ manifest: figManifest, runs: [] });
    expect(html).toContain("No results yet: run <code>dispatch-repro run fig4-cpu</code>");
    expect(html).not.toContain('class="chart"');
  });

  it("drift.md keeps the sim claims tables", () => {
    const md = driftMarkdown(model);
    expect(md).toContain("# Reproduction status (simulator)");
    expect(md).toContain("## fig4-cpu: ");
    expect(md).toContain("`rtsig-cpu-500`");
    expect(md).toContain("## Drift against the accepted baseline");
  });
});

describe("safe embedding", () => {
  it("JSON in a script element cannot close it", () => {
    const text = scriptJson({ a: "</script><!-- & \u2028" });
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual({ a: "</script><!-- & \u2028" });
  });

  it("inlined scripts lose their source map and cannot close the element", () => {
    expect(inlineScript('var a = "</script>";\n//# sourceMappingURL=x.js.map', "x")).toBe(
      'var a = "<\\/script>";\n',
    );
    expect(() => inlineScript("var a = '<!--';", "x")).toThrow(/<!--/);
  });
});
