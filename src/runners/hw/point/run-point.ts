/**
 * Real-hardware runs: the C micro server pinned to CPU 0, idleconn and
 * httperf pinned to the other CPUs, CPU and the server's counters measured
 * over each measurement window only (warm-up excluded), then every child
 * stopped.
 *
 * A *session* keeps one server and its idle connections up across several
 * points that differ only in load (a sweep's request rates, issue 13), so
 * the idle set-up — up to tens of seconds with select() — is paid once per
 * idle count, not per point:
 *
 *   openHwSession: raise RLIMIT_NOFILE → start server (taskset -c 0) → wait
 *   for its listening line → start idleconn shards → wait until every idle
 *   connection is established and accepted;
 *   session.measure(spec), once per point: start httperf shards (warm-up +
 *   window + tail) → at the window's start and end snapshot /proc/stat and
 *   the server's CPU and mark the window (SIGUSR1/SIGUSR2: the server writes
 *   that window's counters) → wait for httperf's reports → wait until the
 *   server has closed the point's connections (back to its idle ones);
 *   session.close: SIGTERM the server → stop everything (also on failure and
 *   Ctrl-C: ../machine/child-processes.ts).
 *
 * `runHwPoint` is a session of one point.
 *
 * Only one point runs on the machine at a time (../machine/machine-lock.ts): two would
 * share CPU 0 and count each other's work.
 *
 * The server is the C micro server for spec.mechanism unless `options.server`
 * names another launcher (../server/server-launcher.ts; nginx for `npm run bench:hw`).
 * With `options.link` server and clients get network namespaces of their own
 * joined by a shaped veth pair (../machine/link-shaping.ts); off by default.
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
import type { PointSpec } from "../../../results/types.js";
import { combineReports, parseHttperfOutput, planHttperf } from "../load/httperf.js";
import {
  establishedAtServer,
  type IdleConnections,
  idleSetupTimeoutMs,
  openDescriptors,
  startIdleConnections,
} from "../load/idleconn.js";
import {
  ChildRegistry,
  type ChildResult,
  DEFAULT_GRACE_MS,
  type ManagedChild,
} from "../machine/child-processes.js";
import { cpuBusy, processCpuUse, readCpuStat, readProcessCpu } from "../machine/cpu-accounting.js";
import { placeCpus, tasksetPrefix } from "../machine/cpu-placement.js";
import { setUpLink } from "../machine/link-shaping.js";
import { acquireMachineLock } from "../machine/machine-lock.js";
import { planNofile, prlimitPrefix, selectClientNofile } from "../machine/nofile-limit.js";
import { dispatchServerLauncher, type ServerLauncher } from "../server/server-launcher.js";
import { HW_MECHANISMS, isHwMechanism, ServerError } from "../server/server-process.js";
import { type LoadHost, localHost, sumActiveOpens } from "../testbed/load-host.js";
import { sshHost } from "../testbed/ssh-host.js";
import { toMetrics } from "./metrics.js";
import {
  type DrainResult,
  HwPointError,
  type HwPointOptions,
  type HwPointResult,
  serverDescriptorsNeeded,
} from "./types.js";
import { cpuWarnings, judgeValidity, offeredRequestRate } from "./validity.js";

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
  hosts: readonly LoadHost[],
): Promise<never> {
  const watchdog = new Promise<never>((_, reject) => {
    for (const h of hosts) {
      const link = h.link;
      if (link === null) continue;
      void link.exit.then((r) =>
        reject(
          new HwPointError(
            `the SSH link to client host ${h.label} died (${exitText(r)}); stopping the run`,
          ),
        ),
      );
    }
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

/** What the points of one session share: everything but the load (rate, connections) and the timing. */
export function hwSessionKey(spec: PointSpec): string {
  return JSON.stringify([
    spec.workload,
    spec.mechanism,
    spec.idle,
    spec.reply_bytes,
    spec.queue_limit ?? null,
    spec.seed,
  ]);
}

/** One server and its idle connections, measured at several loads in turn. */
export interface HwSession {
  /** Measures one point (its rate, connections, warm-up and window) on this session's server. */
  measure(spec: PointSpec): Promise<HwPointResult>;
  /** Stops the server and every client; safe to call twice. */
  close(): Promise<void>;
}

