/**
 * Was the machine quiet during a hw repetition? The paper's server had its
 * CPU to itself; here CPU 0 is the server's only by convention, so any other
 * work that lands there (a build, a test run, another benchmark) both
 * inflates cpu_pct and steals time from the server, lowering its reply rate.
 * Such a run measures the machine, not the mechanism: it is rerun, and if
 * the machine stays busy it is kept as invalid rather than charted.
 *
 * The test: CPU 0's busy share beyond the server's own CPU time ("foreign"
 * work) over 10 points *and* larger than the server's own share. Kernel
 * network work for the server's packets is foreign by this measure too, but
 * on this machine it stays a few points (e.g. 14.7 % busy vs 12.1 % server at
 * 6000 replies/s with 6000 idle), far from both bounds.
 */
import type { HwCachedRepetition } from "../results/hw-point-cache.js";

/** Foreign CPU 0 work (percentage points) above which a run may be disturbed. */
export const FOREIGN_CPU_POINTS = 10;

/** Why a repetition was disturbed by other work on CPU 0, or null when it was quiet. */
export function notQuietReason(r: Pick<HwCachedRepetition, "metrics" | "hw">): string | null {
  const cpu = r.metrics.cpu_pct;
  const server = r.hw.server_cpu_pct;
  if (cpu === null || cpu === undefined || server === null || server === undefined) return null;
  const foreign = cpu - server;
  if (foreign > FOREIGN_CPU_POINTS && foreign > server) {
    return (
      `machine not quiet: CPU 0 was ${cpu.toFixed(1)}% busy, the server used ${server.toFixed(1)}%; ` +
      "other work ran on the server's CPU"
    );
  }
  return null;
}
