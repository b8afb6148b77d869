/**
 * A modern cost profile's constants from the calibration's raw measurements
 * alone (docs/cross-validation.md, "Calibration"). Deterministic: the same raw
 * numbers give the same constants, so a test derives the committed profile
 * again from the raw numbers it keeps.
 *
 * Three kinds of constant:
 * - measured directly: each system call's cost from dispatch-microbench
 *   (epoll, io_uring, signals, fcntl, the null system call, a context switch,
 *   the loopback latency), CPU 0's background share, this machine's limits;
 * - fitted, three numbers in all, to three server points no figure uses:
 *   the per-request path (accept, read, parse, write, close) and CPU 0's
 *   background while the load runs, together, so that the model's epoll
 *   server with no idle connections at 5000 req/s and its select() server
 *   with none at 200 req/s load CPU 0 as the measured ones do; and one scale
 *   on select()'s per-descriptor costs, so that the model's select() server
 *   at 200 req/s costs what the measured one does per idle descriptor (the
 *   least-squares slope over 0, 1000 and 4000 idle connections);
 * - the machine's shape, stated with its source: loopback has no wire, and
 *   a received packet's protocol work runs on the sending CPU.
 */
import type { CostProfile } from "../runners/sim/costs/profile.js";
import { simulateWithCosts } from "../runners/sim/run-point.js";
import { type CalibrationRaw, type CalibrationServerPoint, calibrationPointSpec } from "./raw.js";

export type ProfileConstants = Omit<CostProfile, "id" | "description" | "sources">;

export interface DerivedProfile {
  constants: ProfileConstants;
  sources: Record<string, string>;
  /** What the fit reached and the checks it does not fit (model vs measured, µs per reply). */
  fit: Record<string, number>;
}

export class DeriveError extends Error {
  override readonly name = "DeriveError";
}

/**
 * The per-request path's split over accept/read/parse/write/close: only its
 * sum is measured; the split is the paper-era profile's estimate
 * (costs/piii-400-linux-2.4.ts: 33, 12, 19, 47, 24 µs) and decides only
 * where in a request the time goes, not how much.
 */
const REQUEST_PATH_SPLIT = { acceptUs: 33, readUs: 12, httpParseUs: 19, writeUs: 47, closeUs: 24 };
const SPLIT_SUM = Object.values(REQUEST_PATH_SPLIT).reduce((a, b) => a + b, 0);

/** Fixed-point iterations of each fit: the model's dynamics move a little with the constants. */
const FIT_ROUNDS = 3;

/** Constants are kept to 4 decimals (0.1 ns): enough for every term, stable in JSON. */
function r4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

function leastSquaresSlope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * ((ys[i] as number) - my);
    sxx += (x - mx) ** 2;
  });
  return sxy / sxx;
}

function slope(pair: [number, number], sizes: [number, number]): number {
  return (pair[1] - pair[0]) / (sizes[1] - sizes[0]);
}

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 === 1
    ? (v[mid] as number)
    : ((v[mid - 1] as number) + (v[mid] as number)) / 2;
}

/** The idle counts measured for a role, ascending. */
function idleCountsOf(raw: CalibrationRaw, role: CalibrationServerPoint["role"]): number[] {
  return [...new Set(raw.server_points.filter((q) => q.role === role).map((q) => q.idle))].sort(
    (a, b) => a - b,
  );
}

/** A point's repetitions as one: the median of each measured number. */
function point(
  raw: CalibrationRaw,
  role: CalibrationServerPoint["role"],
  idle?: number,
): CalibrationServerPoint {
  const reps = raw.server_points.filter(
    (q) => q.role === role && (idle === undefined || q.idle === idle),
  );
  const first = reps[0];
  if (first === undefined) throw new DeriveError(`the raw measurements have no '${role}' point`);
  const p = {
    ...first,
    repetition: 0,
    reply_rate: median(reps.map((q) => q.reply_rate)),
    cpu_pct: median(reps.map((q) => q.cpu_pct)),
  };
  if (!(p.reply_rate > 0)) throw new DeriveError(`the '${role}' point served no replies`);
  return p;
}

/** CPU 0 per reply (µs) of a measured point, its background taken out. */
function measuredUsPerReply(raw: CalibrationRaw, p: CalibrationServerPoint): number {
  return ((p.cpu_pct - raw.background.cpu_pct) * 1e4) / p.reply_rate;
}

