/**
 * What `dispatch-repro calibrate` measures (docs/cross-validation.md): the
 * system-call timings of dispatch-microbench and four server points, kept
 * raw in the profile file so the constants can be derived from them again.
 */
import type { PointSpec } from "../results/types.js";

/** Warm-up before each server point's window (seconds). */
export const CALIBRATION_WARMUP_S = 1;

/**
 * A calibration point as a point spec — measured so on hardware, simulated
 * so by the derivation: new connections with 1-byte replies, no persistent
 * ones, 1 s of warm-up and its window.
 */
export function calibrationPointSpec(
  p: Pick<CalibrationServerPoint, "mechanism" | "idle" | "offered_rate" | "window_s">,
  seed: number,
): PointSpec {
  return {
    workload: "idle-burst",
    mechanism: p.mechanism,
    connections: 0,
    idle: p.idle,
    rate: p.offered_rate,
    reply_bytes: 1,
    duration_s: p.window_s,
    warmup_s: CALIBRATION_WARMUP_S,
    client_timeout_s: 1,
    seed,
  };
}

/** dispatch-microbench's output (src/runners/hw/server/microbench.c), µs. */
export interface MicrobenchNumbers {
  cpu: number;
  peer_cpu: number;
  /** The two idle-set sizes of the per-descriptor slopes. */
  idle: [number, number];
  null_syscall_us: number;
  /** select()/poll() over the two set sizes: zero timeout (no waiters), 1-µs timeout (waiters, second pass), empty set. */
  select_scan_us: [number, number];
  select_block_us: [number, number];
  select_empty_us: [number, number];
  poll_scan_us: [number, number];
  poll_block_us: [number, number];
  epoll_ctl_add_us: number;
  epoll_ctl_del_us: number;
  epoll_wait_empty_us: number;
  epoll_wait_one_ready_us: number;
  sigqueue_us: number;
  sigwaitinfo_us: number;
  sigqueue_sigwaitinfo_pair_us: number;
  fcntl_us: number;
  io_uring_enter_one_poll_us: number | null;
  io_uring_enter_16_polls_us: number | null;
  loopback_byte_us: number;
  loopback_round_trip_cross_cpu_us: number;
  pipe_round_trip_same_cpu_us: number;
  pipe_write_read_us: number;
  /** CPU busy time per wake-up from idle (timer-driven sleeps of 250 µs, /proc/stat). */
  idle_wake_busy_us: number;
}

/** One server point (idle-burst, 1-byte replies) as measured. */
export interface CalibrationServerPoint {
  /** What it calibrates: the per-request path (epoll, no idle), select's base and per-descriptor slope. */
  role: "request-path" | "select-base" | "select-idle";
  /** Which round of the three points this is (1, 2, 3). */
  repetition: number;
  mechanism: "epoll" | "select";
  idle: number;
  offered_rate: number;
  reply_rate: number;
  /** CPU 0 busy (%), the figures' cpu_pct. */
  cpu_pct: number;
  server_cpu_pct: number | null;
  dispatch_calls: number | null;
  events_per_dispatch: number | null;
  window_s: number;
  steal_pct: number | null;
  quiet: boolean;
}

/** What this machine says about itself. */
export interface MachineFacts {
  /** RLIMIT_SIGPENDING (Max pending signals): today's bound on queued RT signals. */
  rlimit_sigpending: number;
  /** net.ipv4.ip_local_port_range: the clients' ephemeral ports. */
  local_port_range: [number, number];
  /** The hw server's listen backlog (its --backlog default, options.c). */
  server_backlog: number;
}

export interface CalibrationRaw {
  microbench: MicrobenchNumbers;
  /** CPU 0's busy share (%) over a window with nothing running. */
  background: { cpu_pct: number; steal_pct: number; window_s: number };
  /** Every repetition of every point, in the order measured. */
  server_points: CalibrationServerPoint[];
  machine: MachineFacts;
}
