/**
 * The report page, figures/index.html, from the report model: pure functions,
 * no file or browser access (collect.ts gathers the model, report.ts writes
 * the file). The page is self-contained: the charting libraries are inlined,
 * every chart's spec and data travel in one JSON script element, and a
 * Content-Security-Policy forbids the page any network access.
 */
import { type ClaimResult, rolePassCounts, summarize } from "../claims/index.js";
import { summarizeDrift } from "../drift/index.js";
import type { RunnerId } from "../render/published-overlay.js";
import { claimsTable, knownDeviations, passRates } from "./claims-html.js";
import { driftHtml } from "./drift-html.js";
import { domId, element, escapeHtml, htmlTable, inlineScript, scriptJson } from "./html.js";
import { interactiveSpec } from "./interactive-spec.js";
import type {
  ExperimentReport,
  JsonObject,
  PageScript,
  PanelChart,
  ReportModel,
  RunnerReport,
} from "./model.js";
import { CHARTS_JSON_ID, PAGE_SCRIPT, TOGGLE_ID } from "./page-script.js";
import { PAGE_STYLE } from "./page-style.js";
import { predictionProvenance, provenanceDetails, provenanceOverview } from "./provenance-html.js";
import { tableHtml } from "./table-html.js";

export const PAGE_TITLE = "Scalability of Linux Event-Dispatch Mechanisms — reproduction report";

/** No network: only inline scripts and styles, images from data: and blob: (chart export). */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; " +
  "img-src data: blob:; font-src data:";

const RUNNER_NAMES: Record<RunnerId, string> = {
  sim: "simulator (2001 testbed model)",
  hw: "real hardware (this machine)",
};

/** The DOM id of a chart's container. */
export function chartTarget(experiment: string, runner: RunnerId, panel: string): string {
  return domId("chart", experiment, runner, panel);
}

export interface ChartEntry {
  target: string;
  spec: JsonObject;
}

/** Every chart of the page with its interactive spec, in page order. */
export function chartEntries(model: ReportModel): ChartEntry[] {
  return model.experiments.flatMap((e) =>
    e.runs.flatMap((run) =>
      run.charts.map((c) => ({
        target: chartTarget(e.manifest.id, run.runner, c.panel),
        spec: interactiveSpec(c.spec),
      })),
    ),
  );
}

function chartFigure(experiment: string, run: RunnerReport, chart: PanelChart): string {
  const target = chartTarget(experiment, run.runner, chart.panel);
  const caption =
    `<span class="runner-badge">${escapeHtml(run.runner)}</span> ` +
    `(${escapeHtml(chart.panel)}) ${escapeHtml(chart.title)} — <code>${escapeHtml(chart.from)}</code>`;
  const container = element("div", {
    class: "chart",
    id: target,
    "data-experiment": experiment,
    "data-runner": run.runner,
    "data-panel": chart.panel,
  });
  return `<figure class="panel"><figcaption>${caption}</figcaption>${container}</figure>`;
}

/**
 * The chart panels: with hw results, row by row, each sim panel with the hw
 * panel of the same id beside it; with one runner, side by side.
 */
function panelRows(e: ExperimentReport): string {
  const ids: string[] = [];
  for (const run of e.runs)
    for (const c of run.charts) if (!ids.includes(c.panel)) ids.push(c.panel);
  if (e.runs.length === 1) {
    // One runner: the panels flow side by side.
    const run = e.runs[0] as RunnerReport;
    const figures = run.charts.map((c) => chartFigure(e.manifest.id, run, c));
    return figures.length === 0
      ? ""
      : `<div class="panels"><div class="panel-row">${figures.join("")}</div></div>`;
  }
  const rows = ids.map((panel) => {
    const figures = e.runs.flatMap((run) => {
      const chart = run.charts.find((c) => c.panel === panel);
      return chart === undefined ? [] : [chartFigure(e.manifest.id, run, chart)];
    });
    return `<div class="panel-row">${figures.join("")}</div>`;
  });
  return rows.length === 0 ? "" : `<div class="panels">${rows.join("")}</div>`;
}

function runnerClaims(e: ExperimentReport, run: RunnerReport): string {
  const heading = `<h3>Claims — ${escapeHtml(RUNNER_NAMES[run.runner])}</h3>`;
  const table =
    e.manifest.table !== undefined && run.table !== undefined
      ? tableHtml(e.manifest.table, run.table, run.runner)
      : "";
  return (
    table +
    heading +
    passRates(summarize(run.claims)) +
    claimsTable(run.claims) +
    knownDeviations(run.claims) +
    provenanceDetails(run) +
    predictionProvenance(run)
  );
}

export function experimentSection(e: ExperimentReport): string {
  const m = e.manifest;
  const mechanisms = m.sweep.mechanisms.join(", ");
  const lede =
    `${escapeHtml(m.paper_ref)} · workload <code>${escapeHtml(m.sweep.workload)}</code> · ` +
    `x = <code>${escapeHtml(m.sweep.x)}</code> · mechanisms ${escapeHtml(mechanisms)}`;
  const body =
    e.runs.length === 0
      ? `<p class="muted">No results yet: run <code>dispatch-repro run ${escapeHtml(m.id)}</code>.</p>`
      : panelRows(e) + e.runs.map((run) => runnerClaims(e, run)).join("");
  return (
    `<section class="experiment" id="${escapeHtml(m.id)}">` +
    `<h2>${escapeHtml(m.id)}: ${escapeHtml(m.title)}</h2><p class="lede">${lede}</p>${body}</section>`
  );
}