/** The model's CPU per reply (µs) at a calibration point, background excluded. */
function modelUsPerReply(constants: ProfileConstants, p: CalibrationServerPoint): number {
  const profile: CostProfile = { ...constants, id: "calibrating", description: "", sources: {} };
  const m = simulateWithCosts([calibrationPointSpec(p, 1)], profile).metrics[0];
  const replies = m?.reply_rate ?? null;
  if (m === undefined || m.cpu_pct === null || replies === null || !(replies > 0)) {
    throw new DeriveError(`the model served nothing at the ${p.role} point`);
  }
  return ((m.cpu_pct - constants.backgroundCpuPct) * 1e4) / replies;
}

/** Constants that are fitted as a group: the group's split, each times one scale (kept to 4 decimals). */
type Split = Partial<Record<keyof ProfileConstants, number>>;

function withScaled(c: ProfileConstants, split: Split, scale: number): ProfileConstants {
  const scaled = Object.fromEntries(
    Object.entries(split).map(([key, value]) => [key, r4((value as number) * scale)]),
  );
  return { ...c, ...scaled };
}

/** The per-request path of `total` µs, split as REQUEST_PATH_SPLIT. */
function withRequestPath(c: ProfileConstants, total: number): ProfileConstants {
  return withScaled(c, REQUEST_PATH_SPLIT, total / SPLIT_SUM);
}

