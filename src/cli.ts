#!/usr/bin/env node
/**
 * dispatch-repro: the command-line contract (docs/design.md). Data goes to
 * stdout, progress and errors to stderr. Exit status: 0 ok, 1 a failed claim
 * or run, 2 a bad command line or manifest. Commands are imported when
 * used, so `point` does not pay for loading vega.
 */
import { Command, CommanderError } from "commander";
import { UsageError } from "./errors.js";
import { ManifestError } from "./manifest/errors.js";
import { writeManifestJsonSchema } from "./manifest/json-schema.js";
import { PlanError } from "./plan/points.js";
import { RunsCsvError } from "./results/csv.js";
import { UnsupportedPointError } from "./runners/sim/run-point.js";

const program = new Command()
  .name("dispatch-repro")
  .description(
    "Reproduce Chandra & Mosberger, Scalability of Linux Event-Dispatch Mechanisms (USENIX 2001)",
  )
  .exitOverride()
  .showHelpAfterError(false);

program
  .command("list")
  .description("list the experiments in experiments/")
  .action(async () => {
    const { listCommand } = await import("./commands/list.js");
    listCommand();
  });

program
  .command("figures")
  .description(
    "the whole pipeline: run every simulator point (cached), check every claim, render the figures, write the report, print one verdict line per experiment; exit 1 on a failed claim",
  )
  .argument("[ids...]", "experiment ids (all when none)")
  .option("--jobs <n>", "parallel workers (default: number of cores)")
  .option("--force", "ignore cached points and rerun them")
  .option("--drift", "also hold the results against the accepted baseline (as check does)")
  .action(async (ids: string[], o) => {
    const { figuresCommand } = await import("./commands/figures.js");
    process.exitCode = await figuresCommand(ids, o);
  });

program
  .command("run")
  .description("run every point of the named experiments (all when none) and store the CSVs")
  .argument("[ids...]", "experiment ids")
  .option(
    "--runner <runner>",
    "sim | hw | predict (the simulator on the hw sections' points, runners.hw.profile)",
    "sim",
  )
  .option("--jobs <n>", "parallel workers (default: number of cores)")
  .option("--force", "ignore cached points and rerun them")
  .option("--dry-run", "hw runner: print the planned runs and their time, run nothing")
  .option(
    "--link <rate>",
    "hw runner: server and clients in network namespaces joined by a veth pair shaped with tc to <rate> (e.g. 100mbit; needs root) instead of loopback; cached and recorded apart",
  )
  .option(
    "--testbed <file>",
    "hw: the load from the client hosts of a testbed file (SSH), the server on its address (docs/testbed.md)",
  )
  .option(
    "--size-factor <f>",
    "hw: size sweeps given in machine terms as for a select() f times cheaper per descriptor (~f × the idle counts; docs/hw-sizing.md)",
  )
  .option(
    "--reprobe",
    "hw: probe this machine again (its kept probe in data/hw-probe.json is replaced)",
  )
  .action(async (ids: string[], o) => {
    const { runCommand } = await import("./commands/run.js");
    await runCommand(ids, o);
  });

program
  .command("probe")
  .description(
    "hw: measure this machine's terms for sweeps sized in machine terms (clients' max rate, select()'s cost per idle descriptor; root, ~30 s)",
  )
  .option("--reprobe", "probe again even when this machine and boot have a kept probe")
  .action(async (o: { reprobe?: boolean }) => {
    const { probeCommand } = await import("./commands/probe.js");
    await probeCommand(o);
  });

program
  .command("calibrate")
  .description(
    "hw: measure this machine's system-call costs and derive a simulator cost profile, data/profiles/NAME.json (root, ~2.5 min)",
  )
  .option("--profile <name>", "the profile's name (default modern)")
  .option("--no-build", "do not build the server and microbenchmark first")
  .action(async (o: { profile?: string; build?: boolean }) => {
    const { calibrateCommand } = await import("./commands/calibrate.js");
    await calibrateCommand(o);
  });

