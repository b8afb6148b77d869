/**
 * The probe: a short measurement at the start of `run --runner hw` that
 * finds this machine's terms (src/plan/machine-terms.ts) — the largest
 * connection rate its clients reach, and what each idle descriptor costs the
 * select() server per reply — so the hw sections' sizes in machine terms
 * resolve to this host's idle counts and rates (docs/hw-sizing.md). About
 * half a minute; kept in data/hw-probe.json per machine and boot.
 */

import { type MachineTerms, PROBE_RATE_SHARE, rateOf } from "../../../plan/machine-terms.js";
import type { PointSpec } from "../../../results/types.js";
import { notQuietReason } from "../machine/quiet.js";
import { openHwSession } from "../point/run-point.js";
import type { HwPointOptions, HwPointResult } from "../point/types.js";
import { hwFieldsOf } from "../runner.js";

/**
 * Far above what the clients can offer on one CPU (6000–8000 new
 * connections/s on this machine kind, issue 13), far below what an epoll
 * server with no idle connections serves (~27 µs per reply: ~37 000/s).
 */
export const CLIENT_MAX_OFFERED_RATE = 15_000;

/** Idle descriptors of the select() slope measurement: enough to dominate select's cost, few enough to stay below its knee at the probe rate on a slow host. */
export const PROBE_IDLE = 1000;

/** Warm-up and window of each probe point (seconds): long enough for a few thousand replies. */
const PROBE_WARMUP_S = 1;
const PROBE_WINDOW_S = 4;

/** Measurements of one probe point while the machine is disturbed, before it is kept anyway (marked). */
const PROBE_ATTEMPTS = 3;

/** One probe point's numbers as measured. */
export interface ProbePoint {
  mechanism: string;
  idle: number;
  offered_rate: number;
  reply_rate: number | null;
  server_cpu_us_per_reply: number | null;
  steal_pct: number | null;
  quiet: boolean;
}

/** A probe: the terms and the raw points they come from. */
export interface ProbeRecord {
  terms: MachineTerms;
  points: ProbePoint[];
}

function probeSpec(mechanism: "epoll" | "select", idle: number, rate: number): PointSpec {
  return {
    workload: "idle-burst",
    mechanism,
    connections: 0,
    idle,
    rate,
    reply_bytes: 1,
    duration_s: PROBE_WINDOW_S,
    warmup_s: PROBE_WARMUP_S,
    client_timeout_s: 1,
    seed: 1,
  };
}

function probePointOf(spec: PointSpec, r: HwPointResult, quiet: boolean): ProbePoint {
  return {
    mechanism: spec.mechanism,
    idle: spec.idle,
    offered_rate: spec.rate,
    reply_rate: r.metrics.reply_rate,
    server_cpu_us_per_reply: r.extra.server_cpu_us_per_reply,
    steal_pct: r.extra.steal_pct,
    quiet,
  };
}

/** One probe point on its own server, measured again while the machine is disturbed. */
async function measureProbePoint(spec: PointSpec, options: HwPointOptions): Promise<ProbePoint> {
  for (let attempt = 1; ; attempt++) {
    const session = await openHwSession([spec], options);
    let result: HwPointResult;
    try {
      result = await session.measure(spec);
    } finally {
      await session.close();
    }
    const disturbed = notQuietReason({
      metrics: result.metrics,
      hw: hwFieldsOf(result),
      extra: result.extra,
    });
    if (disturbed === null || attempt >= PROBE_ATTEMPTS) {
      return probePointOf(spec, result, disturbed === null);
    }
    options.log?.(`probe: ${disturbed}; measuring again`);
  }
}

function required(value: number | null, what: string): number {
  if (value === null || !(value > 0)) {
    throw new ProbeError(
      `the probe measured no ${what}: cannot size the hw sweeps on this machine`,
    );
  }
  return value;
}

export class ProbeError extends Error {
  override readonly name = "ProbeError";
}

/**
 * Terms from the probe's points: the clients' maximum is the epoll server's
 * reply rate when offered far more; select()'s per-descriptor cost is the
 * slope of its CPU per reply between 0 and PROBE_IDLE idle descriptors.
 * Exported so a test re-derives the terms from recorded numbers.
 */
export function termsOf(points: {
  clientMax: ProbePoint;
  selectNone: ProbePoint;
  selectIdle: ProbePoint;
}): MachineTerms {
  const clientMaxRate = required(points.clientMax.reply_rate, "client reply rate");
  const base = required(points.selectNone.server_cpu_us_per_reply, "select() CPU per reply");
  const loaded = required(
    points.selectIdle.server_cpu_us_per_reply,
    "select() CPU per reply with idle connections",
  );
  if (!(loaded > base)) {
    throw new ProbeError(
      `select() with ${points.selectIdle.idle} idle connections cost no more per reply (${loaded.toFixed(1)} µs) than with none (${base.toFixed(1)} µs): the probe is not measuring select()`,
    );
  }
  return {
    clientMaxRate: Math.round(clientMaxRate),
    probeRate: points.selectNone.offered_rate,
    selectUsPerReply: Number(base.toFixed(2)),
    selectUsPerIdlePerReply: Number(((loaded - base) / points.selectIdle.idle).toFixed(4)),
  };
}

/** Runs the probe: the clients' maximum first (it sets the probe rate), then select() at 0 and PROBE_IDLE idle. */
export async function probeMachine(options: HwPointOptions): Promise<ProbeRecord> {
  const log = options.log ?? (() => {});
  log(`probe: the clients' max connection rate (epoll, offered ${CLIENT_MAX_OFFERED_RATE}/s)`);
  const clientMax = await measureProbePoint(
    probeSpec("epoll", 0, CLIENT_MAX_OFFERED_RATE),
    options,
  );
  const clientMaxRate = required(clientMax.reply_rate, "client reply rate");
  const probeRate = rateOf(
    { client_max: PROBE_RATE_SHARE },
    {
      clientMaxRate,
      probeRate: 0,
      selectUsPerReply: 0,
      selectUsPerIdlePerReply: 0,
    },
  );
  log(
    `probe: clients reach ${clientMaxRate.toFixed(0)}/s; select() at ${probeRate}/s with 0 and ${PROBE_IDLE} idle`,
  );
  const selectNone = await measureProbePoint(probeSpec("select", 0, probeRate), options);
  const selectIdle = await measureProbePoint(probeSpec("select", PROBE_IDLE, probeRate), options);
  const points = [clientMax, selectNone, selectIdle];
  return { terms: termsOf({ clientMax, selectNone, selectIdle }), points };
}