function countsText(results: readonly ClaimResult[]): string {
  if (results.length === 0) return "—";
  const roles = rolePassCounts(summarize(results));
  const deviations = results.filter((r) => r.verdict === "not-reproduced").length;
  const failing = results.filter((r) => r.verdict === "fail").map((r) => r.id);
  const noData = results.filter((r) => r.verdict === "no-data").map((r) => r.id);
  const text = roles + (deviations > 0 ? `, ${deviations} known deviation(s)` : "");
  const fail =
    failing.length === 0
      ? ""
      : ` <span class="verdict fail">FAIL</span> ${escapeHtml(failing.join(", "))}`;
  const none =
    noData.length === 0
      ? ""
      : ` <span class="verdict nodata">NO DATA</span> ${escapeHtml(noData.join(", "))}`;
  return `${escapeHtml(text)}${fail}${none}`;
}

function runsOf(model: ReportModel, runner: RunnerId): RunnerReport[] {
  return model.experiments.flatMap((e) => e.runs.filter((r) => r.runner === runner));
}

function summarySection(model: ReportModel): string {
  const runners = (["sim", "hw"] as const).filter((r) => runsOf(model, r).length > 0);
  const rates = runners.map((runner) => {
    const claims = runsOf(model, runner).flatMap((r) => r.claims);
    return `<h3>${escapeHtml(RUNNER_NAMES[runner])}: all figures</h3>${passRates(summarize(claims))}`;
  });
  const rows = model.experiments.map((e) => [
    element("a", { href: `#${e.manifest.id}` }, escapeHtml(e.manifest.id)),
    escapeHtml(e.manifest.title),
    ...runners.map((runner) => countsText(e.runs.find((r) => r.runner === runner)?.claims ?? [])),
  ]);
  return (
    `<section id="summary"><h2>Summary</h2>` +
    `<p>Every published number and claim of the paper is encoded as a check with a tolerance. ` +
    `Three roles are counted apart: the simulator's cost constants were fitted to the ` +
    `calibration claims only; constrained claims follow from those constants or from the ` +
    `model's construction; only validation claims, which nothing fitted decides, make the pass ` +
    `rate. A claim without evidence (no points, a server that served nothing) is "no data" ` +
    `and fails.</p>${rates.join("")}` +
    htmlTable(["experiment", "figure", ...runners.map((r) => `${r} claims`)], rows, "overview") +
    "</section>"
  );
}

function tocSection(model: ReportModel): string {
  const items = model.experiments.map(
    (e) =>
      `<li><a href="#${escapeHtml(e.manifest.id)}">${escapeHtml(e.manifest.id)}: ${escapeHtml(e.manifest.title)}</a></li>`,
  );
  return (
    `<nav class="toc"><h2>Contents</h2><ol>` +
    `<li><a href="#summary">Summary</a></li><li><a href="#drift">Drift against the accepted baseline</a></li>` +
    `${items.join("")}<li><a href="#provenance">Provenance of the results</a></li></ol></nav>`
  );
}

function driftSection(model: ReportModel): string {
  const drifts = model.experiments.flatMap((e) => (e.drift ? [e.drift] : []));
  return `<section id="drift"><h2>Drift against the accepted baseline</h2>${driftHtml(drifts, summarizeDrift(drifts))}</section>`;
}

export function reportPage(model: ReportModel, scripts: readonly PageScript[]): string {
  const libraries = scripts.map((s) => `${escapeHtml(s.name)} ${escapeHtml(s.version)}`).join(", ");
  const inlined = scripts
    .map(
      (s) =>
        `<script data-library="${escapeHtml(s.name)}">${inlineScript(s.source, s.name)}</script>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CONTENT_SECURITY_POLICY)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(PAGE_TITLE)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header class="top"><h1>${escapeHtml(PAGE_TITLE)}</h1>
<label><input type="checkbox" id="${TOGGLE_ID}" checked> show the published numbers (paper overlay)</label>
</header>
<main>
<p class="lede">A. Chandra and D. Mosberger, <i>Scalability of Linux Event-Dispatch Mechanisms</i>, USENIX Annual Technical Conference 2001. Solid lines: reproduced (mean over seeds, 95% band); grey and dashed: the paper's numbers. Hover a point for its exact values and what the paper says about it.</p>
<noscript><p class="verdict fail">The charts need JavaScript; the tables below do not.</p></noscript>
${tocSection(model)}
${summarySection(model)}
${driftSection(model)}
${model.experiments.map(experimentSection).join("\n")}
<section id="provenance"><h2>Provenance of the results</h2>${provenanceOverview(model.experiments)}</section>
<footer>Written by <code>dispatch-repro report</code>. Charts drawn in the browser with ${libraries}, inlined in this file: it opens from disk with no network.</footer>
</main>
${inlined}
<script type="application/json" id="${CHARTS_JSON_ID}">${scriptJson(chartEntries(model))}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
