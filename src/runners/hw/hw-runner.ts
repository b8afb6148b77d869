/**
 * The hardware runner as a Runner: every manifest's `runners.hw` section
 * measured on this machine. The runs go one at a time — the server owns
 * CPU 0, the load the other CPUs, and two runs at once would count each
 * other's work — in repetition order (every point's first repetition, then
 * every second one, …), so slow drifts of the machine spread over all points
 * instead of piling onto one. Each finished repetition is cached at once
 * (data/.cache/hw, keyed by spec + repetition + the hw runner's source hash +
 * machine), so a killed run resumes and a rerun reuses; a repetition shared
 * by several manifests (fig9 = fig6…fig8's response times) runs once. A run
 * disturbed by other work on CPU 0 is measured again (quiet.ts).
 *
 * The planned total time is printed before the first run; progress lines
 * with an ETA go to stderr. Provenance records the machine, CPU placement,
 * link and httperf version.
 */
import { execFileSync } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { UsageError } from "../../errors.js";
import { EXPERIMENTS_DIR, selectManifests } from "../../manifest/select.js";
import type { MachineTerms } from "../../plan/machine-terms.js";
import { pointKey, usesMachineTerms } from "../../plan/points.js";
import { info } from "../../progress.js";
import { type HwCachedRepetition, HwPointCache } from "../../results/hw-point-cache.js";
import { DEFAULT_CACHE_DIR } from "../../results/point-cache.js";
import { NO_METRICS, type PointSpec } from "../../results/types.js";
import { runExperiments } from "../run-loop.js";
import type {
  ExperimentPlan,
  PointJob,
  PointOutcome,
  RunContext,
  Runner,
  RunSummary,
} from "../runner.js";
import { HwRunFailed, isHwRunnerError, isMachineError } from "./hw-errors.js";
import { allowedCpus, type CpuPlacement, placeCpus } from "./machine/cpu-placement.js";
import { linkOption } from "./machine/link-option.js";
import type { LinkRate } from "./machine/link-shaping.js";
import { measureQuietly, notQuietReason, type QuietMeasurement } from "./machine/quiet.js";
import {
  formatDuration,
  plannedLoadSeconds,
  plannedSessionSeconds,
  plannedSetUpSeconds,
} from "./planned-time.js";
import { type HwSession, hwSessionKey } from "./point/run-point.js";
import type { HwPointOptions } from "./point/types.js";
import { type MachineSizing, machineSizing, sizeFactorOption } from "./probe/sizing.js";
import {
  cachedRepetitionOf,
  hwRunnerVersion,
  hwSourceVersion,
  hwSupports,
  measureRepetition,
  openRepetitionSession,
  prepareServer,
  serverBinaryPath,
} from "./runner.js";
import { HW_MECHANISMS, ServerError } from "./server/server-process.js";
import { type LoadedTestbed, loadTestbed } from "./testbed/testbed-file.js";

export interface HwRunOptions {
  force?: boolean;
  jobs?: string;
  /** Print the plan and its time, run nothing. */
  dryRun?: boolean;
  /** Directory holding experiments/ and data/ (default: the working directory). */
  root?: string;
  /** Build the server with make first (default true). */
  build?: boolean;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
  /** Passed to every run (tests: shorter grace periods). */
  pointOptions?: Partial<HwPointOptions>;
  /**
   * Measure a run again while other work disturbs CPU 0 (default true). Off
   * where other work on CPU 0 is expected and the numbers are not kept (the
   * end-to-end test runs beside other test files).
   */
  requireQuietMachine?: boolean;
  /** Shape the server–client link to this rate (e.g. 100mbit) instead of loopback; needs root. */
  link?: string;
  /** A testbed file: the load from its client hosts over SSH, the server on its address. */
  testbed?: string;
  /** Probe this machine again even when it has a kept probe (data/hw-probe.json). */
  reprobe?: boolean;
  /** Size as for a select() this many times cheaper per descriptor (--size-factor; default 1). */
  sizeFactor?: string;
}

/** The run loop's summary, plus the runs that failed and the planned time. */
export interface HwRunSummary extends RunSummary {
  failed: number;
  plannedS: number;
}

/** Attempts at a repetition while other work disturbs CPU 0, before it is kept as invalid. */
const QUIET_ATTEMPTS = 3;

/** Runs this many failures in a row mean something is wrong with the machine, not a point. */
const MAX_FAILURES_IN_A_ROW = 3;

