/**
 * `npm run bench:hw`: the epoll micro server against nginx (issue 4: "the
 * micro servers must not be toys: report the ratio").
 *
 * Both servers run through the same orchestration (runHwPoint with a server
 * launcher: ../src/runners/hw/server/server-launcher.ts, ../src/runners/hw/server/nginx.ts):
 * pinned to CPU 0 with taskset, httperf pinned to the other CPUs, the same
 * 1-byte reply, the same httperf command lines, CPU from /proc/stat and the
 * server process's schedstat over the same window. nginx runs as one process
 * (no master), epoll, backlog 128, keep-alive as long as the client wants.
 *
 * Two workloads, each climbing a ladder of request rates (both servers at
 * each rate, one after the other) until a server no longer sustains it:
 * - idle-burst: a new connection per request (HTTP/1.0), no idle connections;
 * - persistent: keep-alive connections, each sending a request every 0.25 s
 *   (rate/4 connections: MAPPING.md's persistent mapping stays within the 2%
 *   tolerance only for think times ≥ 0.25 s, since every period also holds
 *   the response time and httperf's timer slack).
 * A rate is sustained when every repetition was valid (runHwPoint: achieved
 * request rate within 2%, no client resource errors), had no errors, and
 * its reply rate is within 2% of the target.
 *
 * Per point: reply rate, the server process's CPU µs per reply (schedstat:
 * exact, the server alone) and CPU 0's busy µs per reply (softirq work
 * included, but also anything else that ran on CPU 0). The summary gives per
 * workload each server's highest sustained rate, the CPU per reply at the
 * highest rate both sustained, and capacity estimates 1 s / (µs per reply) —
 * which stay meaningful when the client (httperf on the remaining CPU of a
 * small machine), not the server, limits the sustained rate — each with the
 * ratio epoll server / nginx.
 *
 * Flags: --quick (fewer, shorter points), --duration S, --warmup S,
 * --reps N (medians over repetitions), --workloads idle-burst,persistent,
 * --rates-idle-burst a,b,c, --rates-persistent a,b,c, --think S (persistent
 * think time, default 0.25) or --connections C (a fixed count instead),
 * --json FILE (every point's numbers).
 * Needs httperf (Debian httperf), nginx (Debian nginx) and 2+ CPUs; not root.
 * Numbers are only as good as the machine is quiet: other work on CPU 0
 * inflates CPU 0's share (the run warns) and delays the server.
 */
import { writeFileSync } from "node:fs";
import { cpus, release } from "node:os";
import { parseArgs } from "node:util";
import type { PointSpec } from "../src/results/types.js";
import { runHwPoint } from "../src/runners/hw/point/run-point.js";
import type { HwPointResult } from "../src/runners/hw/point/types.js";
import { RATE_TOLERANCE } from "../src/runners/hw/point/validity.js";
import { buildServer, serverBinaryPath } from "../src/runners/hw/runner.js";
import { findNginx, nginxLauncher } from "../src/runners/hw/server/nginx.js";
import type { ServerLauncher } from "../src/runners/hw/server/server-launcher.js";

type Workload = "idle-burst" | "persistent";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    duration: { type: "string" },
    warmup: { type: "string" },
    reps: { type: "string" },
    workloads: { type: "string" },
    "rates-idle-burst": { type: "string" },
    "rates-persistent": { type: "string" },
    connections: { type: "string" },
    think: { type: "string" },
    json: { type: "string" },
  },
});

const quick = args.quick === true;
const durationS = Number(args.duration ?? (quick ? 2 : 4));
const warmupS = Number(args.warmup ?? 1);
const reps = Number(args.reps ?? (quick ? 1 : 3));
const thinkS = Number(args.think ?? 0.25);
const connectionsFor = (rate: number) =>
  args.connections ? Number(args.connections) : Math.ceil(rate * thinkS);
const numbers = (text: string) => text.split(",").map(Number);
const LADDERS: Record<Workload, number[]> = {
  "idle-burst": args["rates-idle-burst"]
    ? numbers(args["rates-idle-burst"])
    : quick
      ? [2000, 4000, 8000, 12000]
      : [2000, 4000, 6000, 8000, 10000, 12000, 15000, 20000],
  persistent: args["rates-persistent"]
    ? numbers(args["rates-persistent"])
    : quick
      ? [2000, 5000, 10000, 20000]
      : [2000, 5000, 10000, 15000, 20000, 30000, 40000],
};
const workloads = (args.workloads ?? "idle-burst,persistent").split(",") as Workload[];
for (const w of workloads) {
  if (!(w in LADDERS)) throw new Error(`unknown workload '${w}' (idle-burst, persistent)`);
}

