/**
 * One real-hardware run of one point: the C micro server pinned to CPU 0,
 * idleconn and httperf pinned to the other CPUs, CPU measured over the
 * measurement window only (warm-up excluded), then every child stopped.
 *
 *   raise RLIMIT_NOFILE → start server (taskset -c 0) → wait for its listening
 *   line → start idleconn shards → wait until every idle connection is
 *   established and accepted → start httperf shards (warm-up + window + tail)
 *   → snapshot /proc/stat and the server's CPU at the window's start and end
 *   → wait for httperf's reports → SIGTERM the server, read its counters →
 *   stop everything (also on failure and Ctrl-C: ./child-processes.ts).
 *
 * Only one point runs on the machine at a time (./machine-lock.ts): two would
 * share CPU 0 and count each other's work.
 *
 * The server is the C micro server for spec.mechanism unless `options.server`
 * names another launcher (./server-launcher.ts; nginx for `npm run bench:hw`).
 * With `options.link` server and clients get network namespaces of their own
 * joined by a shaped veth pair (./link-shaping.ts); off by default.
 *
 * Repetitions are separate calls; the caller aggregates them (mean, 95% CI).
 * A point whose load the clients could not deliver is returned with
 * valid = false and the reason, never silently kept (see `judgeValidity`).
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import type { Metrics, PointSpec } from "../../results/types.js";
import {
  ChildRegistry,
  type ChildResult,
  DEFAULT_GRACE_MS,
  type ManagedChild,
} from "./child-processes.js";
import {
  type CpuBusy,
  cpuBusy,
  type ProcessCpuUse,
  processCpuUse,
  readCpuStat,
  readProcessCpu,
} from "./cpu-accounting.js";
import { type CpuPlacement, placeCpus, tasksetPrefix } from "./cpu-placement.js";
import {
  combineReports,
  type HttperfPlan,
  type HttperfReport,
  parseHttperfOutput,
  planHttperf,
} from "./httperf.js";
import { type IdleConnections, idleSetupTimeoutMs, startIdleConnections } from "./idleconn.js";
import { type Link, type LinkRate, setUpLink } from "./link-shaping.js";
import { acquireMachineLock } from "./machine-lock.js";
import { type NofileLimit, planNofile, prlimitPrefix, selectClientNofile } from "./nofile-limit.js";
import { dispatchServerLauncher, type ServerLauncher } from "./server-launcher.js";
import {
  HW_MECHANISMS,
  isHwMechanism,
  type ServerCounters,
  ServerError,
} from "./server-process.js";
import { readActiveOpens } from "./tcp-counters.js";

export { HW_MECHANISMS, type HwMechanism, isHwMechanism } from "./server-process.js";

/** Where `make -C src/runners/hw/server` puts the server. */
export const DEFAULT_SERVER_BINARY = "src/runners/hw/server/dispatch-server";

/** Largest relative miss of the achieved request rate before a point is invalid (issue 4). */
export const RATE_TOLERANCE = 0.02;

/**
 * CPU 0 this busy counts as saturated (the larger of cpu_pct and the
 * server's own schedstat share: /proc/stat's tick sampling reads low on a
 * VM, DESIGN.md pitfall 2): only a saturated server drops connections or
 * lets requests time out. Timeouts and resets (≥ 1% of the requests) while
 * CPU 0 had time to spare were lost by the clients — httperf busy-polls,
 * and many httperf processes share one CPU.
 */
export const SATURATED_CPU_PCT = 75;

export class HwPointError extends Error {}

export interface HwPointOptions {
  /** The C micro server; unused when `server` is given. */
  serverBinary: string;
  /** Run this server instead of the C micro server for spec.mechanism (e.g. nginx: ./nginx.ts). */
  server?: ServerLauncher;
  /** Server and clients in network namespaces of their own, joined by a veth pair shaped to this rate. */
  link?: LinkRate;
  /** Warm-up before the measurement window; defaults to spec.warmup_s (persistent: at least C/R). */
  warmupS?: number;
  /** Measurement window; defaults to spec.duration_s. */
  durationS?: number;
  /** Which repetition this is (recorded in raw; the caller aggregates). */
  repetition?: number;
  /** RT-signal queue limit for the rtsig server (its default: 1024, as Linux 2.4's rtsig-max). */
  queueLimit?: number;
  serverCpu?: number;
  graceMs?: number;
  /** Descriptors one httperf process may use (default 900, under FD_SETSIZE). */
  maxFdsPerClient?: number;
  httperfBinary?: string;
  idleconnBinary?: string;
  /** Progress lines (the CLI sends them to stderr). */
  log?: (line: string) => void;
  /** Supply one to watch the children (tests); it is stopped when the run ends. */
  registry?: ChildRegistry;
  /** How long to wait for another hw point on this machine to finish (default 15 min). */
  lockTimeoutMs?: number;
}