/** `httperf --version`'s first line, or null. */
function httperfVersion(): string | null {
  try {
    const out = execFileSync("httperf", ["--version"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 5000,
    });
    return /httperf-[\w.]+/.exec(out)?.[0] ?? (out.trim().split("\n").pop() || null);
  } catch {
    return null;
  }
}

function labelOf(job: PointJob): string {
  const s = job.spec;
  const where =
    s.workload === "persistent"
      ? `C=${s.connections} R=${s.rate}`
      : `idle=${s.idle} R=${s.rate}${s.reply_bytes !== 1 ? ` ${s.reply_bytes} B` : ""}`;
  const repetitions = job.plan.loaded.manifest.runners.hw?.repetitions ?? 1;
  return `${job.plan.loaded.manifest.id}/${job.point.panel} ${s.mechanism} ${where} rep ${s.seed}/${repetitions}`;
}

function shortMetrics(r: HwCachedRepetition): string {
  const n = (v: number | null, digits = 1) => (v === null ? "–" : v.toFixed(digits));
  const m = r.metrics;
  const text =
    `${n(m.reply_rate, 0)} replies/s, cpu ${n(m.cpu_pct)}%, server ${n(r.hw.server_cpu_pct)}%, ` +
    `${n(m.resp_ms, 2)} ms, ${m.errors ?? 0} errors` +
    (typeof r.extra.steal_pct === "number" ? `, steal ${n(r.extra.steal_pct)}%` : "");
  return r.hw.valid ? text : `${text} — INVALID: ${r.hw.invalid_reason}`;
}

/** A run that threw: no metrics, marked invalid with the error (not cached: a rerun retries it). */
function failedRepetition(message: string): HwCachedRepetition {
  return {
    metrics: { ...NO_METRICS },
    hw: { valid: false, invalid_reason: `run failed: ${message}`, server_cpu_pct: null },
    extra: {},
    warnings: [],
  };
}

/**
 * Jobs grouped into sessions (points sharing hwSessionKey: one server and its
 * idle connections), in the order of their first job; within a session from
 * the lightest load up, so a point never follows a heavier one's aftermath
 * (the drain between points waits for the server's descriptors, not for
 * everything an overload disturbed).
 */
export function sessionsOf<T extends { spec: PointSpec }>(jobs: readonly T[]): T[][] {
  const sessions = new Map<string, T[]>();
  for (const job of jobs) {
    const key = hwSessionKey(job.spec);
    const session = sessions.get(key);
    if (session) session.push(job);
    else sessions.set(key, [job]);
  }
  return [...sessions.values()].map((session) =>
    session.sort(
      (a, b) =>
        a.spec.rate - b.spec.rate ||
        a.spec.connections - b.spec.connections ||
        a.spec.duration_s - b.spec.duration_s,
    ),
  );
}

/**
 * Where the load comes from beyond loopback (a shaped link, a testbed): the
 * suffix that keeps its cache entries, probe and provenance apart, and the
 * point options that place it.
 */
function loadSetup(
  pointOptions: Partial<HwPointOptions> | undefined,
  link: LinkRate | undefined,
  testbed: LoadedTestbed | undefined,
): { suffix: string; pointOptions: Partial<HwPointOptions> } {
  return {
    suffix: (link ? `|link=${link}` : "") + (testbed ? `|testbed=${testbed.hash}` : ""),
    pointOptions: { ...pointOptions, ...(link ? { link } : {}), ...(testbed ? { testbed } : {}) },
  };
}

export class HwRunner implements Runner {
  readonly id = "hw" as const;
  private readonly cache: HwPointCache;
  private readonly version: string;
  private readonly log: (line: string) => void;
  private readonly requireQuiet: boolean;
  private readonly pointOptions: Partial<HwPointOptions>;
  private readonly placement: CpuPlacement = placeCpus(0);
  private readonly build: boolean;
  private failed = 0;
  private failedInARow = 0;
  plannedS = 0;
  readonly machineTerms: MachineTerms | undefined;

  constructor(
    root: string,
    private readonly link: LinkRate | undefined,
    o: Pick<HwRunOptions, "log" | "pointOptions" | "requireQuietMachine" | "build"> = {},
    private readonly testbed: LoadedTestbed | undefined = undefined,
    private readonly sizing: MachineSizing | undefined = undefined,
  ) {
    this.build = o.build ?? true;
    this.machineTerms = sizing?.terms;
    // A shaped link or a testbed measures something else than loopback: their own cache entries and provenance.
    const load = loadSetup(o.pointOptions, link, testbed);
    this.version = hwRunnerVersion() + load.suffix;
    this.cache = new HwPointCache(this.version, join(root, DEFAULT_CACHE_DIR));
    this.log = o.log ?? info;
    this.requireQuiet = o.requireQuietMachine ?? true;
    this.pointOptions = load.pointOptions;
  }

