/**
 * The calibration's measurements on this machine (about two minutes, on a
 * quiet machine): dispatch-microbench pinned to the servers' CPU, CPU 0's
 * background with nothing running, and three server points that no figure
 * uses — epoll with no idle connections at 5000 req/s (the per-request
 * path), select() at 200 req/s with 0, 1000 and 4000 idle connections (its
 * cost per idle descriptor over 0…4000), each three times in turn (the derivation takes each
 * point's median: on this VM one point moves 10–15 % between runs minutes
 * apart). The figure points are never measured here.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cpuBusy, readCpuStat } from "../runners/hw/machine/cpu-accounting.js";
import { placeCpus } from "../runners/hw/machine/cpu-placement.js";
import { acquireMachineLock } from "../runners/hw/machine/machine-lock.js";
import { measureQuietly } from "../runners/hw/machine/quiet.js";
import { runHwPoint } from "../runners/hw/point/run-point.js";
import {
  cachedRepetitionOf,
  prepareServer,
  serverBinaryPath,
  serverDir,
} from "../runners/hw/runner.js";
import {
  type CalibrationRaw,
  type CalibrationServerPoint,
  calibrationPointSpec,
  type MachineFacts,
  type MicrobenchNumbers,
} from "./raw.js";

/** Each server point's window after its warm-up (CALIBRATION_WARMUP_S): a few thousand replies at least. */
const WINDOW_S = 5;
const BACKGROUND_S = 5;
/** Measurements of a point while the machine is disturbed before it is kept (marked not quiet). */
const ATTEMPTS = 3;
/** Rounds over the three server points. */
export const CALIBRATION_REPETITIONS = 3;

/** The server points: rates and idle counts that no figure's hw section uses. */
export const CALIBRATION_POINTS: ReadonlyArray<
  Pick<CalibrationServerPoint, "role" | "mechanism" | "idle" | "offered_rate">
> = [
  { role: "request-path", mechanism: "epoll", idle: 0, offered_rate: 5000 },
  // One rate low enough that select() with 4000 idle connections stays below saturation.
  { role: "select-base", mechanism: "select", idle: 0, offered_rate: 200 },
  { role: "select-idle", mechanism: "select", idle: 1000, offered_rate: 200 },
  { role: "select-idle", mechanism: "select", idle: 4000, offered_rate: 200 },
];

export class CalibrationError extends Error {
  override readonly name = "CalibrationError";
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function microbench(serverCpu: number, peerCpu: number): MicrobenchNumbers {
  const binary = join(serverDir(), "dispatch-microbench");
  try {
    const out = execFileSync(binary, ["--cpu", String(serverCpu), "--peer-cpu", String(peerCpu)], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 180_000,
    });
    return JSON.parse(out) as MicrobenchNumbers;
  } catch (error) {
    const stderr = `${(error as { stderr?: string }).stderr ?? ""}`.trim().split("\n")[0];
    throw new CalibrationError(`dispatch-microbench failed: ${stderr || (error as Error).message}`);
  }
}

async function background(cpu: number): Promise<CalibrationRaw["background"]> {
  const before = readCpuStat();
  await sleep(BACKGROUND_S * 1000);
  const busy = cpuBusy(before, readCpuStat(), cpu);
  return {
    cpu_pct: Number((100 * busy.busyShare).toFixed(3)),
    steal_pct: Number((100 * busy.stealShare).toFixed(3)),
    window_s: Number(busy.wallS.toFixed(3)),
  };
}

function machineFacts(): MachineFacts {
  const limits = readFileSync("/proc/self/limits", "utf8");
  const pending = /^Max pending signals\s+(\d+)/m.exec(limits);
  const range = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8")
    .trim()
    .split(/\s+/)
    .map(Number);
  return {
    rlimit_sigpending: pending ? Number(pending[1]) : 0,
    local_port_range: [range[0] ?? 32768, range[1] ?? 60999],
    // options.c: `.backlog = 128`, the value the hw runner never overrides.
    server_backlog: 128,
  };
}

async function serverPoint(
  p: (typeof CALIBRATION_POINTS)[number],
  repetition: number,
  log: (line: string) => void,
): Promise<CalibrationServerPoint> {
  const spec = calibrationPointSpec({ ...p, window_s: WINDOW_S }, repetition);
  const { r, disturbed } = await measureQuietly(
    async () =>
      cachedRepetitionOf(await runHwPoint(spec, { serverBinary: serverBinaryPath(), log })),
    ATTEMPTS,
    log,
  );
  const m = r.metrics;
  if (m.reply_rate === null || m.cpu_pct === null || !r.hw.valid) {
    throw new CalibrationError(
      `calibration point ${p.mechanism} with ${p.idle} idle at ${p.offered_rate}/s is not valid: ${r.hw.invalid_reason ?? "no reply rate or CPU"}`,
    );
  }
  return {
    ...p,
    repetition,
    reply_rate: m.reply_rate,
    cpu_pct: m.cpu_pct,
    server_cpu_pct: r.hw.server_cpu_pct,
    dispatch_calls: m.dispatch_calls,
    events_per_dispatch: m.events_per_dispatch,
    window_s: WINDOW_S,
    steal_pct: r.extra.steal_pct ?? null,
    quiet: !disturbed,
  };
}

/** Every calibration measurement, in order; the machine lock is held only around the microbenchmark (runHwPoint takes it itself). */
export async function measureCalibration(
  log: (line: string) => void,
  build: boolean,
): Promise<CalibrationRaw> {
  await prepareServer(["epoll", "select"], { build });
  const placement = placeCpus();
  const peer = placement.loadCpus[0] as number;
  log(`calibrate: CPU ${placement.serverCpu} with nothing running (${BACKGROUND_S} s)`);
  const release = await acquireMachineLock();
  let bench: MicrobenchNumbers;
  let idle: CalibrationRaw["background"];
  try {
    idle = await background(placement.serverCpu);
    log(`calibrate: system-call microbenchmarks on CPU ${placement.serverCpu} (~45 s)`);
    bench = microbench(placement.serverCpu, peer);
  } finally {
    await release();
  }
  const server_points: CalibrationServerPoint[] = [];
  for (let repetition = 1; repetition <= CALIBRATION_REPETITIONS; repetition++) {
    for (const p of CALIBRATION_POINTS) {
      log(
        `calibrate: ${p.mechanism} with ${p.idle} idle connections at ${p.offered_rate}/s (${repetition}/${CALIBRATION_REPETITIONS})`,
      );
      server_points.push(await serverPoint(p, repetition, log));
    }
  }
  return { microbench: bench, background: idle, server_points, machine: machineFacts() };
}