/** Values measured beyond the shared Metrics columns. */
export interface HwPointExtra {
  /** The server process's own CPU over the window (schedstat ns, all threads), % of one CPU. */
  server_cpu_pct: number;
  /** The same from utime+stime ticks. */
  server_utime_stime_pct: number;
  /** CPU 0 busy share from its tick counts (busy ticks / all ticks), for comparison with cpu_pct. */
  cpu_pct_ticks: number;
  /** Server CPU µs per reply in the window (schedstat). */
  server_cpu_us_per_reply: number | null;
  /** CPU 0 busy µs per reply in the window (cpu_pct basis). */
  cpu0_us_per_reply: number | null;
  /** The request rate the client offered, summed over shards (see offeredRequestRate). */
  achieved_request_rate: number;
}

export interface HwPointRaw {
  repetition: number;
  /** What ran as the server ("epoll server", "nginx 1.22.1"). */
  server: string;
  /** Where it listened: 127.0.0.1, or the veth address under --link. */
  address: string;
  port: number;
  serverPid: number;
  /** Every child's pid (for leak checks). */
  pids: number[];
  placement: CpuPlacement;
  nofile: { server: NofileLimit; clients: NofileLimit };
  warmupS: number;
  durationS: number;
  window: { cpu0: CpuBusy; server: ProcessCpuUse };
  httperf: {
    plan: HttperfPlan;
    shards: { args: string[]; report: HttperfReport; exitedBeforeWindowEnd: boolean }[];
    combined: HttperfReport;
  };
  idle: { count: number; established: number; processes: number; setupS: number } | null;
  /** The server's counters over its whole life (idle setup, warm-up and window); null for a server without them (nginx). */
  counters: ServerCounters | null;
  /** The shaped link (--link), with what its two tbf queues sent and dropped over the run. */
  link: {
    rate: LinkRate;
    serverNs: string;
    clientNs: string;
    stats: Awaited<ReturnType<Link["stats"]>> | null;
  } | null;
}

export interface HwPointResult {
  metrics: Metrics;
  valid: boolean;
  invalidReason?: string;
  /** Doubts about a valid point's numbers (e.g. other work on CPU 0), for the caller to show. */
  warnings: string[];
  extra: HwPointExtra;
  raw: HwPointRaw;
}

/** Descriptors the server may hold at once: idle + persistent connections + in-flight new ones. */
export function serverDescriptorsNeeded(spec: PointSpec): number {
  const persistent = spec.workload === "persistent" ? spec.connections : 0;
  const inFlight = Math.ceil(spec.rate * spec.client_timeout_s);
  return spec.idle + persistent + inFlight + 64;
}

/** What the validity rule needs of a point. */
export type ValidityTarget = Pick<PointSpec, "workload" | "rate" | "client_timeout_s">;

/** Timeouts, refusals and resets: failures the server causes, not the client. */
function serverErrors(combined: HttperfReport): number {
  const e = combined.errors;
  return e.clientTimo + e.socketTimo + e.connRefused + e.connReset;
}

/**
 * The request rate the client offered (issue 4's "achieved request rate").
 * idle-burst: every connection carries one request, so the client offered a
 * request with every connection it opened — also one the server never
 * accepted (its SYN dropped on a full listen queue: a client timeout before
 * the request could go out). Measured as the clients' connect() calls over
 * the window (`windowConnectRate`, from the kernel's ActiveOpens counter:
 * ./tcp-counters.ts); without it, httperf's connections over its
 * test-duration less the last timeouts' wait (an estimate that errs high).
 * persistent: httperf's request rate (requests / test-duration).
 */
