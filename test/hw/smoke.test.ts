/**
 * The CI smoke run of the hw runner (issue 4): the epoll and select servers,
 * 0 and 1000 idle connections, ~500 new-connection requests/s, a few seconds
 * each. select() scans every descriptor on every call, so its CPU per request
 * must grow with idle connections; epoll_wait() costs in proportion to the
 * ready descriptors only, so epoll's must not.
 *
 * CPU per request is the server process's own CPU (schedstat ns) per reply in
 * the window: CPU 0's busy share (cpu_pct) is logged beside it but not
 * asserted on, since anything else the machine runs meanwhile (other test
 * files, in parallel) may land on CPU 0 too.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { runHwPoint } from "../../src/runners/hw/point/run-point.js";
import {
  buildServer,
  hwUnavailableReason,
  idleBurstPoint,
  SERVER_BINARY,
  skipHw,
} from "./hw-env.js";

const base = idleBurstPoint();

describe.skipIf(skipHw)(`hw smoke ${hwUnavailableReason() ?? ""}`, () => {
  beforeAll(() => buildServer(), 120_000);

  it("select's CPU per request grows with idle connections, epoll's does not", async () => {
    const us: Record<string, number> = {};
    const lines: string[] = [];
    for (const mechanism of ["select", "epoll"] as const) {
      for (const idle of [0, 1000]) {
        const r = await runHwPoint({ ...base, mechanism, idle }, { serverBinary: SERVER_BINARY });
        expect(r.valid, `${mechanism} @ ${idle} idle: ${r.invalidReason}`).toBe(true);
        expect(r.metrics.errors).toBe(0);
        const perReply = r.extra.server_cpu_us_per_reply;
        expect(perReply).not.toBeNull();
        us[`${mechanism}@${idle}`] = perReply!;
        lines.push(
          `${mechanism.padEnd(6)} idle ${String(idle).padStart(4)}: ${perReply!.toFixed(1)} µs/reply server CPU, ` +
            `${r.extra.cpu0_us_per_reply?.toFixed(1)} µs/reply CPU 0, cpu_pct ${r.metrics.cpu_pct?.toFixed(1)}%, ` +
            `reply_rate ${r.metrics.reply_rate?.toFixed(1)}/s, resp ${r.metrics.resp_ms} ms, ` +
            `${r.metrics.events_per_dispatch?.toFixed(2)} events/dispatch`,
        );
      }
    }
    process.stderr.write(`hw smoke:\n  ${lines.join("\n  ")}\n`);
    expect(us["select@1000"]!).toBeGreaterThanOrEqual(2 * us["select@0"]!);
    expect(us["epoll@1000"]!).toBeLessThanOrEqual(1.5 * us["epoll@0"]!);
  }, 90_000);
});