export function deriveProfile(raw: CalibrationRaw): DerivedProfile {
  const m = raw.microbench;
  const sizes = m.idle;
  const fit: Record<string, number> = {};

  // select()/poll() per descriptor, as the microbenchmark splits it: a scan without waiters is
  // bitmap + f_op->poll; a blocking call is bitmap + 2 f_op->poll + a waiter (the model's
  // select.ts charges exactly these); poll()'s array is its scan beyond f_op->poll.
  const bitmap = Math.max(0, slope(m.select_empty_us, sizes));
  const fopPoll = slope(m.select_scan_us, sizes) - bitmap;
  const pollWait = slope(m.select_block_us, sizes) - bitmap - 2 * fopPoll;
  const pollfd = Math.max(0, slope(m.poll_scan_us, sizes) - fopPoll);
  if (!(fopPoll > 0) || !(pollWait > 0)) {
    throw new DeriveError(
      `select()'s microbenchmark slopes give no positive per-descriptor cost (f_op->poll ${fopPoll.toFixed(4)}, waiter ${pollWait.toFixed(4)} µs)`,
    );
  }
  const perDescriptor: Split = {
    fopPollUs: fopPoll,
    pollWaitUs: pollWait,
    selectBitmapPerFdUs: bitmap,
    pollfdPerFdUs: pollfd,
  };

  const uringOp =
    m.io_uring_enter_one_poll_us !== null && m.io_uring_enter_16_polls_us !== null
      ? (m.io_uring_enter_16_polls_us - m.io_uring_enter_one_poll_us) / 15
      : null;
  const [portLow, portHigh] = raw.machine.local_port_range;

  let c: ProfileConstants = {
    // Loopback: no wire. A link of 10^12 bit/s stands for none (serialization ~0); the
    // transmit queue never fills (loopback_xmit hands each packet straight to the receiver,
    // drivers/net/loopback.c). Its MTU is 64 KiB, so a reply up to ~64 KB is one segment.
    linkBitsPerSecond: 1e12,
    frameOverheadBytes: 52,
    mssBytes: 65_483,
    oneWayLatencyUs: r4(m.loopback_round_trip_cross_cpu_us / 2),
    requestBytes: 70,
    synRetryUs: 1_000_000,
    txQueueBytes: 1e9,
    retransmitTimeoutUs: 200_000,
    clientMachines: 1,
    clientPortsPerMachine: portHigh - portLow + 1,
    clientTimeWaitUs: 0,
    clientRequestDelayUs: 20,
    // A received packet's protocol work runs on the CPU that sent it (loopback_xmit →
    // __netif_rx → the sending CPU's backlog): the clients' packets cost the clients' CPU,
    // and the clients' receive of the server's packets is in the server's send calls.
    rxSynUs: 0,
    rxHandshakeAckUs: 0,
    rxDataUs: 0,
    rxAckUs: 0,
    rxFinUs: 0,
    listenBacklog: raw.machine.server_backlog,
    syscallUs: r4(m.null_syscall_us),
    contextSwitchUs: r4(
      Math.max(0, (m.pipe_round_trip_same_cpu_us - 2 * m.pipe_write_read_us) / 2),
    ),
    idleWakeUs: r4(
      Math.max(
        0,
        m.idle_wake_busy_us -
          Math.max(0, (m.pipe_round_trip_same_cpu_us - 2 * m.pipe_write_read_us) / 2) -
          m.null_syscall_us,
      ),
    ),
    acceptUs: 0,
    readUs: 0,
    httpParseUs: 0,
    writeUs: 0,
    writePerExtraSegmentUs: r4(m.loopback_byte_us),
    closeUs: 0,
    fopPollUs: 0,
    pollWaitUs: 0,
    selectBitmapPerFdUs: 0,
    pollfdPerFdUs: 0,
    // /dev/poll was a 2.4 patch: not on today's kernels; its constants are unused here.
    devpollWalkPerEntryUs: 0,
    devpollUpdateUs: 0,
    sigwaitinfoUs: r4(m.sigwaitinfo_us),
    fcntlUs: r4(m.fcntl_us),
    // send_sigio runs in the receive path: on the clients' CPU (see rx above).
    sigQueueUs: 0,
    sigFlushPerSignalUs: r4(Math.max(0, m.sigwaitinfo_us - m.null_syscall_us)),
    rtsigQueueMax: raw.machine.rlimit_sigpending,
    epollWaitUs: r4(m.epoll_wait_empty_us),
    epollEventUs: r4(Math.max(0, m.epoll_wait_one_ready_us - m.epoll_wait_empty_us)),
    epollCtlAddUs: r4(m.epoll_ctl_add_us),
    epollRemoveUs: r4(Math.max(0, m.epoll_ctl_del_us - m.null_syscall_us)),
    ...(uringOp === null || m.io_uring_enter_one_poll_us === null
      ? {}
      : {
          uringEnterUs: r4(Math.max(0, m.io_uring_enter_one_poll_us - uringOp)),
          uringPollOpUs: r4(uringOp),
        }),
    backgroundCpuPct: 0,
    serverClosesAfterReply: true,
  };

  // Fit 1: the per-request path P and CPU 0's background B together, from the two points
  // with no idle connections: CPU 0 = B + rate × (P + the mechanism's measured costs). The
  // epoll point at 5000 req/s sets P given B, the select() point at 200 req/s sets B given
  // P (at a low rate the background is most of CPU 0); each moves the other, so a few
  // alternating rounds.
  const requestPoint = point(raw, "request-path");
  const base = point(raw, "select-base");
  c = withScaled(c, perDescriptor, 1);
  let path = 0;
  let background = raw.background.cpu_pct;
  for (let round = 0; round < FIT_ROUNDS; round++) {
    const measuredRequest = ((requestPoint.cpu_pct - background) * 1e4) / requestPoint.reply_rate;
    path = measuredRequest;
    for (let i = 0; i < FIT_ROUNDS; i++) {
      c = withRequestPath({ ...c, backgroundCpuPct: r4(background) }, path);
      path = measuredRequest - (modelUsPerReply(c, requestPoint) - path);
    }
    c = withRequestPath({ ...c, backgroundCpuPct: r4(background) }, path);
    const baseWork = (modelUsPerReply(c, base) * base.reply_rate) / 1e4;
    background = Math.max(0, base.cpu_pct - baseWork);
  }
  if (!(path > 0)) {
    throw new DeriveError(
      `the epoll point's CPU 0 (${requestPoint.cpu_pct.toFixed(1)} %) leaves no per-request path`,
    );
  }
  c = withRequestPath({ ...c, backgroundCpuPct: r4(background) }, path);
  fit.request_path_us = r4(path);
  fit.background_cpu_pct = r4(background);
  fit.background_cpu_pct_unloaded = r4(raw.background.cpu_pct);

  // Fit 2: one scale on select()'s per-descriptor costs: the least-squares slope of CPU 0
  // per reply over idle counts 0…4000 at one rate, model against measured.
  const selectPoints = [
    base,
    ...idleCountsOf(raw, "select-idle").map((n) => point(raw, "select-idle", n)),
  ];
  if (selectPoints.length < 2)
    throw new DeriveError("select()'s slope needs a point with idle connections");
  const measuredSlope = leastSquaresSlope(
    selectPoints.map((p) => p.idle),
    selectPoints.map((p) => measuredUsPerReply(raw, p)),
  );
  const modelSlope = (k: number) => {
    const ck = withScaled(c, perDescriptor, k);
    return leastSquaresSlope(
      selectPoints.map((p) => p.idle),
      selectPoints.map((p) => modelUsPerReply(ck, p)),
    );
  };
  let k = 1;
  for (let i = 0; i < FIT_ROUNDS; i++) k *= measuredSlope / modelSlope(k);
  k = r4(k);
  if (!(k > 0)) throw new DeriveError(`select()'s per-descriptor scale came out ${k}`);
  c = withScaled(c, perDescriptor, k);
  fit.select_scale = k;
  fit.select_us_per_idle_per_reply_measured = r4(measuredSlope);
  fit.select_us_per_idle_per_reply_model = r4(modelSlope(k));
  // The points as the final constants model them (CPU 0, %), against the measurements.
  for (const p of [requestPoint, ...selectPoints]) {
    const name = p.role === "select-idle" ? `select-idle-${p.idle}` : p.role;
    fit[`${name}_cpu_pct_measured`] = r4(p.cpu_pct);
    fit[`${name}_cpu_pct_model`] = r4(
      c.backgroundCpuPct + (modelUsPerReply(c, p) * p.reply_rate) / 1e4,
    );
  }

  return { constants: c, sources: SOURCES, fit };
}

