/**
 * `dispatch-repro point`: run one point and print its metrics as one JSON
 * object on stdout (the command-line contract in docs/design.md).
 */
import { existsSync } from "node:fs";
import { UsageError } from "../errors.js";
import {
  MECHANISMS,
  type Mechanism,
  PARAMETER_LIMITS,
  QUEUE_LIMIT_MAX,
  WORKLOADS,
  type Workload,
} from "../manifest/schema.js";
import { pointProblem } from "../plan/limits.js";
import { DEFAULT_PARAMS } from "../plan/points.js";
import type { Metrics, PointSpec } from "../results/types.js";
import { linkOption } from "../runners/hw/machine/link-option.js";
import { parseModelKey } from "../runners/sim/model-rules.js";
import { costProfile, SIM_MECHANISMS, simulatePoint } from "../runners/sim/run-point.js";
import { simVersion } from "../runners/sim/runner.js";

const DEFAULT_PROFILE = "piii-400-linux-2.4";

export interface PointOptions {
  runner: string;
  mechanism: string;
  workload: string;
  connections?: string;
  idle?: string;
  rate?: string;
  replyBytes?: string;
  duration?: string;
  warmup?: string;
  timeout?: string;
  queueLimit?: string;
  testbed?: string;
  seed?: string;
  /** sim only: the cost profile (default piii-400-linux-2.4). */
  profile?: string;
  json?: boolean;
  /** hw only: shape the server–client link to this rate, e.g. 100mbit (../runners/hw/machine/link-shaping.ts). */
  link?: string;
}

function number(
  name: string,
  raw: string | undefined,
  fallback?: number,
  integer = false,
  max = Number.POSITIVE_INFINITY,
): number {
  if (raw === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value)) {
    throw new UsageError(`--${name} must be a number, got '${raw}'`);
  }
  if (value < 0) throw new UsageError(`--${name} must not be negative, got ${raw}`);
  if (integer && !Number.isInteger(value)) {
    throw new UsageError(`--${name} must be a whole number, got ${raw}`);
  }
  if (value > max) throw new UsageError(`--${name} must be at most ${max}, got ${raw}`);
  return value;
}

export function pointSpecFromOptions(o: PointOptions): PointSpec {
  if (!(MECHANISMS as readonly string[]).includes(o.mechanism)) {
    throw new UsageError(`unknown mechanism '${o.mechanism}' (known: ${MECHANISMS.join(", ")})`);
  }
  if (!(WORKLOADS as readonly string[]).includes(o.workload)) {
    throw new UsageError(`unknown workload '${o.workload}' (known: ${WORKLOADS.join(", ")})`);
  }
  const workload = o.workload as Workload;
  const limit = PARAMETER_LIMITS;
  const rate = number("rate", o.rate, undefined, false, limit.rate);
  if (rate <= 0) throw new UsageError("--rate must be positive");
  const spec: PointSpec = {
    workload,
    mechanism: o.mechanism as Mechanism,
    connections: number(
      "connections",
      o.connections,
      workload === "persistent" ? undefined : 0,
      true,
      limit.connections,
    ),
    idle: number("idle", o.idle, 0, true, limit.idle),
    rate,
    reply_bytes: number(
      "reply-bytes",
      o.replyBytes,
      workload === "persistent" ? 92 : 1,
      true,
      limit.reply_bytes,
    ),
    duration_s: number("duration", o.duration, DEFAULT_PARAMS.duration_s, false, limit.duration_s),
    warmup_s: number("warmup", o.warmup, DEFAULT_PARAMS.warmup_s, false, limit.warmup_s),
    client_timeout_s: number(
      "timeout",
      o.timeout,
      DEFAULT_PARAMS.client_timeout_s,
      false,
      limit.client_timeout_s,
    ),
    seed: number("seed", o.seed, 1, true),
    ...(o.queueLimit === undefined
      ? {}
      : { queue_limit: number("queue-limit", o.queueLimit, undefined, true, QUEUE_LIMIT_MAX) }),
  };
  if (spec.queue_limit !== undefined && spec.queue_limit < 1) {
    throw new UsageError("--queue-limit must be at least 1");
  }
  if (spec.duration_s <= 0) throw new UsageError("--duration must be positive");
  if (spec.client_timeout_s <= 0) throw new UsageError("--timeout must be positive");
  if (workload === "persistent" && spec.connections < 1) {
    throw new UsageError("--connections must be at least 1 for the persistent workload");
  }
  const problem = pointProblem(spec);
  if (problem !== undefined) throw new UsageError(`point: ${problem}`);
  return spec;
}

