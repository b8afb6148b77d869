/**
 * `dispatch-repro check`: evaluate every claim of the selected manifests on
 * the stored results, then (sim runner) hold them against the accepted
 * baseline — `data/<id>/sim.baseline.csv` and `sim.verdicts.json` — the drift
 * gate CI runs. Exit 1 on a failed claim, a value moved beyond its manifest
 * tolerance (default: exact), a claim that passed in the baseline and does
 * not pass now, or a missing baseline. `check --accept` takes the current
 * results as the new baseline, on purpose, and shows what changed.
 */
import { blocksGate, formatText, toReport } from "../claims/index.js";
import {
  baselinePaths,
  driftSummaryLine,
  type ExperimentDrift,
  formatDriftReportText,
  summarizeDrift,
  writeBaseline,
} from "../drift/index.js";
import { UsageError } from "../errors.js";
import { selectManifests } from "../manifest/select.js";
import { type Evaluation, evaluate } from "../pipeline/evaluate.js";
import { briefSummaryLine, driftOf, gate } from "../pipeline/gate.js";
import { info } from "../progress.js";
import { resultsPath } from "../results/paths.js";

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

/**
 * The claims of the selected manifests that apply to `runner`, on its stored
 * results. hw: with no ids, the manifests that have a hw section; claims run
 * on the valid runs only (aggregate leaves invalid ones out).
 */
export function evaluateClaims(
  ids: readonly string[],
  runner: "sim" | "hw" | "predict",
): Evaluation[] {
  const selected = selectManifests(ids).filter(
    ({ manifest }) => runner === "sim" || ids.length > 0 || manifest.runners.hw !== undefined,
  );
  return selected.map((loaded) => {
    const e = evaluate(loaded, runner);
    if (e === undefined) {
      const path = resultsPath(loaded.manifest.id, runner);
      const id = loaded.manifest.id;
      const how =
        runner === "sim"
          ? `run ${id}`
          : runner === "hw"
            ? `run ${id} --runner hw`
            : `run ${id} --runner hw' and 'dispatch-repro run ${id} --runner predict`;
      throw new UsageError(
        `no ${runner} results for ${id} (${path}): run 'dispatch-repro ${how}' first`,
      );
    }
    return e;
  });
}

function runnerOf(o: CheckOptions): "sim" | "hw" | "predict" {
  if (o.runner !== "sim" && o.runner !== "hw" && o.runner !== "predict")
    throw new UsageError(`unknown runner '${o.runner}' (known: sim, hw, predict)`);
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
  const withDrift = o.drift === true && runner === "sim";
  if (o.drift === true && runner !== "sim")
    info("check: the drift gate covers the sim runner only (hardware results vary by machine)");
  const verdict = gate(checks, { drift: withDrift });
  const { drifts, summary } = verdict;
  const driftSummary = drifts === undefined ? undefined : summarizeDrift(drifts);
  if (o.json) {
    const out = {
      runner,
      ok: verdict.ok,
      summary,
      drift: driftSummary ?? null,
      experiments: checks.map((c, i) => {
        const d = drifts?.[i];
        return {
          id: c.manifest.id,
          title: c.manifest.title,
          ...toReport(c.claims),
          drift: d === undefined ? null : driftJson(d),
        };
      }),
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else if (o.brief) {
    process.stdout.write(`${verdict.lines.join("\n")}\n`);
    if (driftSummary) process.stdout.write(`${driftSummaryLine(driftSummary)}\n`);
  } else {
    for (const c of checks) {
      process.stdout.write(`\n== ${c.manifest.id}: ${c.manifest.title}\n${formatText(c.claims)}\n`);
    }
    const found = drifts === undefined ? "" : formatDriftReportText(drifts);
    if (found !== "") process.stdout.write(`\n== drift against the accepted baseline\n${found}`);
    process.stdout.write(`\n${briefSummaryLine(summary)}\n`);
    if (driftSummary) process.stdout.write(`${driftSummaryLine(driftSummary)}\n`);
  }
  return verdict.ok ? 0 : 1;
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
  for (const c of checks) writeBaseline(baselinePaths(c.csvPath), c.claims);
  const failing = checks.flatMap((c) => c.claims.filter(blocksGate).map((r) => r.id));
  if (o.json) {
    const out = {
      accepted: checks.map((c, i) => {
        const d = before[i] as ExperimentDrift;
        const paths = baselinePaths(c.csvPath);
        return {
          id: c.manifest.id,
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
    const paths = baselinePaths(c.csvPath);
    return `accepted ${c.manifest.id.padEnd(8)} ${paths.runs} + ${paths.verdicts}: ${acceptedWhat(before[i] as ExperimentDrift)}`;
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
