/**
 * What makes a resolved point runnable, whoever asks — the manifest's
 * cross-checks (before anything runs) and `point` on the command line — so
 * a bad point is one clear message, never a stack trace minutes in or a
 * process that grows until the machine runs out of memory.
 */
import {
  MAX_REQUESTS_PER_POINT,
  PARAMETER_LIMITS,
  type Parameter,
  QUEUE_LIMIT_MAX,
} from "../manifest/schema.js";
import type { PointSpec } from "../results/types.js";

const SPEC_FIELDS: Record<Parameter, keyof PointSpec> = {
  connections: "connections",
  idle: "idle",
  rate: "rate",
  reply_bytes: "reply_bytes",
  duration_s: "duration_s",
  warmup_s: "warmup_s",
  client_timeout_s: "client_timeout_s",
};

/** The first reason the point cannot run, or undefined when it can. */
export function pointProblem(spec: PointSpec): string | undefined {
  for (const [parameter, limit] of Object.entries(PARAMETER_LIMITS) as [Parameter, number][]) {
    const value = spec[SPEC_FIELDS[parameter]] as number;
    if (value > limit) return `${parameter} ${value} is above the limit ${limit}`;
  }
  if (spec.queue_limit !== undefined && spec.queue_limit > QUEUE_LIMIT_MAX) {
    return `queue_limit ${spec.queue_limit} is above the limit ${QUEUE_LIMIT_MAX}`;
  }
  if (spec.workload === "persistent" && spec.connections < 1) {
    return "the persistent workload needs connections ≥ 1 (set params.connections, or x: connections)";
  }
  const requests = spec.rate * (spec.warmup_s + spec.duration_s);
  if (requests > MAX_REQUESTS_PER_POINT) {
    return (
      `rate × (warmup_s + duration_s) = ${Math.round(requests)} requests in one point, above the limit ` +
      `${MAX_REQUESTS_PER_POINT} (the simulator keeps a socket per request): lower the rate or the duration`
    );
  }
  return undefined;
}
