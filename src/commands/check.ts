/**
 * `dispatch-repro check`: evaluate every claim of the selected manifests on
 * the stored results, then (sim runner) hold them against the accepted
 * baseline — `data/<id>/sim.baseline.csv` and `sim.verdicts.json` — the drift
 * gate CI runs. Exit 1 on a failed claim, a value moved beyond its manifest
 * tolerance (default: exact), a claim that passed in the baseline and does
 * not pass now, or a missing baseline. `check --accept` takes the current
 * results as the new baseline, on purpose, and shows what changed.
 */
import { existsSync } from "node:fs";
import type { ClaimResult } from "../claims/index.js";
import {
  blocksGate,
  type ClaimSummary,
  checkClaims,
  formatText,
  summarize,
  summaryLine,
  toReport,
} from "../claims/index.js";
import {
  baselinePaths,
  driftSummaryLine,
  type ExperimentDrift,
  experimentDrift,
  formatDriftReportText,
  summarizeDrift,
  writeBaseline,
} from "../drift/index.js";
import type { Manifest } from "../manifest/schema.js";
import { info } from "../progress.js";
import { aggregate } from "../results/aggregate.js";
import { readRunsCsv } from "../results/csv.js";
import { resultsPath, selectManifests } from "./select-manifests.js";
import { UsageError } from "./usage-error.js";

export interface CheckOptions {
  runner: string;
  json?: boolean;
  /** One verdict line per experiment instead of the tables. */
  brief?: boolean;
  /**
   * Hold the results against the accepted baseline (the drift gate; sim
   * runner only). The CLI turns it on unless `--no-drift` is given.
   */
  drift?: boolean;
  /** Take the current results and verdicts as the new baseline (sim runner). */
  accept?: boolean;
}

export interface ExperimentCheck {
  id: string;
  title: string;
  results: ClaimResult[];
  manifest: Manifest;
  /** The results the claims were checked on, e.g. data/fig4/sim.csv. */
  resultsCsv: string;
}

/**
 * The claims of the selected manifests that apply to `runner`, on its stored
 * results. hw: with no ids, the manifests that have a hw section; claims run
 * on the valid runs only (aggregate leaves invalid ones out).
 */
export function evaluateClaims(ids: readonly string[], runner: "sim" | "hw"): ExperimentCheck[] {
  const selected = selectManifests(ids).filter(
    ({ manifest }) => runner === "sim" || ids.length > 0 || manifest.runners.hw !== undefined,
  );
  return selected.map(({ manifest }) => {
    const path = resultsPath(manifest.id, runner);
    if (!existsSync(path)) {
      const how = runner === "hw" ? `run ${manifest.id} --runner hw` : `run ${manifest.id}`;
      throw new UsageError(
        `no ${runner} results for ${manifest.id} (${path}): run 'dispatch-repro ${how}' first`,
      );
    }
    const points = aggregate(readRunsCsv(path));
    return {
      id: manifest.id,
      title: manifest.title,
      results: checkClaims(manifest.claims, points, runner),
      manifest,
      resultsCsv: path,
    };
  });
}

/** The drift gate of one checked experiment against its accepted baseline. */
export function driftOf(c: ExperimentCheck): ExperimentDrift {
  return experimentDrift(c.id, c.resultsCsv, c.manifest.drift?.tolerance ?? {}, c.results);
}

function runnerOf(o: CheckOptions): "sim" | "hw" {
  if (o.runner !== "sim" && o.runner !== "hw")
    throw new UsageError(`unknown runner '${o.runner}' (known: sim, hw)`);
  return o.runner;
}

function driftJson(d: ExperimentDrift) {
  return {
    ok: d.ok,
    baseline: d.baseline,
    ...(d.problem === undefined ? {} : { problem: d.problem }),
    rows: d.rows,
    regressions: d.verdicts.regressions,
    fixed: d.verdicts.fixed,
    otherVerdictChanges: d.verdicts.other,
  };
}

/**
 * Returns the process exit status: 0 when no claim failed and (with the
 * drift gate) nothing drifted, 1 otherwise.
 */