interface Measured {
  workload: Workload;
  rate: number;
  server: string;
  sustained: boolean;
  /** Why not sustained (first failing repetition). */
  why: string | null;
  /** runHwPoint found the client, not the server, to be the limit (an invalid repetition). */
  clientBound: boolean;
  replyRate: number;
  serverUsPerReply: number | null;
  cpu0UsPerReply: number | null;
  serverCpuPct: number;
  cpu0Pct: number;
  respMs: number | null;
  errors: number;
  warnings: string[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function medianOrNull(xs: (number | null)[]): number | null {
  const present = xs.filter((x): x is number => x !== null);
  return present.length > 0 ? median(present) : null;
}

/** Why one repetition did not sustain `rate`, or null. */
function shortfall(rate: number, r: HwPointResult): string | null {
  if (!r.valid) return r.invalidReason ?? "invalid";
  const errors = r.metrics.errors ?? 0;
  if (errors > 0) return `${errors} errors (timeouts, refusals, resets)`;
  const replies = r.metrics.reply_rate ?? 0;
  if (Math.abs(replies - rate) / rate > RATE_TOLERANCE) {
    return `reply rate ${replies.toFixed(0)}/s is more than ${100 * RATE_TOLERANCE}% from ${rate}`;
  }
  return null;
}

function summarize(
  workload: Workload,
  rate: number,
  server: string,
  runs: HwPointResult[],
): Measured {
  const why = runs.map((r) => shortfall(rate, r)).find((w) => w !== null) ?? null;
  return {
    workload,
    rate,
    server,
    sustained: why === null,
    why,
    clientBound: runs.some((r) => !r.valid),
    replyRate: median(runs.map((r) => r.metrics.reply_rate ?? 0)),
    serverUsPerReply: medianOrNull(runs.map((r) => r.extra.server_cpu_us_per_reply)),
    cpu0UsPerReply: medianOrNull(runs.map((r) => r.extra.cpu0_us_per_reply)),
    serverCpuPct: median(runs.map((r) => r.extra.server_cpu_pct)),
    cpu0Pct: median(runs.map((r) => r.metrics.cpu_pct ?? 0)),
    respMs: medianOrNull(runs.map((r) => r.metrics.resp_ms)),
    errors: Math.max(...runs.map((r) => r.metrics.errors ?? 0)),
    warnings: runs.flatMap((r) => r.warnings),
  };
}

function spec(workload: Workload, rate: number, seed: number): PointSpec {
  return {
    workload,
    mechanism: "epoll",
    connections: workload === "persistent" ? connectionsFor(rate) : 0,
    idle: 0,
    rate,
    reply_bytes: 1,
    duration_s: durationS,
    warmup_s: warmupS,
    client_timeout_s: 1,
    seed,
  };
}

const f = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined ? "—" : x.toFixed(digits);
const ratio = (a: number | null | undefined, b: number | null | undefined) =>
  a == null || b == null || b === 0 ? "—" : (a / b).toFixed(2);
const perSecond = (us: number | null | undefined) => (us ? 1e6 / us : null);

async function main(): Promise<void> {
  const nginx = findNginx();
  if (!nginx) {
    process.stderr.write("bench:hw needs nginx: apt-get install -y nginx\n");
    process.exit(2);
  }
  await buildServer();
  const EPOLL = "epoll server";
  const nginxServer = nginxLauncher({ binary: nginx });
  const servers: [string, ServerLauncher | undefined][] = [
    [EPOLL, undefined],
    [nginxServer.label, nginxServer],
  ];
  console.log(
    `bench:hw — ${EPOLL} vs ${nginxServer.label}; ${cpus()[0]?.model.trim()} ×${cpus().length}, Linux ${release()}`,
  );
  console.log(
    `server on CPU 0, httperf on the others; 1-byte replies; persistent: ${args.connections ? `${args.connections} connections` : `rate × ${thinkS} s connections`}; ` +
      `window ${durationS} s after ${warmupS} s warm-up; ${reps} repetition(s), medians`,
  );
  const all: Measured[] = [];
  console.log(
    "\nworkload     rate/s  server        replies/s  sustained  server µs/reply  CPU0 µs/reply  server CPU%  CPU0 %  resp ms  errors",
  );
  for (const workload of workloads) {
    const stillSustains = new Set(servers.map(([label]) => label));
    for (const rate of LADDERS[workload]) {
      if (stillSustains.size === 0) break;
      for (const [label, launcher] of servers) {
        if (!stillSustains.has(label)) continue;
        const runs: HwPointResult[] = [];
        for (let rep = 1; rep <= reps; rep++) {
          runs.push(
            await runHwPoint(spec(workload, rate, rep), {
              serverBinary: serverBinaryPath(),
              ...(launcher ? { server: launcher } : {}),
              repetition: rep,
            }),
          );
        }
        const m = summarize(workload, rate, label, runs);
        all.push(m);
        if (!m.sustained) stillSustains.delete(label);
        console.log(
          [
            workload.padEnd(11),
            String(rate).padStart(7),
            label.padEnd(13),
            f(m.replyRate).padStart(10),
            (m.sustained ? "yes" : "no").padStart(10),
            f(m.serverUsPerReply).padStart(16),
            f(m.cpu0UsPerReply).padStart(14),
            f(m.serverCpuPct).padStart(12),
            f(m.cpu0Pct).padStart(7),
            f(m.respMs, 2).padStart(8),
            String(m.errors).padStart(7),
          ].join("  "),
        );
        if (m.why) console.log(`    not sustained: ${m.why}`);
      }
    }
  }

  console.log("\nsummary (ratio = epoll server / nginx)");
  console.log(
    `${"workload".padEnd(11)}  ${"measure".padEnd(48)}  ${"epoll server".padStart(12)}  ${"nginx".padStart(10)}  ratio`,
  );
  const summary: Record<string, unknown>[] = [];
  for (const workload of workloads) {
    const of = (label: string) => all.filter((m) => m.workload === workload && m.server === label);
    const highest = (label: string) => of(label).findLast((m) => m.sustained) ?? null;
    const e = highest(EPOLL);
    const n = highest(nginxServer.label);
    // CPU per reply: at the highest rate both sustained, else the lowest both ran (flagged).
    const both = (pred: (m: Measured) => boolean) =>
      of(EPOLL)
        .filter(pred)
        .map((m) => m.rate)
        .filter((rate) => of(nginxServer.label).some((x) => x.rate === rate && pred(x)));
    const sustainedRates = both((m) => m.sustained);
    const ranRates = both(() => true);
    const at = sustainedRates.at(-1) ?? ranRates[0] ?? null;
    const flag = at !== null && !sustainedRates.includes(at) ? " (not sustained)" : "";
    const atE = of(EPOLL).find((m) => m.rate === at);
    const atN = of(nginxServer.label).find((m) => m.rate === at);
    const line = (
      measure: string,
      a: number | null | undefined,
      b: number | null | undefined,
      digits = 1,
    ) =>
      console.log(
        `${workload.padEnd(11)}  ${measure.padEnd(48)}  ${f(a, digits).padStart(12)}  ${f(b, digits).padStart(10)}  ${ratio(a, b).padStart(5)}`,
      );
    line("highest sustained rate (req/s)", e?.rate, n?.rate, 0);
    line(
      `server CPU µs/reply @ ${at ?? "—"} req/s${flag}`,
      atE?.serverUsPerReply,
      atN?.serverUsPerReply,
    );
    line(`CPU 0 µs/reply @ ${at ?? "—"} req/s${flag}`, atE?.cpu0UsPerReply, atN?.cpu0UsPerReply);
    line(
      "capacity ≈ 1 s / server CPU per reply (req/s)",
      perSecond(atE?.serverUsPerReply),
      perSecond(atN?.serverUsPerReply),
      0,
    );
    line(
      "capacity ≈ 1 s / CPU 0 per reply (req/s)",
      perSecond(atE?.cpu0UsPerReply),
      perSecond(atN?.cpu0UsPerReply),
      0,
    );
    for (const label of [EPOLL, nginxServer.label]) {
      const stop = of(label).find((m) => !m.sustained);
      if (stop?.clientBound) {
        console.log(
          `${" ".repeat(13)}(${label}: the client, not the server, failed at ${stop.rate} req/s — its limit is higher)`,
        );
      }
    }
    const top = LADDERS[workload].at(-1);
    if (e?.rate === top || n?.rate === top) {
      console.log(
        `${" ".repeat(13)}(a server sustained the ladder's top rate: its limit is higher; extend --rates-${workload})`,
      );
    }
    summary.push({
      workload,
      highestSustained: { epoll: e?.rate ?? null, nginx: n?.rate ?? null },
      stoppedByClient: {
        epoll: of(EPOLL).find((m) => !m.sustained)?.clientBound ?? false,
        nginx: of(nginxServer.label).find((m) => !m.sustained)?.clientBound ?? false,
      },
      comparedAt: at,
      comparedAtSustained: flag === "",
      serverUsPerReply: {
        epoll: atE?.serverUsPerReply ?? null,
        nginx: atN?.serverUsPerReply ?? null,
      },
      cpu0UsPerReply: { epoll: atE?.cpu0UsPerReply ?? null, nginx: atN?.cpu0UsPerReply ?? null },
    });
  }
  const warned = all.filter((m) => m.warnings.length > 0).length;
  if (warned > 0) {
    console.log(
      `\n${warned} of ${all.length} points warn that other work ran on CPU 0: CPU 0 µs/reply is inflated there (server µs/reply is not)`,
    );
  }
  console.log(
    "\nA rate a server does not sustain with no errors and its CPU well below 100% was lost by httperf " +
      "(one client CPU on a 2-CPU machine), not the server: compare CPU per reply and capacity then.",
  );
  if (args.json) {
    const machine = { cpu: cpus()[0]?.model.trim(), cpus: cpus().length, kernel: release() };
    const persistent = args.connections ? { connections: Number(args.connections) } : { thinkS };
    const out = { machine, durationS, warmupS, reps, persistent, points: all, summary };
    writeFileSync(args.json, `${JSON.stringify(out, null, 2)}\n`);
  }
}

await main();
