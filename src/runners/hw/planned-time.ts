/**
 * How long one hw repetition takes on the wall clock, planned before the run
 * (`run --runner hw` prints the total before it starts, and its ETA follows
 * the plan scaled by the pace so far). Parts:
 *
 * - the load itself: httperf's schedule (./httperf.ts planHttperf: warm-up —
 *   for the persistent workload at least the ramp C/R — + window + tail);
 * - opening the idle connections (./idleconn.ts: paced bursts of 100). A
 *   server that accepts one connection per call and scans every descriptor
 *   in each call (select, poll) pays a quadratic cost: measured ≈ 16 s for
 *   10 000 with select or poll, ≈ 2–3 s with epoll or rtsig, on the 2-vCPU
 *   VM of docs/design.md;
 * - a fixed cost: starting and stopping the server and the clients, httperf
 *   waiting for its last replies, reading the counters.
 *
 * A session (../point/run-point.ts) keeps one server and its idle
 * connections up for several points: set-up and start/stop are paid once
 * per session, each point adds its load and the drain after it.
 */
import type { PointSpec } from "../../results/types.js";
import { planHttperf } from "./load/httperf.js";

/**
 * Start, stop and end-of-run waits of one repetition: measured 0.1–0.3 s,
 * up to a client timeout more when the server is overloaded.
 */
export const FIXED_S = 0.7;

/** Idle-connection set-up per connection, for servers that accept many per call (s). */
const SETUP_S_PER_CONNECTION = 2.5e-4;

/** io_uring re-arms a one-shot poll per accept: measured 4.7 s for 10 000. */
const LINEAR_SETUP_S: Partial<Record<PointSpec["mechanism"], number>> = { io_uring: 4.7e-4 };

/**
 * Quadratic set-up term (s per connection²) of the servers that accept one
 * connection per call and scan every descriptor in each call: measured
 * 14–17 s (select) and 16 s (poll) for 10 000.
 */
const SCAN_SETUP_S: Partial<Record<PointSpec["mechanism"], number>> = {
  select: 1.6e-7,
  poll: 1.6e-7,
};

export function idleSetupSeconds(spec: PointSpec): number {
  if (spec.idle <= 0) return 0;
  const linear = LINEAR_SETUP_S[spec.mechanism] ?? SETUP_S_PER_CONNECTION;
  const quadratic = SCAN_SETUP_S[spec.mechanism] ?? 0;
  return linear * spec.idle + quadratic * spec.idle * spec.idle;
}

/** After each point of a session: httperf's last replies, the counters, the server back to its idle connections (measured 0.1–0.5 s). */
export const PER_POINT_S = 0.4;

/** Planned wall seconds of one point's load on a running server. */
export function plannedLoadSeconds(spec: PointSpec): number {
  const load = planHttperf(spec, { port: 0, warmupS: spec.warmup_s, durationS: spec.duration_s });
  return (load.stopAtS ?? load.runS) + PER_POINT_S;
}

/** Planned wall seconds of one repetition of `spec` measured alone (a session of one point). */
export function plannedSeconds(spec: PointSpec): number {
  return plannedSessionSeconds([spec]);
}

/** Planned wall seconds a session spends once, whatever its points: the server's start and stop, the idle set-up. */
export function plannedSetUpSeconds(spec: PointSpec): number {
  return idleSetupSeconds(spec) + FIXED_S;
}

/** Planned wall seconds of a session: one server and idle set-up, then each point's load. */
export function plannedSessionSeconds(specs: readonly PointSpec[]): number {
  const first = specs[0];
  if (first === undefined) return 0;
  return plannedSetUpSeconds(first) + specs.reduce((s, spec) => s + plannedLoadSeconds(spec), 0);
}

/** "12 min 30 s", "45 s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(s % 60).padStart(2, "0")} s`;
}