export function offeredRequestRate(
  target: ValidityTarget,
  combined: HttperfReport,
  windowConnectRate: number | null = null,
): number {
  if (target.workload === "persistent") return combined.requestRate;
  if (windowConnectRate !== null) return windowConnectRate;
  const timeouts = combined.errors.clientTimo + combined.errors.socketTimo;
  const issuingS = combined.testDurationS - (timeouts > 0 ? target.client_timeout_s : 0);
  return issuingS > 0 ? combined.connections / issuingS : 0;
}

/**
 * Why a point is invalid, or null: the client, not the server, limited it.
 * Issue 4: httperf reports fd-unavail (or addrunavail, ftab-full: other
 * client resources), or the achieved request rate misses the target by more
 * than 2%, or an httperf process stopped before the window closed.
 *
 * A server overload is valid data, not an invalid point: it shows as a reply
 * rate below the request rate (idle-burst: connections the full listen queue
 * dropped time out, so their requests are never sent — the offered rate
 * counts them, see offeredRequestRate). In the persistent workload each
 * connection waits for its reply before its next request and a timed-out
 * session stops, so an overloaded server lowers the request rate itself: a
 * shortfall that comes with server errors (timeouts, refusals, resets) is the
 * server's and the point stays valid — if CPU 0 was saturated: errors while
 * it had time to spare (SATURATED_CPU_PCT) were the clients' and make the
 * point invalid.
 */
export function judgeValidity(
  target: ValidityTarget,
  combined: HttperfReport,
  shardsEndedEarly: number,
  windowConnectRate: number | null = null,
  cpu0BusyPct: number | null = null,
): string | null {
  const reasons: string[] = [];
  const e = combined.errors;
  if (e.fdUnavail > 0) {
    reasons.push(
      `httperf ran out of descriptors (fd-unavail ${e.fdUnavail}): the client was the bottleneck`,
    );
  }
  if (e.addrUnavail > 0 || e.ftabFull > 0) {
    reasons.push(
      `httperf ran out of client resources (addrunavail ${e.addrUnavail}, ftab-full ${e.ftabFull})`,
    );
  }
  // Only a shortfall counts: the client never sends more than scheduled, and
  // the idle-burst estimate errs high when the last timeouts came early.
  const offered = offeredRequestRate(target, combined, windowConnectRate);
  const miss = (target.rate - offered) / target.rate;
  const saturated = cpu0BusyPct === null || cpu0BusyPct >= SATURATED_CPU_PCT;
  const lost = serverErrors(combined);
  const overload = target.workload === "persistent" && lost > 0 && saturated;
  if (miss > RATE_TOLERANCE && !overload) {
    reasons.push(
      `achieved request rate ${offered.toFixed(1)} req/s misses the target ${target.rate} by ${(100 * miss).toFixed(1)}% ` +
        `(> ${100 * RATE_TOLERANCE}%; with ${serverErrors(combined)} server errors: the client could not keep its schedule)`,
    );
  }
  const sent = Math.max(
    1,
    target.workload === "persistent" ? combined.requests : combined.connections,
  );
  if (!saturated && lost >= 0.01 * sent) {
    reasons.push(
      `${lost} timeouts/refusals/resets while CPU 0 was only ${(cpu0BusyPct ?? 0).toFixed(0)}% busy ` +
        `(< ${SATURATED_CPU_PCT}%): the server was not saturated, so the clients lost them`,
    );
  }
  if (shardsEndedEarly > 0) {
    reasons.push(
      `${shardsEndedEarly} httperf process(es) ended before the measurement window closed`,
    );
  }
  return reasons.length > 0 ? reasons.join("; ") : null;
}

export function toMetrics(
  spec: PointSpec,
  combined: HttperfReport,
  cpu0: CpuBusy,
  counters: ServerCounters | null,
): Metrics {
  const signals = spec.mechanism === "rtsig";
  return {
    // replies / test-duration: defined for runs shorter than httperf's 5-s samples.
    reply_rate: combined.replyRate,
    cpu_pct: 100 * cpu0.busyShare,
    resp_ms: combined.replies > 0 ? combined.responseMs : null,
    errors:
      combined.errors.clientTimo +
      combined.errors.socketTimo +
      combined.errors.connRefused +
      combined.errors.connReset,
    sigwaitinfo_calls: signals && counters ? counters.sigwaitinfo_calls : null,
    sigio_count: signals && counters ? counters.sigio_count : null,
    dispatch_calls: counters ? counters.dispatch_calls : null,
    events_per_dispatch:
      counters && counters.dispatch_calls > 0 ? counters.events / counters.dispatch_calls : null,
  };
}

