/**
 * `dispatch-repro check`: evaluate every claim of the selected manifests on
 * the stored results; print the table (or JSON); fail on any failed claim.
 */
import { existsSync } from "node:fs";
import type { ClaimResult } from "../claims/index.js";
import { checkClaims, formatText, summarize, toReport } from "../claims/index.js";
import { aggregate } from "../results/aggregate.js";
import { readRunsCsv } from "../results/csv.js";
import { resultsPath, selectManifests } from "./select-manifests.js";
import { UsageError } from "./usage-error.js";

export interface CheckOptions {
  runner: string;
  json?: boolean;
  /** One verdict line per experiment instead of the tables. */
  brief?: boolean;
}

export interface ExperimentCheck {
  id: string;
  title: string;
  results: ClaimResult[];
}

export function evaluateClaims(ids: readonly string[], runner: "sim" | "hw"): ExperimentCheck[] {
  return selectManifests(ids).map(({ manifest }) => {
    const path = resultsPath(manifest.id, runner);
    if (!existsSync(path)) {
      throw new UsageError(
        `no ${runner} results for ${manifest.id} (${path}): run 'dispatch-repro run ${manifest.id}' first`,
      );
    }
    const points = aggregate(readRunsCsv(path));
    return {
      id: manifest.id,
      title: manifest.title,
      results: checkClaims(manifest.claims, points, runner),
    };
  });
}

/** Returns the process exit status: 0 when no claim failed, 1 otherwise. */
export function checkCommand(ids: readonly string[], o: CheckOptions): number {
  if (o.runner !== "sim" && o.runner !== "hw")
    throw new UsageError(`unknown runner '${o.runner}' (known: sim, hw)`);
  const checks = evaluateClaims(ids, o.runner);
  const all = checks.flatMap((c) => c.results);
  const summary = summarize(all);
  if (o.json) {
    const out = {
      runner: o.runner,
      summary,
      experiments: checks.map((c) => ({ id: c.id, title: c.title, ...toReport(c.results) })),
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else if (o.brief) {
    for (const c of checks) process.stdout.write(`${verdictLine(c)}\n`);
    process.stdout.write(`${summaryLine(summary)}\n`);
  } else {
    for (const c of checks) {
      process.stdout.write(`\n== ${c.id}: ${c.title}\n${formatText(c.results)}\n`);
    }
    process.stdout.write(`\n${summaryLine(summary)}\n`);
  }
  return summary.ok ? 0 : 1;
}

export function verdictLine(c: ExperimentCheck): string {
  const s = summarize(c.results);
  const passed = c.results.filter((r) => r.verdict === "pass").length;
  const deviations = s.validation.notReproduced + s.calibration.notReproduced;
  const failed = c.results.filter((r) => r.verdict === "fail").map((r) => r.id);
  const verdict = failed.length > 0 ? "FAIL" : "PASS";
  return (
    `${c.id.padEnd(8)} ${verdict}  ${passed}/${c.results.length} claims pass` +
    (deviations > 0 ? `, ${deviations} known deviation(s)` : "") +
    (failed.length > 0 ? `; failing: ${failed.join(", ")}` : "")
  );
}

export function summaryLine(s: ReturnType<typeof summarize>): string {
  const v = s.validation;
  const c = s.calibration;
  const rate =
    s.validationPassRate === null ? "n/a" : `${(100 * s.validationPassRate).toFixed(0)}%`;
  return (
    `claims: validation ${v.pass}/${v.total} pass (${rate}), ${v.fail} fail, ${v.notReproduced} not reproduced; ` +
    `calibration ${c.pass}/${c.total} pass, ${c.fail} fail` +
    (s.ok ? "" : "  → FAILED")
  );
}
