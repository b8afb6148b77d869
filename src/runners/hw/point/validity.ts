/**
 * When a hardware run measures the mechanism and when it does not: the
 * client-side validity rule (the clients could not deliver the load), the
 * offered request rate it rests on, and the test for other work on the
 * server's CPU (the machine was not quiet).
 */
import type { PointSpec } from "../../../results/types.js";
import type { HttperfReport } from "../load/httperf.js";
import type { CounterSet } from "../server/server-process.js";

/** Largest relative miss of the achieved request rate before a point is invalid (issue 4). */
export const RATE_TOLERANCE = 0.02;

/**
 * CPU 0 this busy counts as saturated (the larger of cpu_pct and the
 * server's own schedstat share: /proc/stat's tick sampling reads low on a
 * VM, docs/design.md, pitfall 2): only a saturated server drops connections or
 * lets requests time out. Timeouts and resets (≥ 1% of the requests) while
 * CPU 0 had time to spare were lost by the clients — httperf busy-polls,
 * and many httperf processes share one CPU.
 */
export const SATURATED_CPU_PCT = 75;

/**
 * Steal above this share of CPU 0's window (the hypervisor ran another guest
 * there) makes a run invalid: the server lost that time to another machine.
 */
export const STEAL_LIMIT = 0.05;

/** Why the hypervisor's steal on CPU 0 spoils a run, or null. */
export function stealProblem(stealShare: number): string | null {
  return stealShare > STEAL_LIMIT
    ? `CPU 0 lost ${(100 * stealShare).toFixed(1)}% of the window to steal (> ${100 * STEAL_LIMIT}%): the hypervisor ran another guest there`
    : null;
}

/** What the validity rule needs of a point. */
export type ValidityTarget = Pick<PointSpec, "workload" | "rate" | "client_timeout_s">;

/** Timeouts, refusals and resets: failures the server causes, not the client. */
function serverErrors(combined: HttperfReport): number {
  const e = combined.errors;
  return e.clientTimo + e.socketTimo + e.connRefused + e.connReset;
}

/**
 * The request rate the client offered (issue 4's "achieved request rate").
 * idle-burst: every connection carries one request, so the client offered a
 * request with every connection it opened — also one the server never
 * accepted (its SYN dropped on a full listen queue: a client timeout before
 * the request could go out). Measured as the clients' connect() calls over
 * the window (`windowConnectRate`, from the kernel's ActiveOpens counter:
 * ../load/tcp-counters.ts); without it, httperf's connections over its
 * test-duration less the last timeouts' wait (an estimate that errs high).
 * persistent: httperf's request rate (requests / test-duration).
 */
export function offeredRequestRate(
  target: ValidityTarget,
  combined: HttperfReport,
  windowConnectRate: number | null = null,
): number {
  if (target.workload === "persistent") return combined.requestRate;
  if (windowConnectRate !== null) return windowConnectRate;
  const timeouts = combined.errors.clientTimo + combined.errors.socketTimo;
  const issuingS = combined.testDurationS - (timeouts > 0 ? target.client_timeout_s : 0);
  return issuingS > 0 ? combined.connections / issuingS : 0;
}

/**
 * Why a point is invalid, or null: the client, not the server, limited it.
 * Issue 4: httperf reports fd-unavail (or addrunavail, ftab-full: other
 * client resources), or the achieved request rate misses the target by more
 * than 2%, or an httperf process stopped before the window closed.
 *
 * A server overload is valid data, not an invalid point: it shows as a reply
 * rate below the request rate (idle-burst: connections the full listen queue
 * dropped time out, so their requests are never sent — the offered rate
 * counts them, see offeredRequestRate). In the persistent workload each
 * connection waits for its reply before its next request and a timed-out
 * session stops, so an overloaded server lowers the request rate itself: a
 * shortfall that comes with server errors (timeouts, refusals, resets) is the
 * server's and the point stays valid — if CPU 0 was saturated: errors while
 * it had time to spare (SATURATED_CPU_PCT) were the clients' and make the
 * point invalid.
 *
 * Issue 13: the server's own window counters (`window`) make a point invalid
 * when it refused work — accept() errors (EMFILE) or connections whose
 * descriptors did not fit select()'s bitmaps — or when its replies in the
 * window fall more than RATE_TOLERANCE short of the offered rate while CPU 0
 * had headroom (below SATURATED_CPU_PCT): an unsaturated server serves what
 * it is offered, so the requests were lost before they reached it.
 */