program
  .command("point")
  .description("run one point and print its metrics")
  .requiredOption("--runner <runner>", "sim | hw")
  .requiredOption("--mechanism <m>", "select, select-ma, devpoll, rtsig, rtsig-perfd, …")
  .requiredOption("--workload <w>", "persistent | idle-burst")
  .option("--connections <c>", "persistent connections")
  .option("--idle <i>", "idle connections")
  .requiredOption("--rate <r>", "request rate (req/s)")
  .option("--reply-bytes <b>", "reply size in bytes")
  .option("--duration <s>", "measured seconds (default 60)")
  .option("--warmup <s>", "seconds before measuring starts (default 2)")
  .option("--timeout <s>", "client timeout, httperf --timeout (default 1)")
  .option("--seed <k>", "random seed (default 1)")
  .option(
    "--queue-limit <n>",
    "RT signal queue limit (rtsig mechanisms; hw: the server's RLIMIT_SIGPENDING; default 1024)",
  )
  .option(
    "--profile <name>",
    "sim: cost profile: piii-400-linux-2.4 (default) or one kept in data/profiles/ (e.g. modern)",
  )
  .option("--json", "print one JSON object")
  .option(
    "--link <rate>",
    "hw: server and clients in network namespaces of their own joined by a veth pair shaped with tc to <rate> (e.g. 100mbit; needs root); off by default",
  )
  .option(
    "--testbed <file>",
    "hw: the load from the client hosts of a testbed file (SSH), the server on its address (docs/testbed.md)",
  )
  .action(async (o) => {
    const { runPointCommand } = await import("./commands/point.js");
    await runPointCommand(o);
  });

program
  .command("plan")
  .description(
    "print one 'point … --json' command per simulator point not yet cached (run them with any batch engine, then import)",
  )
  .argument("[ids...]", "experiment ids (all when none)")
  .option("--runner <runner>", "sim (hardware runs need this machine's quiet CPU 0)", "sim")
  .option("--cli <command>", "how the commands call this program", "dispatch-repro")
  .action(async (ids: string[], o) => {
    const { planCommand } = await import("./commands/plan.js");
    planCommand(ids, o);
  });

program
  .command("import")
  .description(
    "take the JSON lines of 'point --runner sim --json' commands into the cache (all or nothing: only this simulator's results for planned points)",
  )
  .argument("<files...>", "files of JSON lines")
  .action(async (files: string[]) => {
    const { importCommand } = await import("./commands/import.js");
    importCommand(files);
  });

program
  .command("render")
  .description("render figures/<id>-<panel>.{svg,png,vl.json} from stored results")
  .argument("[ids...]", "experiment ids")
  .option("--runner <runner>", "sim | hw (default: sim, plus hw where data/<id>/hw.csv exists)")
  .action(async (ids: string[], o) => {
    const { renderCommand } = await import("./commands/render.js");
    await renderCommand(ids, o);
  });

program
  .command("check")
  .description(
    "check the published claims against stored results and the accepted baseline " +
      "(data/<id>/sim.baseline.csv, sim.verdicts.json); exit 1 on a failed claim, " +
      "drift beyond tolerance or a claim regression",
  )
  .argument("[ids...]", "experiment ids")
  .option(
    "--runner <runner>",
    "sim | hw | predict (the cross-validation claims: prediction against measurement)",
    "sim",
  )
  .option("--json", "machine-readable output")
  .option("--brief", "one verdict line per experiment")
  .option(
    "--accept",
    "take the current results and verdicts as the new baseline; show what changed",
  )
  .option("--no-drift", "check the claims only, not the baseline")
  .action(async (ids: string[], o) => {
    const { checkCommand } = await import("./commands/check.js");
    process.exitCode = checkCommand(ids, o);
  });

program
  .command("report")
  .description("write figures/index.html and figures/drift.md")
  .action(async () => {
    const { reportCommand } = await import("./commands/report.js");
    reportCommand();
  });

program
  .command("schema")
  .description("write schema/manifest.schema.json (the manifest JSON Schema for editors)")
  .action(() => writeManifestJsonSchema());

function fail(message: string, status: number): void {
  process.stderr.write(`dispatch-repro: ${message}\n`);
  process.exitCode = status;
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Commander already printed its message; help/version exit 0.
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else if (
    err instanceof UsageError ||
    err instanceof UnsupportedPointError ||
    err instanceof PlanError ||
    err instanceof RunsCsvError
  ) {
    fail(err.message, 2);
  } else if (err instanceof ManifestError) {
    fail(`invalid manifest\n${err.message}`, 2);
  } else if ((await import("./runners/hw/hw-errors.js")).isHwRunnerError(err)) {
    fail(`hw: ${err.message}`, 1);
  } else {
    fail(err instanceof Error ? (err.stack ?? err.message) : String(err), 1);
  }
}
