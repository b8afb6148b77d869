/**
 * The probe: a short measurement at the start of `run --runner hw` that
 * finds this machine's terms (src/plan/machine-terms.ts) — the largest
 * connection rate its clients reach, and what each idle descriptor costs the
 * select() server per reply — so the hw sections' sizes in machine terms
 * resolve to this host's idle counts and rates (docs/hw-sizing.md). About
 * half a minute; kept in data/hw-probe.json per machine and boot.
 */

import { type MachineTerms, probeRateOf } from "../../../plan/machine-terms.js";
import type { HwCachedRepetition } from "../../../results/hw-point-cache.js";
import type { PointSpec } from "../../../results/types.js";
import { measureQuietly } from "../machine/quiet.js";
import { runHwPoint } from "../point/run-point.js";
import type { HwPointOptions } from "../point/types.js";
import { cachedRepetitionOf } from "../runner.js";

/**
 * Above what the clients offer on one CPU here (~14 500 new connections/s,
 * the probe of 2026-12-06), far below what an epoll server with no idle
 * connections serves (~31 µs per reply: ~32 000/s). Higher offers run
 * httperf out of descriptors (19 000: fd-unavail, ~2000 achieved), so this
 * is also the cap of the clients' max the probe can find (docs/hw-sizing.md).
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

function probePointOf(spec: PointSpec, r: HwCachedRepetition, quiet: boolean): ProbePoint {
  return {
    mechanism: spec.mechanism,
    idle: spec.idle,
    offered_rate: spec.rate,
    reply_rate: r.metrics.reply_rate,
    server_cpu_us_per_reply: r.extra.server_cpu_us_per_reply ?? null,
    steal_pct: r.extra.steal_pct ?? null,
    quiet,
  };
}

/** One probe point on its own server, measured again while the machine is disturbed (as every hw run is). */
async function measureProbePoint(spec: PointSpec, options: HwPointOptions): Promise<ProbePoint> {
  const { r, disturbed } = await measureQuietly(
    async () => cachedRepetitionOf(await runHwPoint(spec, options)),
    PROBE_ATTEMPTS,
    options.log ?? (() => {}),
  );
  return probePointOf(spec, r, !disturbed);
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
  const probeRate = probeRateOf(clientMaxRate);
  log(
    `probe: clients reach ${clientMaxRate.toFixed(0)}/s; select() at ${probeRate}/s with 0 and ${PROBE_IDLE} idle`,
  );
  const selectNone = await measureProbePoint(probeSpec("select", 0, probeRate), options);
  const selectIdle = await measureProbePoint(probeSpec("select", PROBE_IDLE, probeRate), options);
  const points = [clientMax, selectNone, selectIdle];
  return { terms: termsOf({ clientMax, selectNone, selectIdle }), points };
}