function printPoint(o: PointOptions, spec: PointSpec, metrics: Metrics, extra: object): void {
  const line = o.json
    ? JSON.stringify({ runner: o.runner, ...spec, ...metrics, ...extra })
    : Object.entries({ ...metrics, ...extra })
        .map(([k, v]) => {
          const shown = typeof v === "number" ? Number(v.toPrecision(6)) : v === null ? "" : v;
          return `${k.padEnd(20)} ${Array.isArray(v) ? v.join("; ") : shown}`;
        })
        .join("\n");
  process.stdout.write(`${line}\n`);
}

/**
 * The hw runner's point: one measured repetition on this machine (server on
 * CPU 0). Beside the shared metrics it prints valid, invalid_reason,
 * server_cpu_pct and the other measured extras; progress goes to stderr.
 */
async function runHwPointCommand(o: PointOptions, spec: PointSpec): Promise<Metrics> {
  const { hwSupports, runHwRepetition, serverBinaryPath } = await import("../runners/hw/runner.js");
  const { HW_MECHANISMS } = await import("../runners/hw/server/server-process.js");
  if (!hwSupports(spec)) {
    throw new UsageError(
      `mechanism '${spec.mechanism}' has no hw server (it has ${HW_MECHANISMS.join(", ")}; ` +
        "devpoll and rtsig-perfd were Linux 2.4 patches and are simulator-only — epoll plays their part today)",
    );
  }
  if (!existsSync(serverBinaryPath())) {
    throw new UsageError(
      `no hw server at ${serverBinaryPath()}: build it with 'make server' (or make -C src/runners/hw/server)`,
    );
  }
  const link = linkOption(o.link);
  const { loadTestbed } = await import("../runners/hw/testbed/testbed-file.js");
  const testbed = o.testbed === undefined ? undefined : loadTestbed(o.testbed);
  const { metrics, hw, result } = await runHwRepetition(spec, {
    log: (line) => process.stderr.write(`${line}\n`),
    ...(link !== undefined ? { link } : {}),
    ...(testbed !== undefined ? { testbed } : {}),
  });
  printPoint(o, spec, metrics, {
    valid: hw.valid,
    invalid_reason: hw.valid ? null : hw.invalid_reason,
    ...result.extra,
    warnings: result.warnings,
  });
  return metrics;
}

export async function runPointCommand(o: PointOptions): Promise<Metrics> {
  if (o.runner !== "sim" && o.runner !== "hw") {
    throw new UsageError(`unknown runner '${o.runner}' (known: sim, hw)`);
  }
  const spec = pointSpecFromOptions(o);
  if (o.profile !== undefined && o.runner !== "sim") {
    throw new UsageError("--profile picks a simulator cost profile: it needs --runner sim");
  }
  if (o.link !== undefined && o.runner !== "hw") {
    throw new UsageError("--link shapes a real link: it needs --runner hw");
  }
  if (o.testbed !== undefined && o.runner !== "hw") {
    throw new UsageError("--testbed places real load: it needs --runner hw");
  }
  if (o.runner === "hw") return runHwPointCommand(o, spec);
  if (!SIM_MECHANISMS.includes(spec.mechanism)) {
    throw new UsageError(
      `mechanism '${spec.mechanism}' is not modelled by the simulator (it models ${SIM_MECHANISMS.join(", ")})`,
    );
  }
  const profile = o.profile ?? DEFAULT_PROFILE;
  try {
    costProfile(parseModelKey(profile).profile); // a bad profile is a usage error before any work
  } catch (error) {
    throw new UsageError(`--profile: ${(error as Error).message}`);
  }
  const metrics = simulatePoint(spec, profile).metrics;
  // The profile and the simulator's version say what computed the numbers (import checks them).
  printPoint(o, spec, metrics, o.json ? { profile, simulator: simVersion() } : {});
  return metrics;
}
