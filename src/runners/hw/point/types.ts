/**
 * What one hardware run of one point takes and gives back: its options, the
 * measured extras beyond the shared metrics, the raw record of the run, and
 * the descriptors the server needs.
 */
import type { Metrics, PointSpec } from "../../../results/types.js";
import type { HttperfPlan, HttperfReport } from "../load/httperf.js";
import type { ChildRegistry } from "../machine/child-processes.js";
import type { CpuBusy, ProcessCpuUse } from "../machine/cpu-accounting.js";
import type { CpuPlacement } from "../machine/cpu-placement.js";
import type { Link, LinkRate } from "../machine/link-shaping.js";
import type { NofileLimit } from "../machine/nofile-limit.js";
import type { ServerLauncher } from "../server/server-launcher.js";
import type { ServerCounters } from "../server/server-process.js";
import type { LoadedTestbed } from "../testbed/testbed-file.js";

/** Where `make -C src/runners/hw/server` puts the server. */
export const DEFAULT_SERVER_BINARY = "src/runners/hw/server/dispatch-server";

export class HwPointError extends Error {}

export interface HwPointOptions {
  /** The C micro server; unused when `server` is given. */
  serverBinary: string;
  /** Run this server instead of the C micro server for spec.mechanism (e.g. nginx: ../server/nginx.ts). */
  server?: ServerLauncher;
  /** Server and clients in network namespaces of their own, joined by a veth pair shaped to this rate. */
  link?: LinkRate;
  /** The load from a testbed's client hosts over SSH, the server on its address (../testbed/testbed-file.ts). */
  testbed?: LoadedTestbed;
  /** Warm-up before the measurement window; defaults to spec.warmup_s (persistent: at least C/R). */
  warmupS?: number;
  /** Measurement window; defaults to spec.duration_s. */
  durationS?: number;
  /** Which repetition this is (recorded in raw; the caller aggregates). */
  repetition?: number;
  /** RT-signal queue limit for the rtsig server; overrides spec.queue_limit (the server's default: 1024, as Linux 2.4's rtsig-max). */
  queueLimit?: number;
  serverCpu?: number;
  graceMs?: number;
  /** Descriptors one httperf process may use (default 900, under FD_SETSIZE). */
  maxFdsPerClient?: number;
  httperfBinary?: string;
  idleconnBinary?: string;
  /** Progress lines (the CLI sends them to stderr). */
  log?: (line: string) => void;
  /** Supply one to watch the children (tests); it is stopped when the run ends. */
  registry?: ChildRegistry;
  /** How long to wait for another hw point on this machine to finish (default 15 min). */
  lockTimeoutMs?: number;
}

/** Values measured beyond the shared Metrics columns. */
export interface HwPointExtra {
  /** The server process's own CPU over the window (schedstat ns, all threads), % of one CPU. */
  server_cpu_pct: number;
  /** The same from utime+stime ticks. */
  server_utime_stime_pct: number;
  /** CPU 0 busy share from its tick counts (busy ticks / all ticks), for comparison with cpu_pct. */
  cpu_pct_ticks: number;
  /** CPU 0's steal in the window, % of wall time: reported apart, never counted as busy (> 5 %: the runner measures again). */
  steal_pct: number;
  /** Server CPU µs per reply in the window (schedstat). */
  server_cpu_us_per_reply: number | null;
  /** CPU 0 busy µs per reply in the window (cpu_pct basis). */
  cpu0_us_per_reply: number | null;
  /** The request rate the client offered, summed over shards (see offeredRequestRate). */
  achieved_request_rate: number;
}

export interface HwPointRaw {
  repetition: number;
  /** What ran as the server ("epoll server", "nginx 1.22.1"). */
  server: string;
  /** Where it listened: 127.0.0.1, or the veth address under --link. */
  address: string;
  port: number;
  serverPid: number;
  /** Every child's pid (for leak checks). */
  pids: number[];
  placement: CpuPlacement;
  nofile: { server: NofileLimit; clients: NofileLimit };
  warmupS: number;
  durationS: number;
  /** Which point of its session this was (0: the first on a fresh server), and how the server drained after it. */
  session: { pointInSession: number; drain: DrainResult };
  /** Where the load ran ("this machine", or each testbed client host) and how many processes each got. */
  hosts: { label: string; httperf: number; idleconn: number }[];
  window: { cpu0: CpuBusy; server: ProcessCpuUse };
  httperf: {
    plan: HttperfPlan;
    shards: { args: string[]; report: HttperfReport; exitedBeforeWindowEnd: boolean }[];
    combined: HttperfReport;
  };
  idle: { count: number; established: number; processes: number; setupS: number } | null;
  /** The server's counters over its whole life and over the measurement window; null for a server without them (nginx). */
  counters: ServerCounters | null;
  /** The shaped link (--link), with what its two tbf queues sent and dropped over the run. */
  link: {
    rate: LinkRate;
    serverNs: string;
    clientNs: string;
    stats: Awaited<ReturnType<Link["stats"]>> | null;
  } | null;
}

/** How the server's descriptors came back to its idle ones after a point of a session. */
export interface DrainResult {
  drained: boolean;
  descriptors: number;
  waitedS: number;
}

export interface HwPointResult {
  metrics: Metrics;
  valid: boolean;
  invalidReason?: string;
  /** Doubts about a valid point's numbers (e.g. other work on CPU 0), for the caller to show. */
  warnings: string[];
  extra: HwPointExtra;
  raw: HwPointRaw;
}

/** Descriptors the server may hold at once: idle + persistent connections + in-flight new ones. */
export function serverDescriptorsNeeded(spec: PointSpec): number {
  const persistent = spec.workload === "persistent" ? spec.connections : 0;
  const inFlight = Math.ceil(spec.rate * spec.client_timeout_s);
  return spec.idle + persistent + inFlight + 64;
}
