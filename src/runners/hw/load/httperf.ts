/**
 * httperf: the workload → command-line mapping and a parser of its report.
 *
 * Mapping (written out for users in ./MAPPING.md):
 *
 * - `persistent` (§3.1.1: "each httperf was used to establish a set of
 *   persistent connections, each of which generated periodic requests"):
 *   C connections at total rate R, so each connection sends every T = C/R s.
 *   One httperf session per connection: `--wsess=N,M,T` (N sessions of M
 *   calls, T s think time between calls, HTTP/1.1 keep-alive so one
 *   connection per session) created at `--rate=N/T` sessions/s, so the N
 *   connections start spread evenly over T and their requests interleave into
 *   a steady R req/s after a ramp of T seconds. The warm-up is therefore at
 *   least T, and M is chosen so that no session ends before the measurement
 *   window does. Since total requests = C·M and the run lasts ≈ M·T, httperf's
 *   whole-run request and reply rates equal the steady-state rates (ramp up
 *   and ramp down cancel).
 * - `idle-burst` (§4: idle connections plus "httperf clients generating
 *   requests at high rates", one new connection per request): the idle
 *   connections come from idleconn (./idleconn.ts); httperf opens
 *   `--num-conns=R·t` connections at `--rate=R`, one `--num-calls=1` request
 *   each, `--http-version=1.0` so the server replies and closes at once (its
 *   reply and FIN go together and the client keeps no TIME_WAIT socket —
 *   docs/design.md, pitfall 1, which also rules out `--hog`).
 * - Both: `--timeout` is the point's client_timeout_s; `--client=i/n` names
 *   the shard; each shard gets an equal share of connections and rate and is
 *   sized so that it never needs more than ~900 descriptors (httperf is
 *   select()-based and capped at FD_SETSIZE = 1024).
 */
import type { PointSpec } from "../../../results/types.js";

/** Descriptors one httperf process may use for connections (FD_SETSIZE 1024 minus headroom). */
export const HTTPERF_MAX_FDS = 900;

/** Load keeps running this long after the measurement window closes, so the window is fully loaded. */
export const LOAD_TAIL_S = 0.5;

export interface HttperfShard {
  index: number;
  /** httperf's arguments (without the program name). */
  args: string[];
  /** Connections this shard opens (sessions for persistent). */
  connections: number;
  /** Requests this shard is scheduled to send. */
  plannedRequests: number;
}

export interface HttperfPlan {
  shards: HttperfShard[];
  /** Warm-up actually used: the persistent workload needs at least T = C/R to ramp up. */
  warmupS: number;
  /** Scheduled length of the load, from httperf's start. */
  runS: number;
  /**
   * When to stop httperf with SIGINT (it then prints its report as usual),
   * from its start; undefined: let it finish its schedule. Persistent: once
   * the window and its tail are over — the sessions would go on for up to
   * another period C/R, which measures nothing.
   */
  stopAtS?: number;
}

export interface HttperfPlanOptions {
  /** The server's address (default 127.0.0.1; the veth address under --link). */
  host?: string;
  port: number;
  warmupS: number;
  durationS: number;
  tailS?: number;
  maxFdsPerProcess?: number;
}

/** Splits `total` into `parts` integers differing by at most one. */
export function splitEvenly(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < total % parts ? 1 : 0));
}

function fmt(x: number): string {
  return String(Number(x.toFixed(6)));
}

export function planHttperf(spec: PointSpec, o: HttperfPlanOptions): HttperfPlan {
  const tailS = o.tailS ?? LOAD_TAIL_S;
  const maxFds = o.maxFdsPerProcess ?? HTTPERF_MAX_FDS;
  if (!(spec.rate > 0)) throw new RangeError(`rate must be positive (got ${spec.rate})`);
  const common = [
    `--server=${o.host ?? "127.0.0.1"}`,
    `--port=${o.port}`,
    "--uri=/",
    `--timeout=${fmt(spec.client_timeout_s)}`,
  ];
  if (spec.workload === "persistent") {
    const c = spec.connections;
    if (!(c >= 1)) throw new RangeError("the persistent workload needs connections ≥ 1");
    const thinkS = c / spec.rate;
    const warmupS = Math.max(o.warmupS, thinkS);
    const loadS = warmupS + o.durationS + tailS;
    // Calls at s_i + k·T (k = 0…M−1): session 0 stops at (M−1)·T ≥ loadS.
    const calls = Math.ceil(loadS / thinkS) + 1;
    const n = Math.ceil(c / maxFds);
    const shards = splitEvenly(c, n).map((sessions, i) => ({
      index: i,
      connections: sessions,
      plannedRequests: sessions * calls,
      args: [
        ...common,
        `--client=${i}/${n}`,
        `--wsess=${sessions},${calls},${fmt(thinkS)}`,
        `--rate=${fmt(sessions / thinkS)}`,
      ],
    }));
    // Requests flow at R from the start (session i sends its first call when
    // it opens, at i·T/N), so the report's rates up to the stop are the
    // steady rates; only the number of open connections ramps up over T.
    return { shards, warmupS, runS: calls * thinkS, stopAtS: loadS };
  }
  // idle-burst: each connection lives at most client_timeout_s, so a shard at
  // rate r holds at most r·timeout descriptors.
  const warmupS = o.warmupS;
  const loadS = warmupS + o.durationS + tailS;
  const n = Math.max(1, Math.ceil((spec.rate * spec.client_timeout_s) / maxFds));
  const shardRate = spec.rate / n;
  const conns = Math.ceil(shardRate * loadS);
  const shards = Array.from({ length: n }, (_, i) => ({
    index: i,
    connections: conns,
    plannedRequests: conns,
    args: [
      ...common,
      `--client=${i}/${n}`,
      "--http-version=1.0",
      `--rate=${fmt(shardRate)}`,
      `--num-conns=${conns}`,
      "--num-calls=1",
    ],
  }));
  return { shards, warmupS, runS: conns / shardRate };
}