  check(plans: readonly ExperimentPlan[]): void {
    for (const { loaded, points } of plans) {
      const bad = [
        ...new Set(points.filter((p) => !hwSupports(p.spec)).map((p) => p.spec.mechanism)),
      ];
      if (bad.length > 0) {
        throw new UsageError(
          `${loaded.path}: runners.hw.mechanisms: ${bad.join(", ")} ha${bad.length > 1 ? "ve" : "s"} no hw server ` +
            `(hw mechanisms: ${HW_MECHANISMS.join(", ")}; devpoll and rtsig-perfd are simulator-only)`,
        );
      }
      const reps = loaded.manifest.runners.hw?.repetitions ?? 0;
      if (reps < 3) {
        this.log(
          `run: ${loaded.manifest.id}: ${reps} repetition(s) per point; 3 or more give a 95% interval`,
        );
      }
    }
  }

  keyOf(_plan: ExperimentPlan, spec: PointSpec): string {
    return pointKey(spec);
  }

  cached(_plan: ExperimentPlan, spec: PointSpec): PointOutcome | undefined {
    const hit = this.cache.get(spec);
    // A cached run disturbed by other work on CPU 0 is measured again.
    if (hit === undefined || (this.requireQuiet && notQuietReason(hit) !== null)) return undefined;
    return hit;
  }

  private announce(sessions: readonly PointJob[][], context: RunContext): void {
    const jobs = sessions.flat();
    const perManifest = new Map<string, { runs: number; plannedS: number }>();
    for (const plan of context.plans)
      perManifest.set(plan.loaded.manifest.id, { runs: 0, plannedS: 0 });
    let plannedAllS = 0;
    const seen = new Map<string, PointSpec>();
    for (const plan of context.plans) {
      for (const p of plan.points) seen.set(pointKey(p.spec), p.spec);
    }
    const allSessions = sessionsOf([...seen.values()].map((spec) => ({ spec })));
    plannedAllS = allSessions.reduce((s, g) => s + plannedSessionSeconds(g.map((j) => j.spec)), 0);
    for (const session of sessions) {
      const setUpS = plannedSetUpSeconds(session[0]!.spec);
      for (const job of session) {
        const mine = perManifest.get(job.plan.loaded.manifest.id);
        if (mine === undefined) continue;
        mine.runs++;
        mine.plannedS += plannedLoadSeconds(job.spec) + setUpS / session.length;
      }
    }
    this.plannedS = sessions.reduce((s, g) => s + plannedSessionSeconds(g.map((j) => j.spec)), 0);
    this.log(
      `run --runner hw: ${jobs.length} runs to make in ${sessions.length} server sessions, ${context.reused} reused from cache; ` +
        `planned ${formatDuration(this.plannedS)} (all ${jobs.length + context.reused} runs: ${formatDuration(plannedAllS)}); ` +
        `server on CPU ${this.placement.serverCpu}, load on CPU ${this.placement.loadCpus.join(",")}; ` +
        (this.link
          ? `link shaped to ${this.link} (network namespaces, veth, tc)`
          : this.testbed
            ? `testbed ${this.testbed.path}: server on ${this.testbed.testbed.server.address}, load from ${this.testbed.testbed.clients.map((c) => c.ssh).join(", ")}`
            : "loopback"),
    );
    for (const [id, t] of perManifest) {
      if (t.runs > 0)
        this.log(
          `  ${id.padEnd(8)} ${String(t.runs).padStart(4)} runs  ${formatDuration(t.plannedS)}`,
        );
    }
    const nothingOwn = [...perManifest].filter(([, t]) => t.runs === 0).map(([id]) => id);
    if (jobs.length > 0 && nothingOwn.length > 0) {
      this.log(`  (${nothingOwn.join(", ")}: every run shared with the above or cached)`);
    }
  }

  /** One repetition on the session's server, measured again while other work disturbs CPU 0 (quiet.ts). */
  private measure(session: HwSession, spec: PointSpec): Promise<QuietMeasurement> {
    const measureOnce = async (): Promise<HwCachedRepetition> =>
      cachedRepetitionOf((await measureRepetition(session, spec)).result);
    return measureQuietly(measureOnce, this.requireQuiet ? QUIET_ATTEMPTS : 0, this.log);
  }