/**
 * True when CPU 0's busy share beyond the server's own CPU time ("foreign"
 * work, in percentage points) is over 10 points and larger than the server's
 * own share: something else ran on the server's CPU. Kernel network work for
 * the server's packets counts as foreign too, but stays a few points here
 * (e.g. 14.7 % busy vs 12.1 % server at 6000 replies/s with 6000 idle).
 */
export function otherWorkOnServerCpu(cpuPct: number, serverCpuPct: number): boolean {
  const foreign = cpuPct - serverCpuPct;
  return foreign > 10 && foreign > serverCpuPct;
}

/**
 * cpu_pct counts everything CPU 0 did. Beyond the server's own time that is
 * kernel network work for its packets (a few points at these loads) — and
 * anything else the machine ran there, which the paper's dedicated server
 * did not have. Warn when the excess is larger than the server itself and
 * more than 10 points: the machine was not quiet.
 */
export function cpuWarnings(cpuPct: number, serverCpuPct: number): string[] {
  if (otherWorkOnServerCpu(cpuPct, serverCpuPct)) {
    return [
      `CPU 0 was ${cpuPct.toFixed(1)}% busy but the server used only ${serverCpuPct.toFixed(1)}%: other work ran on CPU 0: it inflates cpu_pct and takes CPU time from the server, so its reply rate and server_cpu_pct may be low too`,
    ];
  }
  return [];
}

async function sleepUntil(targetMs: number): Promise<void> {
  const wait = targetMs - performance.now();
  if (wait > 0) await delay(wait);
}

async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  const timer = new AbortController();
  try {
    return await Promise.race([
      promise,
      delay(ms, undefined, { signal: timer.signal }).then(() => {
        throw new HwPointError(`${what} after ${(ms / 1000).toFixed(0)} s`);
      }),
    ]);
  } finally {
    timer.abort();
  }
}

function outputOf(child: { stdout?: unknown; stderr?: unknown }): string {
  return `${String(child.stdout ?? "")}\n${String(child.stderr ?? "")}`;
}

function exitText(r: ChildResult): string {
  const tail = outputOf(r).trim().split("\n").slice(-3).join(" | ");
  return `${r.signal ?? `code ${r.exitCode}`}${tail ? `: ${tail}` : ""}`;
}

/**
 * Rejects as soon as the server or an idleconn exits, or an httperf exits
 * with an error; never resolves. Only raced against, so it is pre-caught.
 */
function failOnUnexpectedExit(
  server: ManagedChild,
  idle: readonly ManagedChild[],
  httperf: readonly ManagedChild[],
): Promise<never> {
  const watchdog = new Promise<never>((_, reject) => {
    void server.exit.then((r) =>
      reject(new ServerError(`the server exited during the run (${exitText(r)})`)),
    );
    for (const c of idle) {
      void c.exit.then((r) =>
        reject(new HwPointError(`${c.name} exited during the run (${exitText(r)})`)),
      );
    }
    for (const c of httperf) {
      void c.exit.then((r) => {
        if (r.exitCode !== 0 || r.signal)
          reject(new HwPointError(`${c.name} failed (${exitText(r)})`));
      });
    }
  });
  watchdog.catch(() => {});
  return watchdog;
}

function readServerCpu(pid: number) {
  try {
    return readProcessCpu(pid);
  } catch {
    throw new ServerError("the server exited during the measurement window");
  }
}

