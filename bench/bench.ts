/**
 * `npm run bench`: the simulator's speed, measured.
 *  1. engine alone — the hold model: a queue of N pending events; each step
 *     pops the earliest and pushes one at a random later time;
 *  2. the full model on single points (events/s of the whole simulation);
 *  3. the cold wall time of regenerating every figure (run --force, render,
 *     check), as `make figures` does after a simulator change.
 * Pass --quick to skip (3).
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
  const t0 = performance.now();
  const cli = ["dist/src/cli.js"];
  execFileSync("node", [...cli, "run", "--force"], { stdio: ["ignore", "ignore", "inherit"] });
  execFileSync("node", [...cli, "render"], { stdio: "ignore" });
  execFileSync("node", [...cli, "check", "--brief"], { stdio: "ignore" });
  const cold = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  execFileSync("node", [...cli, "run"], { stdio: "ignore" });
  execFileSync("node", [...cli, "render"], { stdio: "ignore" });
  execFileSync("node", [...cli, "check", "--brief"], { stdio: "ignore" });
  const warm = (performance.now() - t1) / 1000;
  console.log(`figures, cold (run --force + render + check): ${cold.toFixed(1)} s`);
  console.log(`figures, warm (all points cached):            ${warm.toFixed(1)} s`);
}
