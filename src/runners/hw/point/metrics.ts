/**
 * The shared CSV metrics of one hardware run, from httperf's report, CPU 0
 * and the server's counters of the measurement window (the server snapshots
 * them at the orchestrator's window marks, SIGUSR1/SIGUSR2): its idle-set-up,
 * warm-up and tail never count. A server without window counters (nginx)
 * has no counts.
 */
import type { Metrics, PointSpec } from "../../../results/types.js";
import type { HttperfReport } from "../load/httperf.js";
import type { CpuBusy } from "../machine/cpu-accounting.js";
import type { ServerCounters } from "../server/server-process.js";

export function toMetrics(
  spec: PointSpec,
  combined: HttperfReport,
  cpu0: CpuBusy,
  counters: ServerCounters | null,
): Metrics {
  const signals = spec.mechanism === "rtsig";
  const w = counters?.window ?? null;
  return {
    // The window's replies as the server wrote them; without window counters (nginx),
    // httperf's replies / test-duration (defined for runs shorter than its 5-s samples).
    reply_rate: w && w.window_s > 0 ? w.replies / w.window_s : combined.replyRate,
    cpu_pct: 100 * cpu0.busyShare,
    resp_ms: combined.replies > 0 ? combined.responseMs : null,
    errors:
      combined.errors.clientTimo +
      combined.errors.socketTimo +
      combined.errors.connRefused +
      combined.errors.connReset,
    sigwaitinfo_calls: signals && w ? w.sigwaitinfo_calls : null,
    sigio_count: signals && w ? w.sigio_count : null,
    dispatch_calls: w ? w.dispatch_calls : null,
    events_per_dispatch: w && w.dispatch_calls > 0 ? w.events / w.dispatch_calls : null,
  };
}