export function judgeValidity(
  target: ValidityTarget,
  combined: HttperfReport,
  shardsEndedEarly: number,
  windowConnectRate: number | null = null,
  cpu0BusyPct: number | null = null,
  window: (CounterSet & { window_s?: number }) | null = null,
): string | null {
  const reasons: string[] = [];
  // The server refused work it was offered: the run measures its limits, not the mechanism.
  const acceptErrors = window?.accept_errors ?? 0;
  const rejects = window?.fd_setsize_rejects ?? 0;
  if (acceptErrors > 0) {
    reasons.push(
      `${acceptErrors} accept() errors in the window (e.g. EMFILE): the server ran out of descriptors`,
    );
  }
  if (rejects > 0) {
    reasons.push(
      `${rejects} connections refused in the window: their descriptors did not fit select()'s bitmaps (--select-setsize)`,
    );
  }
  const e = combined.errors;
  if (e.fdUnavail > 0) {
    reasons.push(
      `httperf ran out of descriptors (fd-unavail ${e.fdUnavail}): the client was the bottleneck`,
    );
  }
  if (e.addrUnavail > 0 || e.ftabFull > 0) {
    reasons.push(
      `httperf ran out of client resources (addrunavail ${e.addrUnavail}, ftab-full ${e.ftabFull})`,
    );
  }
  // Only a shortfall counts: the client never sends more than scheduled, and
  // the idle-burst estimate errs high when the last timeouts came early.
  const offered = offeredRequestRate(target, combined, windowConnectRate);
  const miss = (target.rate - offered) / target.rate;
  const saturated = cpu0BusyPct === null || cpu0BusyPct >= SATURATED_CPU_PCT;
  const windowS = window?.window_s ?? 0;
  if (window !== null && windowS > 0 && !saturated && offered > 0) {
    const served = window.replies / windowS;
    const short = (offered - served) / offered;
    if (short > RATE_TOLERANCE) {
      reasons.push(
        `the server replied ${served.toFixed(1)}/s in the window, ${(100 * short).toFixed(1)}% short of the offered ${offered.toFixed(1)} req/s ` +
          `(> ${100 * RATE_TOLERANCE}%) while CPU 0 was only ${(cpu0BusyPct ?? 0).toFixed(0)}% busy: the requests were lost before the server`,
      );
    }
  }
  const lost = serverErrors(combined);
  const overload = target.workload === "persistent" && lost > 0 && saturated;
  if (miss > RATE_TOLERANCE && !overload) {
    reasons.push(
      `achieved request rate ${offered.toFixed(1)} req/s misses the target ${target.rate} by ${(100 * miss).toFixed(1)}% ` +
        `(> ${100 * RATE_TOLERANCE}%; with ${serverErrors(combined)} server errors: the client could not keep its schedule)`,
    );
  }
  const sent = Math.max(
    1,
    target.workload === "persistent" ? combined.requests : combined.connections,
  );
  if (!saturated && lost >= 0.01 * sent) {
    reasons.push(
      `${lost} timeouts/refusals/resets while CPU 0 was only ${(cpu0BusyPct ?? 0).toFixed(0)}% busy ` +
        `(< ${SATURATED_CPU_PCT}%): the server was not saturated, so the clients lost them`,
    );
  }
  if (shardsEndedEarly > 0) {
    reasons.push(
      `${shardsEndedEarly} httperf process(es) ended before the measurement window closed`,
    );
  }
  return reasons.length > 0 ? reasons.join("; ") : null;
}

/**
 * True when CPU 0's busy share beyond the server's own CPU time ("foreign"
 * work, in percentage points) is over 10 points and larger than the server's
 * own share: something else ran on the server's CPU. Kernel network work for
 * the server's packets counts as foreign too, but stays a few points here
 * (e.g. 14.7 % busy vs 12.1 % server at 6000 replies/s with 6000 idle).
 */
export function otherWorkOnServerCpu(cpuPct: number, serverCpuPct: number): boolean {
  const foreign = cpuPct - serverCpuPct;
  return foreign > 10 && foreign > serverCpuPct;
}

/**
 * cpu_pct counts everything CPU 0 did. Beyond the server's own time that is
 * kernel network work for its packets (a few points at these loads) — and
 * anything else the machine ran there, which the paper's dedicated server
 * did not have. Warn when the excess is larger than the server itself and
 * more than 10 points: the machine was not quiet.
 */
export function cpuWarnings(cpuPct: number, serverCpuPct: number): string[] {
  if (otherWorkOnServerCpu(cpuPct, serverCpuPct)) {
    return [
      `CPU 0 was ${cpuPct.toFixed(1)}% busy but the server used only ${serverCpuPct.toFixed(1)}%: other work ran on CPU 0: it inflates cpu_pct and takes CPU time from the server, so its reply rate and server_cpu_pct may be low too`,
    ];
  }
  return [];
}
