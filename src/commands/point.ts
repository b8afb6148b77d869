/**
 * `dispatch-repro point`: run one point and print its metrics as one JSON
 * object on stdout (the command-line contract in DESIGN.md).
 */
import { MECHANISMS, type Mechanism, WORKLOADS, type Workload } from "../manifest/schema.js";
import type { Metrics, PointSpec } from "../results/types.js";
import { SIM_MECHANISMS, simulatePoint } from "../runners/sim/run-point.js";
import { UsageError } from "./usage-error.js";

export interface PointOptions {
  runner: string;
  mechanism: string;
  workload: string;
  connections?: string;
  idle?: string;
  rate?: string;
  replyBytes?: string;
  duration?: string;
  seed?: string;
  json?: boolean;
}

function number(name: string, raw: string | undefined, fallback?: number, integer = false): number {
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
  const rate = number("rate", o.rate);
  if (rate <= 0) throw new UsageError("--rate must be positive");
  const spec: PointSpec = {
    workload,
    mechanism: o.mechanism as Mechanism,
    connections: number(
      "connections",
      o.connections,
      workload === "persistent" ? undefined : 0,
      true,
    ),
    idle: number("idle", o.idle, 0, true),
    rate,
    reply_bytes: number("reply-bytes", o.replyBytes, workload === "persistent" ? 92 : 1, true),
    duration_s: number("duration", o.duration, 60),
    warmup_s: 2,
    client_timeout_s: 1,
    seed: number("seed", o.seed, 1, true),
  };
  if (spec.duration_s <= 0) throw new UsageError("--duration must be positive");
  if (workload === "persistent" && spec.connections < 1) {
    throw new UsageError("--connections must be at least 1 for the persistent workload");
  }
  return spec;
}

export function runPointCommand(o: PointOptions): Metrics {
  if (o.runner !== "sim" && o.runner !== "hw") {
    throw new UsageError(`unknown runner '${o.runner}' (known: sim, hw)`);
  }
  const spec = pointSpecFromOptions(o);
  if (o.runner === "hw")
    throw new UsageError("the hw runner is not available yet (issue: real-hardware runner)");
  if (!SIM_MECHANISMS.includes(spec.mechanism)) {
    throw new UsageError(
      `mechanism '${spec.mechanism}' is not modelled by the simulator (it models ${SIM_MECHANISMS.join(", ")})`,
    );
  }
  const metrics = simulatePoint(spec).metrics;
  const line = o.json
    ? JSON.stringify({ runner: o.runner, ...spec, ...metrics })
    : Object.entries(metrics)
        .map(([k, v]) => `${k.padEnd(20)} ${v === null ? "" : Number(v.toPrecision(6))}`)
        .join("\n");
  process.stdout.write(`${line}\n`);
  return metrics;
}