export function checkCommand(ids: readonly string[], o: CheckOptions): number {
  const runner = runnerOf(o);
  if (o.accept) return acceptCommand(ids, o);
  const checks = evaluateClaims(ids, runner);
  const gate = o.drift === true && runner === "sim";
  if (o.drift === true && runner !== "sim")
    info("check: the drift gate covers the sim runner only (hardware results vary by machine)");
  const drifts = gate ? checks.map(driftOf) : undefined;
  const all = checks.flatMap((c) => c.results);
  const summary = summarize(all);
  const driftSummary = drifts === undefined ? undefined : summarizeDrift(drifts);
  const ok = summary.ok && (driftSummary?.ok ?? true);
  if (o.json) {
    const out = {
      runner,
      ok,
      summary,
      drift: driftSummary ?? null,
      experiments: checks.map((c, i) => {
        const d = drifts?.[i];
        return {
          id: c.id,
          title: c.title,
          ...toReport(c.results),
          drift: d === undefined ? null : driftJson(d),
        };
      }),
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else if (o.brief) {
    for (const [i, c] of checks.entries()) process.stdout.write(`${verdictLine(c, drifts?.[i])}\n`);
    process.stdout.write(`${briefSummaryLine(summary)}\n`);
    if (driftSummary) process.stdout.write(`${driftSummaryLine(driftSummary)}\n`);
  } else {
    for (const c of checks) {
      process.stdout.write(`\n== ${c.id}: ${c.title}\n${formatText(c.results)}\n`);
    }
    const found = drifts === undefined ? "" : formatDriftReportText(drifts);
    if (found !== "") process.stdout.write(`\n== drift against the accepted baseline\n${found}`);
    process.stdout.write(`\n${briefSummaryLine(summary)}\n`);
    if (driftSummary) process.stdout.write(`${driftSummaryLine(driftSummary)}\n`);
  }
  return ok ? 0 : 1;
}

/** "new baseline", "unchanged" or "3 values, 1 verdict changed" for one experiment. */
function acceptedWhat(d: ExperimentDrift): string {
  if (d.problem !== undefined) return "new baseline";
  const verdicts =
    d.verdicts.regressions.length + d.verdicts.fixed.length + d.verdicts.other.length;
  if (d.rows.length === 0 && verdicts === 0) return "unchanged";
  return `${d.rows.length} value(s) and ${verdicts} verdict(s) changed`;
}

/**
 * `check --accept`: writes sim.baseline.csv (a copy of sim.csv) and
 * sim.verdicts.json for each selected experiment, after showing every change
 * from the previous baseline. Exit 0; failing claims are only noted, since
 * `check` fails on them whatever the baseline says.
 */
export function acceptCommand(ids: readonly string[], o: CheckOptions): number {
  if (runnerOf(o) !== "sim")
    throw new UsageError("--accept: the drift baseline covers the sim runner only");
  const checks = evaluateClaims(ids, "sim");
  const before = checks.map(driftOf);
  for (const c of checks) writeBaseline(baselinePaths(c.resultsCsv), c.results);
  const failing = checks.flatMap((c) => c.results.filter(blocksGate).map((r) => r.id));
  if (o.json) {
    const out = {
      accepted: checks.map((c, i) => {
        const d = before[i] as ExperimentDrift;
        const paths = baselinePaths(c.resultsCsv);
        return {
          id: c.id,
          baseline: paths.runs,
          verdicts: paths.verdicts,
          previous: d.problem === undefined ? "replaced" : "none",
          rows: d.rows,
          verdictChanges: [...d.verdicts.regressions, ...d.verdicts.fixed, ...d.verdicts.other],
        };
      }),
      failingClaims: failing,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  const lines = checks.map((c, i) => {
    const paths = baselinePaths(c.resultsCsv);
    return `accepted ${c.id.padEnd(8)} ${paths.runs} + ${paths.verdicts}: ${acceptedWhat(before[i] as ExperimentDrift)}`;
  });
  process.stdout.write(`${lines.join("\n")}\n`);
  const changes = formatDriftReportText(
    before.filter((d) => d.problem === undefined),
    { allRows: true },
  );
  if (changes !== "") process.stdout.write(`\n${changes}`);
  if (failing.length > 0) {
    process.stdout.write(
      `\nnote: ${failing.length} claim(s) fail (${failing.join(", ")}); check keeps failing on them ` +
        "until they pass or carry a known_deviation\n",
    );
  }
  return 0;
}

export function verdictLine(c: ExperimentCheck, drift?: ExperimentDrift): string {
  const s = summarize(c.results);
  const roles = (["validation", "constrained", "calibration"] as const)
    .filter((role) => s[role].total > 0)
    .map((role) => `${role} ${s[role].pass}/${s[role].total}`)
    .join(", ");
  const deviations = c.results.filter((r) => r.verdict === "not-reproduced").length;
  const failed = c.results.filter((r) => r.verdict === "fail").map((r) => r.id);
  const noData = c.results.filter((r) => r.verdict === "no-data").map((r) => r.id);
  const blocked = c.results.some(blocksGate);
  const verdict = blocked || (drift !== undefined && !drift.ok) ? "FAIL" : "PASS";
  return (
    `${c.id.padEnd(8)} ${verdict}  ${roles} pass` +
    (deviations > 0 ? `; ${deviations} known deviation(s)` : "") +
    (failed.length > 0 ? `; failing: ${failed.join(", ")}` : "") +
    (noData.length > 0 ? `; no data: ${noData.join(", ")}` : "") +
    (drift === undefined ? "" : driftNote(drift))
  );
}

function driftNote(d: ExperimentDrift): string {
  if (d.problem !== undefined) return "; no accepted baseline (check --accept)";
  const beyond = d.rows.filter((r) => r.beyondTolerance).length;
  const parts: string[] = [];
  if (beyond > 0) parts.push(`${beyond} value(s) drifted`);
  if (d.verdicts.regressions.length > 0)
    parts.push(`regressed: ${d.verdicts.regressions.map((r) => r.claim).join(", ")}`);
  return parts.length > 0 ? `; ${parts.join("; ")}` : "";
}

/** The one-line verdict of `check --brief` and `make figures`: the three roles apart. */
export function briefSummaryLine(s: ClaimSummary): string {
  return `claims: ${summaryLine(s)}${s.ok ? "" : "  → FAILED"}`;
}
