/**
 * `npm run bench`: the simulator's speed, measured.
 *  1. engine alone — the hold model: a queue of N pending events; each step
 *     pops the earliest and pushes one at a random later time;
 *  2. the full model on single points (events/s of the whole simulation,
 *     with the JIT warmed by a short run first);
 *  3. the cold wall time of `make figures`, stage by stage, as after a
 *     simulator change: compile (esbuild, as make does), run --force (every point simulated),
 *     render, report, check; then the same warm (every point cached).
 * Pass --quick to skip (3). The machine's other load shows in these numbers:
 * run it twice and quote the better, or use /usr/bin/time on each stage.
 */
import { execFileSync } from "node:child_process";
import type { PointSpec } from "../src/results/types.js";
import { EventQueue } from "../src/runners/sim/engine/event-queue.js";
import { Rng } from "../src/runners/sim/engine/rng.js";
import { simulatePoint } from "../src/runners/sim/run-point.js";

function holdModel(pending: number, steps: number): number {
  const q = new EventQueue(pending);
  const rng = new Rng(1);
  for (let i = 0; i < pending; i++) q.push(rng.next() * 1000, 0, i);
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) {
    q.pop();
    q.push(q.popTime + rng.next() * 1000, q.popKind, q.popArg0);
  }
  return steps / ((performance.now() - t0) / 1000);
}

function modelRate(spec: PointSpec): { eventsPerS: number; events: number; seconds: number } {
  simulatePoint({ ...spec, duration_s: 5 }); // warm the JIT
  const t0 = performance.now();
  const r = simulatePoint(spec);
  const seconds = (performance.now() - t0) / 1000;
  return { eventsPerS: r.events / seconds, events: r.events, seconds };
}

const fmt = (x: number) => `${(x / 1e6).toFixed(2)} M events/s`;
console.log(`node ${process.version}`);
holdModel(1_000, 1_000_000); // warm the JIT
for (const pending of [1_000, 100_000]) {
  console.log(`engine (hold model, ${pending} pending):  ${fmt(holdModel(pending, 5_000_000))}`);
}
const persistent: PointSpec = {
  workload: "persistent",
  mechanism: "rtsig",
  connections: 3000,
  idle: 0,
  rate: 1000,
  reply_bytes: 92,
  duration_s: 60,
  warmup_s: 2,
  client_timeout_s: 1,
  seed: 1,
};
// The Figure 7 point the issue names: rtsig, 6000 idle connections, 3000 req/s, 1-byte replies.
const fig7: PointSpec = {
  ...persistent,
  workload: "idle-burst",
  connections: 0,
  idle: 6000,
  rate: 3000,
  reply_bytes: 1,
};
const models: Array<[string, PointSpec]> = [
  ["Fig 7 point: idle-burst rtsig, 6000 idle, 3000 req/s, 60 s", fig7],
  [
    "Fig 7 point: idle-burst select-ma, 6000 idle, 3000 req/s, 60 s",
    { ...fig7, mechanism: "select-ma" },
  ],
  [
    "Fig 8 point: idle-burst rtsig-perfd, 6000 idle, 3400 req/s, 6 KB, 60 s",
    { ...fig7, mechanism: "rtsig-perfd", rate: 3400, reply_bytes: 6144 },
  ],
  [
    "Fig 4 point: persistent select, 3000 conns, 1000 req/s, 60 s",
    { ...persistent, mechanism: "select" },
  ],
];
for (const [label, spec] of models) {
  const r = modelRate(spec);
  console.log(
    `model (${label}): ${fmt(r.eventsPerS)} (${(r.events / 1e6).toFixed(2)} M events in ${r.seconds.toFixed(2)} s)`,
  );
}

if (!process.argv.includes("--quick")) {
  // A cold `make figures`: compile, then the whole pipeline (dispatch-repro
  // figures --force: every point simulated, evaluated, rendered, reported).
  // What a simulator change costs.
  const cli = "dist/src/cli.js";
  const stages: Array<[string, string, string[]]> = [
    // Only the compile step (make -B would also redo npm ci).
    ["compile", "sh", ["-c", "rm -f dist/.built && make -s dist/.built"]],
    ["figures --force", "node", [cli, "figures", "--force"]],
  ];
  let total = 0;
  for (const [label, command, args] of stages) {
    const t0 = performance.now();
    execFileSync(command, args, { stdio: "ignore" });
    const s = (performance.now() - t0) / 1000;
    total += s;
    console.log(`make figures, cold: ${label.padEnd(16)} ${s.toFixed(1)} s`);
  }
  console.log(`make figures, cold: total            ${total.toFixed(1)} s`);
  // And warm: make figures itself, every point cached and nothing to compile
  // (render redraws no panel whose spec is unchanged).
  execFileSync("make", ["-s", "figures"], { stdio: "ignore" });
  const t1 = performance.now();
  execFileSync("make", ["-s", "figures"], { stdio: "ignore" });
  console.log(
    `make figures, warm: total            ${((performance.now() - t1) / 1000).toFixed(1)} s`,
  );
}
