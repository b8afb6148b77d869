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
    // Replies as the clients received them: httperf's replies / test-duration (defined
    // for runs shorter than its 5-s samples). Not the server's window count: a reply
    // written into its socket's buffer is not yet delivered, and behind a saturated
    // wire (--link) the server writes far more than the clients receive.
    reply_rate: combined.replyRate,
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