/** The server is back to its idle connections when its descriptors are within this of the count after set-up. */
const DRAIN_SLACK_DESCRIPTORS = 8;

/** The hosts' connect() counts summed, and when they were read (the midpoint of the reading). */
async function timedActiveOpens(
  hosts: readonly LoadHost[],
): Promise<{ count: number | null; atMs: number }> {
  const start = performance.now();
  const count = await sumActiveOpens(hosts);
  return { count, atMs: (start + performance.now()) / 2 };
}

/** One session of one point: open, measure, close. */
export async function runHwPoint(spec: PointSpec, options: HwPointOptions): Promise<HwPointResult> {
  const session = await openHwSession([spec], options);
  try {
    return await session.measure(spec);
  } finally {
    await session.close();
  }
}

/**
 * Starts the server for `specs` (which share hwSessionKey) and opens their
 * idle connections; the caller then measures each spec in turn and closes.
 */
export async function openHwSession(
  specs: readonly PointSpec[],
  options: HwPointOptions,
): Promise<HwSession> {
  const first = specs[0];
  if (first === undefined) throw new HwPointError("a hw session needs at least one point");
  const key = hwSessionKey(first);
  for (const s of specs) {
    if (hwSessionKey(s) !== key) {
      throw new HwPointError(
        "the points of one hw session must share workload, mechanism, idle connections, reply size, queue limit and repetition",
      );
    }
  }
  const log = options.log ?? (() => {});
  const mechanism = first.mechanism;
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
    const queueLimit = options.queueLimit ?? first.queue_limit;
    launcher = dispatchServerLauncher({
      binary: options.serverBinary,
      mechanism,
      ...(queueLimit !== undefined ? { queueLimit } : {}),
    });
  }
  const testbed = options.testbed?.testbed;
  if (testbed && options.link) {
    throw new HwPointError("--testbed and --link cannot be combined: a testbed's link is real");
  }
  const placement = placeCpus(options.serverCpu ?? testbed?.server.cpu ?? 0);
  const timingOf = (spec: PointSpec) => ({
    warmupS: options.warmupS ?? spec.warmup_s,
    durationS: options.durationS ?? spec.duration_s,
  });
  for (const spec of specs) {
    const { durationS } = timingOf(spec);
    if (!(durationS > 0)) throw new HwPointError(`duration must be positive (got ${durationS})`);
  }
  const serverDescriptors = Math.max(...specs.map(serverDescriptorsNeeded));
  const nofile = {
    server: planNofile(serverDescriptors),
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
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await registry.stopAll(graceMs);
  };
  try {
    // Named after our pid, so what a killed run leaves is attributable.
    const dir = await mkdtemp(join(tmpdir(), `dispatch-hw-${process.pid}-`));
    registry.addCleanup(() => rm(dir, { recursive: true, force: true }));
    const idleSetupS = first.idle > 0 ? idleSetupTimeoutMs(first.idle) / 1000 : 0;
    // The server (and a testbed's remote processes) stop by themselves after
    // the idle set-up and every point's load and drain could have run.
    const sessionMaxS =
      idleSetupS +
      specs.reduce((sum, spec) => {
        const t = planHttperf(spec, { port: 0, ...timingOf(spec) });
        return sum + (t.stopAtS ?? t.runS) + 2 * spec.client_timeout_s + 30;
      }, 0) +
      60;
    // Torn down by the registry after the children stop (also on failure and Ctrl-C).
    const link = options.link ? await setUpLink(registry, { rate: options.link, log }) : null;
    const server = await launcher.launch({
      registry,
      prefix: [
        ...(link?.serverPrefix ?? []),
        ...tasksetPrefix([placement.serverCpu]),
        ...prlimitPrefix(nofile.server),
      ],
      address: testbed?.server.address ?? link?.serverAddress ?? "127.0.0.1",
      replyBytes: first.reply_bytes,
      maxConnections: serverDescriptors,
      closeAfterReply: first.workload === "idle-burst",
      dir,
      maxSeconds: sessionMaxS,
    });
    log(`hw: ${launcher.label} pid ${server.pid} on ${server.address}:${server.port}`);

    // Where the load runs: a testbed's client hosts over SSH, or this machine's other CPUs.
    const hosts: LoadHost[] = testbed
      ? await Promise.all(
          testbed.clients.map((client, i) =>
            sshHost(registry, client, i, {
              dir,
              maxSeconds: sessionMaxS,
              // The local ssh processes stay off the server's CPU.
              localPrefix: tasksetPrefix(placement.loadCpus),
              log,
            }),
          ),
        )
      : [
          localHost(registry, [
            ...(link?.clientPrefix ?? []),
            ...tasksetPrefix(placement.loadCpus),
            ...prlimitPrefix(nofile.clients),
          ]),
        ];
    const hostOf = new Map<ManagedChild, LoadHost>();
    // Shard i runs on host i mod n: the load spreads evenly over the hosts.
    const startOn = async (i: number, name: string, argv: readonly string[]) => {
      const host = hosts[i % hosts.length]!;
      const child = await host.start(name, argv);
      hostOf.set(child, host);
      return child;
    };
    let idle: IdleConnections | null = null;
    if (first.idle > 0) {
      idle = await startIdleConnections({
        host: server.address,
        port: server.port,
        count: first.idle,
        start: startOn,
        serverPid: server.pid,
        timeoutMs: idleSetupS * 1000,
        ...(testbed
          ? { countEstablished: () => establishedAtServer(server.port, server.pid) }
          : {}),
        ...(options.idleconnBinary ? { idleconnBinary: options.idleconnBinary } : {}),
      });
      log(`hw: ${idle.established} idle connections established in ${idle.setupS.toFixed(1)} s`);
    }
    // What the server holds between points: its idle connections and its own descriptors.
    const idleDescriptors = openDescriptors(server.pid);
    let windows = 0;
    let pointsMeasured = 0;

    const measure = async (spec: PointSpec): Promise<HwPointResult> => {
      if (closed) throw new HwPointError("the hw session is closed");
      if (hwSessionKey(spec) !== key) {
        throw new HwPointError("this point does not belong to the hw session");
      }
      const { warmupS, durationS } = timingOf(spec);
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
        shards.push(await startOn(s.index, `httperf[${s.index}]`, [httperfBinary, ...s.args]));
      }
      log(
        `hw: ${plan.shards.length} httperf process(es) at ${spec.rate} req/s, warm-up ${plan.warmupS.toFixed(1)} s, window ${durationS} s`,
      );

      // Fail at once, not at the end of the window, when a child dies under us.
      const watchdog = failOnUnexpectedExit(server.child, idle?.shards ?? [], shards, hosts);
      await Promise.race([sleepUntil(startedAt + plan.warmupS * 1000), watchdog]);
      const cpuBefore = readCpuStat();
      const serverBefore = readServerCpu(server.pid);
      // The server's counters of the window (dispatch calls, signals, replies) start here.
      server.markWindow?.("start");
      // connect() calls in the clients' namespaces: the window's offered connection rate.
      const opensBefore = await timedActiveOpens(hosts);
      await Promise.race([sleepUntil(startedAt + (plan.warmupS + durationS) * 1000), watchdog]);
      const cpuAfter = readCpuStat();
      const serverAfter = readServerCpu(server.pid);
      server.markWindow?.("end");
      // The window ends at the marks; reading a remote host's counters may take a while after them.
      const windowEnd = performance.now();
      const opensAfter = await timedActiveOpens(hosts);
      if (server.markWindow) windows++;
      if (plan.stopAtS !== undefined) {
        // Persistent: stop the sessions once the window's tail is over (httperf reports on SIGINT).
        await Promise.race([sleepUntil(startedAt + plan.stopAtS * 1000), watchdog]);
        await Promise.all(
          shards
            .filter((s) => s.exitedAtMs === null)
            .map((s) => hostOf.get(s)?.signal(s, "SIGINT")),
        );
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
      const counters = server.windowCounters
        ? await Promise.race([server.windowCounters(windows), watchdog])
        : null;
      // The next point starts on a server holding only its idle connections.
      const drain = await waitForDrain(server.pid, idleDescriptors, spec.client_timeout_s + 10);
      if (!drain.drained) {
        log(
          `hw: warning: the server still held ${drain.descriptors - idleDescriptors} of the point's descriptors after ${drain.waitedS.toFixed(1)} s`,
        );
      }
      const linkStats = link ? await link.stats().catch(() => null) : null;
      const cpu0 = cpuBusy(cpuBefore, cpuAfter, placement.serverCpu);
      const serverCpu = processCpuUse(serverBefore, serverAfter);
      const metrics = toMetrics(spec, combined, cpu0, counters);
      // Replies written in the window, as the server counted them (httperf's whole-run
      // replies / test-duration is stretched by trailing timeouts); httperf's for nginx.
      const windowReplies = counters?.window?.replies ?? combined.replyRate * cpu0.wallS;
      // Over the time between the two readings (over SSH they lag the marks by a varying delay).
      const opensS = (opensAfter.atMs - opensBefore.atMs) / 1000;
      const windowConnectRate =
        opensBefore.count !== null && opensAfter.count !== null && opensS > 0
          ? (opensAfter.count - opensBefore.count) / opensS
          : null;
      const invalidReason = judgeValidity(
        spec,
        combined,
        endedEarly.length,
        windowConnectRate,
        100 * Math.max(cpu0.busyShare, serverCpu.schedShare),
        counters?.window ?? null,
      );
      if (invalidReason) log(`hw: point invalid: ${invalidReason}`);
      const warnings = cpuWarnings(100 * cpu0.busyShare, 100 * serverCpu.schedShare);
      for (const w of warnings) log(`hw: warning: ${w}`);
      const pointInSession = pointsMeasured++;

      return {
        metrics,
        valid: invalidReason === null,
        ...(invalidReason !== null ? { invalidReason } : {}),
        warnings,
        extra: {
          server_cpu_pct: 100 * serverCpu.schedShare,
          server_utime_stime_pct: 100 * serverCpu.utimeStimeShare,
          cpu_pct_ticks: 100 * cpu0.busyShareOfTicks,
          steal_pct: 100 * cpu0.stealShare,
          server_cpu_us_per_reply:
            windowReplies > 0 ? (serverCpu.cpuS * 1e6) / windowReplies : null,
          cpu0_us_per_reply:
            windowReplies > 0 ? (cpu0.busyShare * cpu0.wallS * 1e6) / windowReplies : null,
          achieved_request_rate: offeredRequestRate(spec, combined, windowConnectRate),
        },
        raw: {
          repetition: options.repetition ?? spec.seed,
          server: launcher.label,
          address: server.address,
          port: server.port,
          serverPid: server.pid,
          pids: registry.started.map((c) => c.pid),
          placement,
          nofile,
          warmupS: plan.warmupS,
          durationS,
          session: { pointInSession, drain },
          hosts: hosts.map((h) => ({
            label: h.label,
            httperf: shards.filter((s) => hostOf.get(s) === h).length,
            idleconn: (idle?.shards ?? []).filter((s) => hostOf.get(s) === h).length,
          })),
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
                count: first.idle,
                established: idle.established,
                processes: idle.shards.length,
                setupS: idle.setupS,
              }
            : null,
          counters,
          link: link
            ? {
                rate: link.rate,
                serverNs: link.serverNs,
                clientNs: link.clientNs,
                stats: linkStats,
              }
            : null,
        },
      };
    };
    return { measure, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Waits until the server holds no more descriptors than after the idle
 * set-up (plus a little slack): the point's connections are closed, so the
 * next point starts from the same state as a fresh server would.
 */
async function waitForDrain(
  serverPid: number,
  idleDescriptors: number,
  timeoutS: number,
): Promise<DrainResult> {
  const started = performance.now();
  for (;;) {
    let descriptors: number;
    try {
      descriptors = openDescriptors(serverPid);
    } catch {
      throw new ServerError("the server exited after the measurement window");
    }
    const waitedS = (performance.now() - started) / 1000;
    if (descriptors <= idleDescriptors + DRAIN_SLACK_DESCRIPTORS)
      return { drained: true, descriptors, waitedS };
    if (waitedS >= timeoutS) return { drained: false, descriptors, waitedS };
    await delay(50);
  }
}
