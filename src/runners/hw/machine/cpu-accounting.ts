/**
 * CPU accounting for a measurement window: per-CPU times from /proc/stat and
 * a process's own CPU time from /proc/PID/task/*\/schedstat and /proc/PID/stat.
 *
 * Why two measures (docs/design.md, pitfall 2): the paper counted
 * idle cycles in the kernel, i.e. whole-CPU busy time with interrupt and
 * softirq work included — /proc/stat's per-CPU idle counter is the closest
 * modern equivalent, so `cpu_pct` is 1 − idle/wall of the server's CPU. But
 * /proc/stat is tick-sampled and on a VM misses short bursts (0.76–1.15 of
 * wall time), so the server's own CPU time in nanoseconds (schedstat) is
 * reported beside it as the robust per-process value.
 */
import { readdirSync, readFileSync } from "node:fs";

/** USER_HZ: /proc/stat and /proc/PID/stat count in 1/100 s on every Linux ABI. */
export const USER_HZ = 100;

/** One CPU's cumulative times, in USER_HZ ticks (the fields of a /proc/stat `cpuN` line). */
export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
}

/** A /proc/stat snapshot: per-CPU times plus the monotonic time it was taken at. */
export interface CpuStatSnapshot {
  atMs: number;
  cpus: Map<number, CpuTimes>;
}

const CPU_FIELDS = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"] as const;

/** Parses the per-CPU lines (`cpu0 …`, `cpu1 …`) of /proc/stat text; the aggregate `cpu` line is skipped. */
export function parseProcStat(text: string): Map<number, CpuTimes> {
  const cpus = new Map<number, CpuTimes>();
  for (const line of text.split("\n")) {
    const m = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const values = m[2]!.trim().split(/\s+/).map(Number);
    const times = {} as CpuTimes;
    CPU_FIELDS.forEach((field, i) => {
      times[field] = values[i] ?? 0;
    });
    cpus.set(Number(m[1]), times);
  }
  return cpus;
}

export function readCpuStat(): CpuStatSnapshot {
  return { atMs: performance.now(), cpus: parseProcStat(readFileSync("/proc/stat", "utf8")) };
}

/** Busy share of one CPU between two snapshots. */
export interface CpuBusy {
  /**
   * 1 − (idle + steal)/wall (idle, iowait and steal ticks over wall-clock
   * time), clamped to [0, 1]: the paper's idle counter. Time the hypervisor
   * gave another guest (steal) is not the server's work.
   */
  busyShare: number;
  /** Busy ticks over all ticks counted in the window: the tick-sampled view, for comparison. */
  busyShareOfTicks: number;
  /** Steal ticks over wall-clock time: reported apart; too much makes a run invalid. */
  stealShare: number;
  wallS: number;
  idleS: number;
}

export function cpuBusy(before: CpuStatSnapshot, after: CpuStatSnapshot, cpu: number): CpuBusy {
  const a = before.cpus.get(cpu);
  const b = after.cpus.get(cpu);
  if (!a || !b) throw new Error(`/proc/stat has no line for cpu${cpu}`);
  const delta = (f: keyof CpuTimes) => b[f] - a[f];
  const idleTicks = delta("idle") + delta("iowait");
  const stealTicks = delta("steal");
  const allTicks = CPU_FIELDS.reduce((sum, f) => sum + delta(f), 0);
  const wallS = (after.atMs - before.atMs) / 1000;
  const idleS = idleTicks / USER_HZ;
  const stealS = stealTicks / USER_HZ;
  const busyShare = wallS > 0 ? Math.min(1, Math.max(0, 1 - (idleS + stealS) / wallS)) : 0;
  return {
    busyShare,
    busyShareOfTicks: allTicks > 0 ? (allTicks - idleTicks - stealTicks) / allTicks : 0,
    stealShare: wallS > 0 ? Math.min(1, stealS / wallS) : 0,
    wallS,
    idleS,
  };
}

/** A process's CPU time at one moment. */
export interface ProcessCpuSnapshot {
  atMs: number;
  /** Sum over the live threads of /proc/PID/task/TID/schedstat's first field (ns on CPU). */
  schedNs: number;
  /** utime + stime of /proc/PID/stat in ticks (includes threads that have exited). */
  utimeStimeTicks: number;
}

/** First field of a schedstat line: time spent on the CPU, in ns. */
export function parseSchedstat(text: string): number {
  const first = Number(text.trim().split(/\s+/)[0]);
  if (!Number.isFinite(first)) throw new Error(`unexpected schedstat text '${text.trim()}'`);
  return first;
}

/** utime + stime (fields 14 and 15) of /proc/PID/stat; the command name may contain spaces or parentheses. */
export function parseUtimeStime(statText: string): number {
  const rest = statText.slice(statText.lastIndexOf(")") + 2).split(" ");
  // rest[0] is field 3 (state), so field n is rest[n - 3].
  return Number(rest[11]) + Number(rest[12]);
}

/** Reads a live process's CPU time; throws if the process is gone. */
export function readProcessCpu(pid: number): ProcessCpuSnapshot {
  let schedNs = 0;
  // io_uring's io-wq workers are threads of the server process: sum every task.
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      schedNs += parseSchedstat(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8"));
    } catch {
      // The thread exited between readdir and read: its time is in utime+stime only.
    }
  }
  return {
    atMs: performance.now(),
    schedNs,
    utimeStimeTicks: parseUtimeStime(readFileSync(`/proc/${pid}/stat`, "utf8")),
  };
}

/** The process's CPU use over a window, as shares of one CPU. */
export interface ProcessCpuUse {
  /** Scheduler-accounted ns on CPU over wall time. */
  schedShare: number;
  /** (utime + stime) ticks over wall time (tick-sampled). */
  utimeStimeShare: number;
  cpuS: number;
  wallS: number;
}

export function processCpuUse(
  before: ProcessCpuSnapshot,
  after: ProcessCpuSnapshot,
): ProcessCpuUse {
  const wallS = (after.atMs - before.atMs) / 1000;
  const cpuS = (after.schedNs - before.schedNs) / 1e9;
  const tickS = (after.utimeStimeTicks - before.utimeStimeTicks) / USER_HZ;
  return {
    schedShare: wallS > 0 ? cpuS / wallS : 0,
    utimeStimeShare: wallS > 0 ? tickS / wallS : 0,
    cpuS,
    wallS,
  };
}
