/**
 * Where each process runs: the server alone on one CPU, every load generator
 * (httperf, idleconn) on the others. The paper's server had a uniprocessor to
 * itself and its clients ran on ten other machines (§3.1.1); pinning keeps the
 * clients' busy-polling (docs/design.md, pitfall 3) off the measured CPU.
 */
import { readFileSync } from "node:fs";

export class CpuPlacementError extends Error {}

/** Parses a Linux CPU list such as `0-3,6,8-9`. */
export function parseCpuList(text: string): number[] {
  const cpus: number[] = [];
  for (const part of text.trim().split(",")) {
    if (part === "") continue;
    const [lo, hi] = part.split("-").map(Number);
    if (lo === undefined || !Number.isInteger(lo)) throw new Error(`bad CPU list '${text}'`);
    const end = hi ?? lo;
    for (let c = lo; c <= end; c++) cpus.push(c);
  }
  return cpus;
}

/** CPUs this process may run on (cgroup cpusets and the caller's own affinity included). */
export function allowedCpus(): number[] {
  const status = readFileSync("/proc/self/status", "utf8");
  const m = /^Cpus_allowed_list:\s*(.+)$/m.exec(status);
  if (!m) throw new CpuPlacementError("no Cpus_allowed_list in /proc/self/status");
  return parseCpuList(m[1]!);
}

export interface CpuPlacement {
  /** The CPU the server is pinned to and whose busy share is cpu_pct. */
  serverCpu: number;
  /** The CPUs the load generators share, as a taskset list. */
  loadCpus: number[];
}

export function placeCpus(serverCpu = 0, allowed = allowedCpus()): CpuPlacement {
  if (!allowed.includes(serverCpu)) {
    throw new CpuPlacementError(
      `cannot pin the server to CPU ${serverCpu}: allowed CPUs are ${allowed.join(",")}`,
    );
  }
  const loadCpus = allowed.filter((c) => c !== serverCpu);
  if (loadCpus.length === 0) {
    throw new CpuPlacementError(
      `the hw runner needs at least 2 CPUs (server on CPU ${serverCpu}, load on the others); this process may use only ${allowed.join(",")}`,
    );
  }
  return { serverCpu, loadCpus };
}

/** `taskset -c LIST` prefix for a command line. */
export function tasksetPrefix(cpus: readonly number[]): string[] {
  return ["taskset", "-c", cpus.join(",")];
}
