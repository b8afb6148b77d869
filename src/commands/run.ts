/**
 * `dispatch-repro run [ids…] [--runner sim|hw]`: the run stage alone — every
 * point of the named experiments (all when none) through the runner's run
 * loop, results to data/<id>/<runner>.csv with provenance.
 */
import { availableParallelism } from "node:os";
import { UsageError } from "../errors.js";
import { selectManifests } from "../manifest/select.js";
import { predictable } from "../runners/prediction-terms.js";
import { runExperiments } from "../runners/run-loop.js";
import type { RunSummary } from "../runners/runner.js";
import { SimRunner } from "../runners/sim/sim-runner.js";

export interface RunOptions {
  runner: string;
  jobs?: string;
  force?: boolean;
  /** hw runner: print the planned runs and time, run nothing. */
  dryRun?: boolean;
  /** hw runner: shape the server–client link to this rate (e.g. 100mbit). */
  link?: string;
  /** hw runner: the load from a testbed's client hosts (a testbed file). */
  testbed?: string;
  /** hw runner: sizes as for a select() this many times cheaper per descriptor. */
  sizeFactor?: string;
  /** hw runner: probe the machine again. */
  reprobe?: boolean;
}

export function jobsFrom(raw: string | undefined): number {
  if (raw === undefined) return availableParallelism();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--jobs must be a whole number ≥ 1, got '${raw}'`);
  return n;
}

export async function runCommand(ids: readonly string[], o: RunOptions): Promise<RunSummary> {
  if (o.runner === "hw") {
    const { measureOnHardware } = await import("../runners/hw/hw-runner.js");
    return measureOnHardware(ids, o);
  }
  if (o.runner !== "sim" && o.runner !== "predict")
    throw new UsageError(`unknown runner '${o.runner}' (known: sim, hw, predict)`);
  if (o.link !== undefined) throw new UsageError("--link shapes a real link: it needs --runner hw");
  if (o.testbed !== undefined)
    throw new UsageError("--testbed places real load: it needs --runner hw");
  if (o.sizeFactor !== undefined || o.reprobe)
    throw new UsageError("--size-factor and --reprobe size hardware sweeps: they need --runner hw");
  // The simulator runner itself refuses --dry-run (it has no plan to print).
  const jobs = jobsFrom(o.jobs);
  let manifests = selectManifests(ids);
  let runner = new SimRunner({ jobs });
  if (o.runner === "predict") {
    manifests = predictable(manifests);
    if (manifests.length === 0)
      throw new UsageError("predict: no selected experiment has a hw section");
    runner = SimRunner.predicting(manifests, jobs);
  }
  return runExperiments(runner, manifests, {
    ...(o.force ? { force: true } : {}),
    ...(o.dryRun ? { dryRun: true } : {}),
  });
}
