/**
 * The report's two files: figures/drift.md (claims tables and the drift
 * table in Markdown, ready for a pull-request comment) and figures/index.html
 * (the self-contained interactive page, page.ts).
 */
import { join } from "node:path";
import { formatMarkdown, summarize, summaryLine } from "../claims/index.js";
import { formatDriftReportMarkdown, summarizeDrift } from "../drift/index.js";
import { escapeMarkdown } from "../markdown.js";
import { writeFileAtomic } from "../results/atomic-write.js";
import type { PageScript, ReportModel } from "./model.js";
import { reportPage } from "./page.js";

/** The simulator's status in Markdown. */
export function driftMarkdown(model: ReportModel): string {
  const sim = model.experiments.map((e) => ({
    e,
    claims: e.runs.find((r) => r.runner === "sim")?.claims ?? [],
  }));
  const all = sim.flatMap((s) => s.claims);
  const parts = ["# Reproduction status (simulator)", "", summaryLine(summarize(all)), ""];
  const drifts = model.experiments.flatMap((e) => (e.drift ? [e.drift] : []));
  if (drifts.length > 0) parts.push(formatDriftReportMarkdown(drifts, summarizeDrift(drifts)));
  for (const { e, claims } of sim)
    parts.push(
      `## ${e.manifest.id}: ${escapeMarkdown(e.manifest.title)}`,
      "",
      formatMarkdown(claims),
    );
  return `${parts.join("\n")}\n`;
}

/** Writes index.html and drift.md into `outDir`; returns their paths. */
export function writeReport(
  model: ReportModel,
  outDir: string,
  scripts: readonly PageScript[],
): string[] {
  const md = join(outDir, "drift.md");
  const html = join(outDir, "index.html");
  writeFileAtomic(md, driftMarkdown(model));
  writeFileAtomic(html, reportPage(model, scripts));
  return [html, md];
}