/** Where each constant (or group) comes from, kept in the profile file. */
export const SOURCES: Record<string, string> = {
  wire: "loopback: no wire (link 1e12 bit/s stands for none; transmit queue never full: loopback_xmit delivers at once, drivers/net/loopback.c); MSS of the 64 KiB loopback MTU",
  oneWayLatencyUs:
    "measured: half of dispatch-microbench's one-byte TCP round trip to a process on the clients' CPU",
  clients:
    "one client CPU (the hw runner pins every load generator there); ports: net.ipv4.ip_local_port_range; no client TIME_WAIT: the server closes first (core.c conn_flush); SYN retry 1 s (RFC 6298 initial RTO), RTO floor 200 ms (TCP_RTO_MIN)",
  clientRequestDelayUs:
    "estimate, not fitted: httperf writes the request in the event-loop pass that sees the connection complete (tens of µs on a modern CPU)",
  rx: "0 on the server's CPU: a received packet's protocol work runs on the sending CPU (loopback_xmit → __netif_rx → that CPU's backlog); the clients' receive of the server's packets is inside the server's send calls, so inside the per-request path",
  requestPath:
    "FITTED (1 of 3): accept+read+parse+write+close so that the model's epoll server with no idle connections costs the measured CPU 0 per reply at 5000 req/s; the split over the five is the paper-era profile's estimate (33:12:19:47:24)",
  backgroundCpuPct:
    "FITTED (2 of 3), with the per-request path: CPU 0's busy share besides the server's requests while the load runs (timer ticks of a CPU kept awake, other work), so that the model's select() server with no idle connections loads CPU 0 as the measured one does at 200 req/s; added to cpu_pct. The unloaded share (5 s with nothing running) is kept beside it in the fit",
  idleWakeUs:
    "measured: dispatch-microbench's CPU busy time per wake-up of the idle CPU (sleeping 250 µs at a time for 4 s, from /proc/stat) less the context switch and the sleep call",
  selectPerDescriptor:
    "FITTED (3 of 3): one scale on the microbenchmark's split (empty-set slope = bitmaps; zero-timeout scan slope − bitmaps = f_op->poll; 1-µs-timeout slope − bitmaps − 2 f_op->poll = waiter) so that the model's select() server at 200 req/s costs the measured CPU 0 per idle descriptor (least-squares slope over 0, 1000 and 4000 idle); poll's pollfd array: its zero-timeout scan slope − f_op->poll (≥ 0), same scale",
  syscalls:
    "measured (dispatch-microbench, median of 7 batches, pinned to the server's CPU): null syscall (getppid), context switch ((pipe round trip on one CPU − 2 pipe write+read) / 2), sigwaitinfo (draining a queue of 1000), fcntl(F_SETSIG), epoll_wait empty and with one ready item, epoll_ctl ADD, removal at close (DEL − null syscall), io_uring_enter with 1 and 16 one-shot polls (per poll: the difference / 15)",
  sigQueueUs: "0 on the server's CPU: send_sigio runs in the receive path, on the sending CPU",
  rtsigQueueMax:
    "RLIMIT_SIGPENDING of this machine (ulimit -i); a point's queue_limit overrides it",
  writePerExtraSegmentUs:
    "measured: one byte through a loopback TCP connection, both ends on one CPU (used only past one 64 KB segment)",
  listenBacklog: "the hw server's --backlog default (options.c)",
  devpoll: "no /dev/poll on today's kernels: unused",
  serverClosesAfterReply:
    "the hw server replies with MSG_MORE and closes at once (core.c conn_flush): no third event per request",
};