  private openSession(jobs: readonly PointJob[]): Promise<HwSession> {
    return openRepetitionSession(
      jobs.map((j) => j.spec),
      {
        ...this.pointOptions,
        // The session's own step lines are too many for a long run: keep what matters.
        log: (line) => {
          this.pointOptions.log?.(line);
          if (/waiting for another hw run|idle connections established/.test(line)) this.log(line);
        },
      },
    );
  }

  /** A run that threw: count it, and stop the whole run when too many fail in a row. */
  private failure(error: unknown): HwCachedRepetition {
    // The machine cannot run any point (a limit, a missing tool): stop at once.
    if (!isHwRunnerError(error) || isMachineError(error)) throw error;
    const message = error.message.split("\n")[0] ?? "";
    this.failed++;
    this.failedInARow++;
    if (this.failedInARow >= MAX_FAILURES_IN_A_ROW) {
      throw new HwRunFailed(
        `${this.failedInARow} hw runs in a row failed, the last: ${message}; stopping (finished runs are cached)`,
      );
    }
    return failedRepetition(message);
  }

  async execute(
    jobs: readonly PointJob[],
    context: RunContext,
    done: (job: PointJob, outcome: PointOutcome) => void,
    options: { dryRun: boolean },
  ): Promise<void> {
    if (!options.dryRun) {
      await prepareServer(
        jobs.map((j) => j.spec.mechanism),
        { build: this.build },
      );
    }
    // Repetition-major order: slow drifts of the machine spread over all points.
    const sessions = sessionsOf([...jobs].sort((a, b) => a.spec.seed - b.spec.seed));
    this.announce(sessions, context);
    if (options.dryRun) return;
    this.failedInARow = 0;
    let doneS = 0;
    let finished = 0;
    const loopStart = performance.now();
    const width = String(jobs.length).length;
    const report = (job: PointJob, r: HwCachedRepetition, runStart: number) => {
      done(job, r);
      finished++;
      const elapsedS = (performance.now() - loopStart) / 1000;
      const pace = doneS > 0 ? elapsedS / doneS : 1;
      const etaS = (this.plannedS - doneS) * pace;
      this.log(
        `hw [${String(finished).padStart(width)}/${jobs.length}] ${labelOf(job)}: ${shortMetrics(r)} ` +
          `(${((performance.now() - runStart) / 1000).toFixed(1)} s; ${formatDuration(elapsedS)} elapsed, ETA ${formatDuration(etaS)})`,
      );
      for (const w of r.warnings) this.log(`  warning: ${w}`);
    };
    for (const session of sessions) {
      const setUpS = plannedSetUpSeconds(session[0]!.spec);
      let open: HwSession;
      const openStart = performance.now();
      try {
        open = await this.openSession(session);
      } catch (error) {
        // No server or no idle connections: every point of the session failed alike.
        const r = this.failure(error);
        for (const job of session) {
          doneS += plannedLoadSeconds(job.spec) + setUpS / session.length;
          report(job, r, openStart);
        }
        continue;
      }
      doneS += setUpS;
      try {
        let serverLost: HwCachedRepetition | null = null;
        for (const job of session) {
          const runStart = performance.now();
          let r: HwCachedRepetition;
          if (serverLost !== null) r = serverLost;
          else {
            try {
              const run = await this.measure(open, job.spec);
              r = run.r;
              // Invalid for the clients' fault is a measurement like any other; a
              // disturbed run is not, and the next run measures it again.
              if (!run.disturbed) this.cache.put(job.spec, r);
              this.failedInARow = 0;
            } catch (error) {
              r = this.failure(error);
              // The server is gone: the session's other points cannot be measured on it.
              if (error instanceof ServerError) serverLost = r;
            }
          }
          doneS += plannedLoadSeconds(job.spec);
          report(job, r, runStart);
        }
      } finally {
        await open.close();
      }
    }
  }

  versionFor(): string {
    return this.version;
  }

