/**
 * Where each results CSV came from (data/<id>/<runner>.meta.json): a one-line
 * summary per experiment that opens into every recorded field, and an
 * overview table of all CSVs.
 */
import { element, escapeHtml, htmlTable } from "./html.js";
import type { ExperimentReport, JsonObject, JsonValue, RunnerReport } from "./model.js";

function text(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return "—";
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(Number(value.toPrecision(6)));
  return JSON.stringify(value);
}

function seconds(value: JsonValue | undefined): string {
  return typeof value === "number" ? `${value.toFixed(1)} s` : "—";
}

function fields(p: JsonObject): string {
  const rows = Object.entries(p).map(([key, value]) => [
    element("code", {}, escapeHtml(key)),
    escapeHtml(text(value)),
  ]);
  return htmlTable(["field", "value"], rows, "fields");
}

/** One runner's provenance: a summary line that opens into every field. */
export function provenanceDetails(run: RunnerReport): string {
  const csv = element("code", {}, escapeHtml(run.csv));
  const p = run.provenance;
  if (p === undefined) {
    return `<p class="provenance muted">Provenance of ${csv}: no <code>${escapeHtml(run.provenancePath)}</code> beside it.</p>`;
  }
  const summary = [
    `${escapeHtml(text(p.runner))} runner ${escapeHtml(text(p.runnerVersion))}`,
    `code ${escapeHtml(text(p.codeVersion))}`,
    `${escapeHtml(text(p.points))} points`,
    `seeds ${escapeHtml(text(p.seeds))}`,
    `started ${escapeHtml(text(p.startedAt))}`,
  ].join(" · ");
  return (
    `<details class="provenance"><summary>Provenance of ${csv}: ${summary}</summary>` +
    `<p>From <code>${escapeHtml(run.provenancePath)}</code>:</p>${fields(p)}</details>`
  );
}

/**
 * Under a hw run's claims: which profile predicted its points (the dotted
 * series), measured on which machine and when.
 */
export function predictionProvenance(run: RunnerReport): string {
  const prediction = run.prediction;
  if (prediction === undefined) return "";
  const details = objectOf(prediction.provenance?.details);
  const measured = objectOf(details.profile_measured_on);
  const where =
    measured.machine === undefined
      ? ""
      : `, measured on ${escapeHtml(text(measured.machine))} at ${escapeHtml(text(measured.measured_at))}`;
  return (
    `<p class="provenance">Dotted: the simulator's prediction (<code>${escapeHtml(prediction.csv)}</code>), ` +
    `profile <code>${escapeHtml(text(details.profile))}</code> (${escapeHtml(text(details.profile_version))})${where}.</p>`
  );
}

function objectOf(value: JsonValue | undefined): JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};
}

/** Every results CSV with the fields that trace it back. */
export function provenanceOverview(experiments: readonly ExperimentReport[]): string {
  const rows = experiments.flatMap((e) =>
    e.runs.map((run) => {
      const p = run.provenance ?? {};
      return [
        element("a", { href: `#${e.manifest.id}` }, escapeHtml(e.manifest.id)),
        element("code", {}, escapeHtml(run.csv)),
        escapeHtml(text(p.runnerVersion)),
        escapeHtml(text(p.codeVersion)),
        escapeHtml(text(p.manifestHash).slice(0, 12)),
        escapeHtml(text(p.points)),
        escapeHtml(text(p.startedAt)),
        escapeHtml(seconds(p.wallTimeS)),
        escapeHtml(
          `${text(p.hostname)}, ${text(p.cpuModel)}, ${text(p.kernel)}, node ${text(p.nodeVersion)}`,
        ),
      ];
    }),
  );
  if (rows.length === 0) return `<p class="muted">No results yet.</p>`;
  return htmlTable(
    [
      "experiment",
      "results",
      "runner version",
      "code",
      "manifest sha256",
      "points",
      "started",
      "wall time",
      "machine",
    ],
    rows,
    "provenance-overview",
  );
}
