/**
 * The report: figures/drift.md (claims tables in Markdown, ready for a
 * pull-request comment) and figures/index.html (one self-contained page:
 * every figure panel inlined as SVG beside its claims table). It opens from
 * disk with no network.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ClaimResult } from "../claims/index.js";
import { formatMarkdown, summarize, toRow } from "../claims/index.js";
import { summaryLine } from "../commands/check.js";
import { type ExperimentDrift, formatDriftReportMarkdown, summarizeDrift } from "../drift/index.js";
import type { Manifest } from "../manifest/schema.js";
import { writeFileAtomic } from "../results/atomic-write.js";

export interface ReportSection {
  manifest: Manifest;
  results: ClaimResult[];
  provenance?: Record<string, unknown>;
  /** The drift gate's findings against the accepted baseline, when compared. */
  drift?: ExperimentDrift;
}

function escapeHtml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

export function driftMarkdown(sections: readonly ReportSection[]): string {
  const all = sections.flatMap((s) => s.results);
  const parts = ["# Reproduction status (simulator)", "", summaryLine(summarize(all)), ""];
  const drifts = sections.flatMap((s) => (s.drift ? [s.drift] : []));
  if (drifts.length > 0) parts.push(formatDriftReportMarkdown(drifts, summarizeDrift(drifts)));
  for (const s of sections)
    parts.push(`## ${s.manifest.id}: ${s.manifest.title}`, "", formatMarkdown(s.results));
  return `${parts.join("\n")}\n`;
}

function claimsTable(results: readonly ClaimResult[]): string {
  const head = ["claim", "role", "source", "expected", "measured", "tolerance", "verdict"];
  const rows = results.map((r) => {
    const row = toRow(r);
    const cls = r.verdict === "pass" ? "pass" : r.verdict === "fail" ? "fail" : "dev";
    const cells = [
      `<code>${escapeHtml(r.id)}</code>`,
      escapeHtml(r.role),
      `${escapeHtml(r.source.ref)}<br><q>${escapeHtml(r.source.quote)}</q>`,
      escapeHtml(row.expected),
      escapeHtml(row.measured),
      escapeHtml(row.tolerance),
      `<span class="${cls}">${escapeHtml(row.verdict)}</span>`,
    ];
    return `<tr>${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`;
  });
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

export function reportHtml(sections: readonly ReportSection[], figuresDir: string): string {
  const all = sections.flatMap((s) => s.results);
  const body = sections.map((s) => {
    const m = s.manifest;
    const svgs = m.sweep.panels
      .map((p) => join(figuresDir, `${m.id}-${p.id}.svg`))
      .filter((path) => existsSync(path))
      .map((path) => `<figure>${readFileSync(path, "utf8")}</figure>`)
      .join("");
    const prov = s.provenance
      ? `<details><summary>provenance of data/${m.id}/sim.csv</summary><pre>${escapeHtml(JSON.stringify(s.provenance, null, 2))}</pre></details>`
      : "";
    return `<section id="${m.id}"><h2>${escapeHtml(m.title)}</h2><p>${escapeHtml(m.paper_ref)}</p><div class="panels">${svgs}</div>${claimsTable(s.results)}${prov}</section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>dispatch-repro report</title>
<style>
body{font-family:"DejaVu Sans",sans-serif;margin:2em;max-width:1400px}
.panels{display:flex;flex-wrap:wrap;gap:1em}
table{border-collapse:collapse;font-size:13px;margin:1em 0}
td,th{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}
q{color:#555}.pass{color:#176317;font-weight:bold}.fail{color:#b00;font-weight:bold}.dev{color:#a60;font-weight:bold}
</style></head><body>
<h1>Scalability of Linux Event-Dispatch Mechanisms — reproduction</h1>
<p>${escapeHtml(summaryLine(summarize(all)))}</p>
${body.join("\n")}
</body></html>
`;
}

export function writeReport(sections: readonly ReportSection[], figuresDir: string): string[] {
  const md = join(figuresDir, "drift.md");
  const html = join(figuresDir, "index.html");
  writeFileAtomic(md, driftMarkdown(sections));
  writeFileAtomic(html, reportHtml(sections, figuresDir));
  return [html, md];
}