// ---- the report --------------------------------------------------------------

export interface HttperfErrors {
  total: number;
  clientTimo: number;
  socketTimo: number;
  connRefused: number;
  connReset: number;
  fdUnavail: number;
  addrUnavail: number;
  ftabFull: number;
  other: number;
}

const NO_ERRORS: HttperfErrors = {
  total: 0,
  clientTimo: 0,
  socketTimo: 0,
  connRefused: 0,
  connReset: 0,
  fdUnavail: 0,
  addrUnavail: 0,
  ftabFull: 0,
  other: 0,
};

export interface HttperfReport {
  connections: number;
  requests: number;
  replies: number;
  testDurationS: number;
  /** connections / test-duration. */
  connectionRate: number;
  /** requests / test-duration. */
  requestRate: number;
  /** httperf's 5-s reply-rate samples; samples = 0 on runs shorter than 5 s. */
  replyRateSamples: { min: number; avg: number; max: number; stddev: number; samples: number };
  /** replies / test-duration: defined for runs of any length (the samples are not). */
  replyRate: number;
  /** Mean time from sending a request to the first byte of its reply. */
  responseMs: number;
  /** Mean time to receive the rest of a reply. */
  transferMs: number;
  errors: HttperfErrors;
}

export class HttperfParseError extends Error {}

/**
 * The numbers of the report line matching `shape`, where `#` stands for a
 * number and everything else is literal text at the start of a line.
 */
function numbersOf(text: string, shape: string): number[] {
  const literal = (t: string) => t.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const pattern = shape.split("#").map(literal).join("([-\\d.]+)");
  const m = new RegExp(`^${pattern}`, "m").exec(text);
  if (!m) throw new HttperfParseError(`httperf output has no '${shape.replaceAll("#", "…")}' line`);
  return m.slice(1).map(Number);
}

/** Parses httperf 0.9.0's end-of-run report (stdout; stderr warnings may be mixed in). */
export function parseHttperfOutput(text: string): HttperfReport {
  const [connections, requests, replies, testDurationS] = numbersOf(
    text,
    "Total: connections # requests # replies # test-duration # s",
  ) as [number, number, number, number];
  const [connectionRate] = numbersOf(text, "Connection rate: # conn/s") as [number];
  const [requestRate] = numbersOf(text, "Request rate: # req/s") as [number];
  const [min, avg, max, stddev, samples] = numbersOf(
    text,
    "Reply rate [replies/s]: min # avg # max # stddev # (# samples)",
  ) as [number, number, number, number, number];
  const [responseMs, transferMs] = numbersOf(text, "Reply time [ms]: response # transfer #") as [
    number,
    number,
  ];
  const [total, clientTimo, socketTimo, connRefused, connReset] = numbersOf(
    text,
    "Errors: total # client-timo # socket-timo # connrefused # connreset #",
  ) as [number, number, number, number, number];
  const [fdUnavail, addrUnavail, ftabFull, other] = numbersOf(
    text,
    "Errors: fd-unavail # addrunavail # ftab-full # other #",
  ) as [number, number, number, number];
  return {
    connections,
    requests,
    replies,
    testDurationS,
    connectionRate,
    requestRate,
    replyRateSamples: { min, avg, max, stddev, samples },
    replyRate: testDurationS > 0 ? replies / testDurationS : 0,
    responseMs,
    transferMs,
    errors: {
      total,
      clientTimo,
      socketTimo,
      connRefused,
      connReset,
      fdUnavail,
      addrUnavail,
      ftabFull,
      other,
    },
  };
}

/** The shards' reports as one client: counts and rates summed, times weighted by replies. */
export function combineReports(reports: readonly HttperfReport[]): HttperfReport {
  const sum = (f: (r: HttperfReport) => number) => reports.reduce((s, r) => s + f(r), 0);
  const replies = sum((r) => r.replies);
  const weighted = (f: (r: HttperfReport) => number) =>
    replies > 0 ? sum((r) => f(r) * r.replies) / replies : 0;
  const errors = { ...NO_ERRORS };
  for (const k of Object.keys(NO_ERRORS) as (keyof HttperfErrors)[]) {
    errors[k] = sum((r) => r.errors[k]);
  }
  return {
    connections: sum((r) => r.connections),
    requests: sum((r) => r.requests),
    replies,
    testDurationS: Math.max(0, ...reports.map((r) => r.testDurationS)),
    connectionRate: sum((r) => r.connectionRate),
    requestRate: sum((r) => r.requestRate),
    replyRateSamples: {
      min: sum((r) => r.replyRateSamples.min),
      avg: sum((r) => r.replyRateSamples.avg),
      max: sum((r) => r.replyRateSamples.max),
      stddev: Math.sqrt(sum((r) => r.replyRateSamples.stddev ** 2)),
      samples: Math.min(...reports.map((r) => r.replyRateSamples.samples)),
    },
    replyRate: sum((r) => r.replyRate),
    responseMs: weighted((r) => r.responseMs),
    transferMs: weighted((r) => r.transferMs),
    errors,
  };
}