export async function runHwPoint(spec: PointSpec, options: HwPointOptions): Promise<HwPointResult> {
  const log = options.log ?? (() => {});
  const mechanism = spec.mechanism;
  let launcher: ServerLauncher;
  if (options.server) {
    launcher = options.server;
  } else {
    if (!isHwMechanism(mechanism)) {
      throw new HwPointError(
        `mechanism '${mechanism}' has no hw server (hw mechanisms: ${HW_MECHANISMS.join(", ")}; devpoll and rtsig-perfd were Linux 2.4 patches and are simulator-only)`,
      );
    }
    if (!existsSync(options.serverBinary)) {
      throw new HwPointError(
        `no server binary at ${options.serverBinary}: build it with 'make -C src/runners/hw/server'`,
      );
    }
    launcher = dispatchServerLauncher({
      binary: options.serverBinary,
      mechanism,
      ...(options.queueLimit !== undefined ? { queueLimit: options.queueLimit } : {}),
    });
  }
  const placement = placeCpus(options.serverCpu ?? 0);
  const warmupS = options.warmupS ?? spec.warmup_s;
  const durationS = options.durationS ?? spec.duration_s;
  if (!(durationS > 0)) throw new HwPointError(`duration must be positive (got ${durationS})`);
  const nofile = {
    server: planNofile(serverDescriptorsNeeded(spec)),
    clients: selectClientNofile(),
  };
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const registry = options.registry ?? new ChildRegistry(graceMs);
  const release = await acquireMachineLock({
    ...(options.lockTimeoutMs !== undefined ? { timeoutMs: options.lockTimeoutMs } : {}),
    onWait: (holder) => log(`hw: waiting for another hw run (pid ${holder ?? "?"}) to finish`),
  });
  // Cleanups run after the children stop, also on Ctrl-C (last added first).
  registry.addCleanup(release);
  try {
    // Named after our pid, so what a killed run leaves is attributable.
    const dir = await mkdtemp(join(tmpdir(), `dispatch-hw-${process.pid}-`));
    registry.addCleanup(() => rm(dir, { recursive: true, force: true }));
    const timing = planHttperf(spec, { port: 0, warmupS, durationS });
    const idleSetupS = spec.idle > 0 ? idleSetupTimeoutMs(spec.idle) / 1000 : 0;
    // Torn down by the registry after the children stop (also on failure and Ctrl-C).
    const link = options.link ? await setUpLink(registry, { rate: options.link, log }) : null;
    const server = await launcher.launch({
      registry,
      prefix: [
        ...(link?.serverPrefix ?? []),
        ...tasksetPrefix([placement.serverCpu]),
        ...prlimitPrefix(nofile.server),
      ],
      address: link?.serverAddress ?? "127.0.0.1",
      replyBytes: spec.reply_bytes,
      maxConnections: serverDescriptorsNeeded(spec),
      closeAfterReply: spec.workload === "idle-burst",
      dir,
      maxSeconds: idleSetupS + timing.runS + spec.client_timeout_s + 60,
    });
    log(`hw: ${launcher.label} pid ${server.pid} on ${server.address}:${server.port}`);

    const loadPrefix = [
      ...(link?.clientPrefix ?? []),
      ...tasksetPrefix(placement.loadCpus),
      ...prlimitPrefix(nofile.clients),
    ];
    let idle: IdleConnections | null = null;
    if (spec.idle > 0) {
      idle = await startIdleConnections(registry, {
        host: server.address,
        port: server.port,
        count: spec.idle,
        prefix: loadPrefix,
        serverPid: server.pid,
        timeoutMs: idleSetupS * 1000,
        ...(options.idleconnBinary ? { idleconnBinary: options.idleconnBinary } : {}),
      });
      log(`hw: ${idle.established} idle connections established in ${idle.setupS.toFixed(1)} s`);
    }

    const plan = planHttperf(spec, {
      host: server.address,
      port: server.port,
      warmupS,
      durationS,
      ...(options.maxFdsPerClient ? { maxFdsPerProcess: options.maxFdsPerClient } : {}),
    });
    const httperfBinary = options.httperfBinary ?? "httperf";
    const startedAt = performance.now();
    const shards: ManagedChild[] = [];
    for (const s of plan.shards) {
      shards.push(
        await registry.start(`httperf[${s.index}]`, [...loadPrefix, httperfBinary, ...s.args]),
      );
    }
    log(
      `hw: ${plan.shards.length} httperf process(es), warm-up ${plan.warmupS.toFixed(1)} s, window ${durationS} s`,
    );

    // Fail at once, not at the end of the window, when a child dies under us.
    const watchdog = failOnUnexpectedExit(server.child, idle?.shards ?? [], shards);
    await Promise.race([sleepUntil(startedAt + plan.warmupS * 1000), watchdog]);
    const cpuBefore = readCpuStat();
    const serverBefore = readServerCpu(server.pid);
    // connect() calls in the clients' namespace: the window's offered connection rate.
    const opensBefore = readActiveOpens(shards[0]?.pid);
    await Promise.race([sleepUntil(startedAt + (plan.warmupS + durationS) * 1000), watchdog]);
    const cpuAfter = readCpuStat();
    const serverAfter = readServerCpu(server.pid);
    const opensAfter = readActiveOpens(shards[0]?.pid);
    const windowEnd = performance.now();
    if (plan.stopAtS !== undefined) {
      // Persistent: stop the sessions once the window's tail is over (httperf reports on SIGINT).
      await Promise.race([sleepUntil(startedAt + plan.stopAtS * 1000), watchdog]);
      for (const s of shards) {
        if (s.exitedAtMs === null) {
          try {
            process.kill(s.pid, "SIGINT");
          } catch {
            // exited meanwhile
          }
        }
      }
    }

    const results = await Promise.race([
      withDeadline(
        Promise.all(shards.map((s) => s.exit)),
        ((plan.stopAtS ?? plan.runS) -
          (windowEnd - startedAt) / 1000 +
          spec.client_timeout_s +
          30) *
          1000,
        "httperf did not finish",
      ),
      watchdog,
    ]);
    const reports = results.map((r) => parseHttperfOutput(outputOf(r)));
    const combined = combineReports(reports);
    const endedEarly = shards.filter((s) => s.exitedAtMs !== null && s.exitedAtMs < windowEnd);

    const counters = await server.stop(Math.max(graceMs, 5000));
    const linkStats = link ? await link.stats().catch(() => null) : null;
    const cpu0 = cpuBusy(cpuBefore, cpuAfter, placement.serverCpu);
    const serverCpu = processCpuUse(serverBefore, serverAfter);
    const metrics = toMetrics(spec, combined, cpu0, counters);
    const windowReplies = combined.replyRate * cpu0.wallS;
    const windowConnectRate =
      opensBefore !== null && opensAfter !== null && cpu0.wallS > 0
        ? (opensAfter - opensBefore) / cpu0.wallS
        : null;
    const invalidReason = judgeValidity(
      spec,
      combined,
      endedEarly.length,
      windowConnectRate,
      100 * Math.max(cpu0.busyShare, serverCpu.schedShare),
    );
    if (invalidReason) log(`hw: point invalid: ${invalidReason}`);
    const warnings = cpuWarnings(100 * cpu0.busyShare, 100 * serverCpu.schedShare);
    for (const w of warnings) log(`hw: warning: ${w}`);

    return {
      metrics,
      valid: invalidReason === null,
      ...(invalidReason !== null ? { invalidReason } : {}),
      warnings,
      extra: {
        server_cpu_pct: 100 * serverCpu.schedShare,
        server_utime_stime_pct: 100 * serverCpu.utimeStimeShare,
        cpu_pct_ticks: 100 * cpu0.busyShareOfTicks,
        server_cpu_us_per_reply: windowReplies > 0 ? (serverCpu.cpuS * 1e6) / windowReplies : null,
        cpu0_us_per_reply:
          windowReplies > 0 ? (cpu0.busyShare * cpu0.wallS * 1e6) / windowReplies : null,
        achieved_request_rate: offeredRequestRate(spec, combined, windowConnectRate),
      },
      raw: {
        repetition: options.repetition ?? 0,
        server: launcher.label,
        address: server.address,
        port: server.port,
        serverPid: server.pid,
        pids: registry.started.map((c) => c.pid),
        placement,
        nofile,
        warmupS: plan.warmupS,
        durationS,
        window: { cpu0, server: serverCpu },
        httperf: {
          plan,
          shards: plan.shards.map((s, i) => ({
            args: s.args,
            report: reports[i]!,
            exitedBeforeWindowEnd: endedEarly.includes(shards[i]!),
          })),
          combined,
        },
        idle: idle
          ? {
              count: spec.idle,
              established: idle.established,
              processes: idle.shards.length,
              setupS: idle.setupS,
            }
          : null,
        counters,
        link: link
          ? { rate: link.rate, serverNs: link.serverNs, clientNs: link.clientNs, stats: linkStats }
          : null,
      },
    };
  } finally {
    await registry.stopAll(graceMs);
  }
}