  provenanceDetails(plan: ExperimentPlan, rows: readonly PointOutcome[]): Record<string, unknown> {
    const hw = plan.loaded.manifest.runners.hw;
    return {
      machine: {
        cpuModel: cpus()[0]?.model.trim() ?? "unknown",
        cpusAllowed: allowedCpus(),
        cpuMHz: cpus()[0]?.speed ?? null,
        memoryBytes: totalmem(),
      },
      placement: this.placement,
      link: this.link ?? (this.testbed ? "testbed" : "loopback"),
      testbed: this.testbed
        ? {
            file: this.testbed.path,
            hash: this.testbed.hash,
            server: this.testbed.testbed.server,
            clients: this.testbed.testbed.clients.map((c) => ({ ssh: c.ssh, cpus: c.cpus })),
          }
        : null,
      sizing: this.sizing
        ? {
            terms: this.sizing.terms,
            size_factor: this.sizing.sizeFactor,
            probe: this.sizing.probe,
            note: "sizes in machine terms (runners.hw) resolved with these terms (docs/hw-sizing.md)",
          }
        : null,
      httperf: httperfVersion(),
      hwSourceVersion: hwSourceVersion(),
      serverBinary: serverBinaryPath(),
      repetitions: hw?.repetitions ?? 1,
      invalidRuns: rows.filter((r) => r.hw?.valid === false).length,
      note: "seeds are repetition numbers; invalid runs (valid=false) stay in the CSV and are left out of charts and claims",
    };
  }

  get failedCount(): number {
    return this.failed;
  }

  finish(summary: RunSummary): void {
    this.log(
      `run --runner hw: ${summary.ran} runs made (${this.failed} failed), ${summary.reused} reused from cache, ` +
        `${summary.invalid} invalid row(s) marked in the CSVs, ${summary.written.length} result files written, ` +
        `${formatDuration(summary.wallTimeS)} (planned ${formatDuration(this.plannedS)})`,
    );
    if (this.failed > 0) {
      throw new HwRunFailed(
        `${this.failed} hw run(s) failed; they are marked invalid ("run failed: …") in the CSVs and not cached: rerun to retry them`,
      );
    }
  }
}

/** Manifests to measure: the named ones (each must have a hw section), or every one that has one. */
function hwManifests(ids: readonly string[], root: string, log: (l: string) => void) {
  const all = selectManifests(ids, join(root, EXPERIMENTS_DIR));
  if (ids.length > 0) return all; // planPoints names the one without a hw section
  const without = all.filter((m) => m.manifest.runners.hw === undefined);
  if (without.length > 0) {
    log(`run: no hw section (skipped): ${without.map((m) => m.manifest.id).join(", ")}`);
  }
  return all.filter((m) => m.manifest.runners.hw !== undefined);
}

/**
 * `run --runner hw`: builds the server, then measures every selected
 * manifest's hw section through the run loop. Writes data/<id>/hw.csv (one
 * row per repetition, with valid, invalid_reason, server_cpu_pct) and
 * hw.meta.json.
 */
export async function measureOnHardware(
  ids: readonly string[],
  o: HwRunOptions = {},
): Promise<HwRunSummary> {
  const log = o.log ?? info;
  const root = o.root ?? ".";
  if (o.jobs !== undefined && o.jobs !== "1") {
    log("run: --jobs is ignored by the hw runner: one run at a time (CPU 0 is the server's)");
  }
  const link = linkOption(o.link);
  const testbed = o.testbed === undefined ? undefined : loadTestbed(o.testbed);
  if (testbed && link) throw new UsageError("--testbed and --link cannot be combined");
  const manifests = hwManifests(ids, root, log);
  if (manifests.length === 0) throw new UsageError("no experiment has a 'runners.hw' section");
  const load = loadSetup(o.pointOptions, link, testbed);
  // Sizes in machine terms need this machine's probe before anything is planned.
  const sized = manifests.some((m) => usesMachineTerms(m.manifest));
  if (!sized && o.sizeFactor !== undefined) {
    throw new UsageError(
      "--size-factor: none of these experiments sizes its hw sweep in machine terms",
    );
  }
  const sizing = !sized
    ? undefined
    : await machineSizing({
        root,
        log,
        ...(o.reprobe === undefined ? {} : { reprobe: o.reprobe }),
        sizeFactor: sizeFactorOption(o.sizeFactor),
        ...(o.dryRun === undefined ? {} : { dryRun: o.dryRun }),
        build: o.build ?? true,
        pointOptions: load.pointOptions,
        keySuffix: load.suffix,
      });
  const runner = new HwRunner(root, link, o, testbed, sizing);
  const summary = await runExperiments(runner, manifests, {
    root,
    ...(o.force === undefined ? {} : { force: o.force }),
    ...(o.dryRun === undefined ? {} : { dryRun: o.dryRun }),
  });
  return { ...summary, failed: runner.failedCount, plannedS: runner.plannedS };
}
