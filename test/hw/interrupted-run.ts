/**
 * A hw point run in a process of its own, for the cleanup test to interrupt
 * (SIGINT, SIGTERM) or kill (SIGKILL). Once httperf is running it prints
 * `READY {"port":…,"pids":[…]}` so the test knows what must disappear.
 *
 *   node --import tsx test/hw/interrupted-run.ts SERVER_BINARY
 */
import { setTimeout as delay } from "node:timers/promises";
import { ChildRegistry } from "../../src/runners/hw/child-processes.js";
import { runHwPoint } from "../../src/runners/hw/run-hw-point.js";

const registry = new ChildRegistry();
let port = 0;
const run = runHwPoint(
  {
    workload: "idle-burst",
    mechanism: "select",
    connections: 0,
    idle: 200,
    rate: 200,
    reply_bytes: 1,
    duration_s: 60,
    warmup_s: 1,
    client_timeout_s: 1,
    seed: 1,
  },
  {
    serverBinary: process.argv[2]!,
    registry,
    log: (line) => {
      const m = /on 127\.0\.0\.1:(\d+)/.exec(line);
      if (m) port = Number(m[1]);
    },
  },
);
run.catch((e: unknown) => {
  process.stderr.write(`run failed: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
while (!registry.started.some((c) => c.name.startsWith("httperf"))) {
  if (process.exitCode === 1) process.exit(1);
  await delay(50);
}
process.stdout.write(
  `READY ${JSON.stringify({ port, pids: registry.started.map((c) => c.pid) })}\n`,
);
await run;
