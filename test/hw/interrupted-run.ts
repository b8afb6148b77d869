/**
 * A hw point run in a process of its own, for a test to interrupt (SIGINT,
 * SIGTERM) or kill (SIGKILL). Once httperf is running it prints
 * `READY {"port":…,"namespaces":[…],"pids":[…]}`: what must disappear.
 *
 *   node --import tsx test/hw/interrupted-run.ts SERVER_BINARY          (cleanup.test.ts)
 *   node --import tsx test/hw/interrupted-run.ts SERVER_BINARY --link   (link.test.ts: 6 KB over --link 100mbit)
 */
import { setTimeout as delay } from "node:timers/promises";
import type { PointSpec } from "../../src/results/types.js";
import { ChildRegistry } from "../../src/runners/hw/machine/child-processes.js";
import { runHwPoint } from "../../src/runners/hw/point/run-point.js";

const shaped = process.argv[3] === "--link";
const registry = new ChildRegistry();
let port = 0;
const namespaces: string[] = [];
const spec: PointSpec = {
  workload: "idle-burst",
  mechanism: shaped ? "epoll" : "select",
  connections: 0,
  idle: shaped ? 20 : 200,
  rate: 200,
  reply_bytes: shaped ? 6144 : 1,
  duration_s: 60,
  warmup_s: 1,
  client_timeout_s: 1,
  seed: 1,
};
const run = runHwPoint(spec, {
  serverBinary: process.argv[2]!,
  registry,
  ...(shaped ? { link: "100mbit" as const } : {}),
  log: (line) => {
    const m = /on 127\.0\.0\.1:(\d+)/.exec(line);
    if (m) port = Number(m[1]);
    for (const n of line.matchAll(/netns (\S+)/g)) namespaces.push(n[1]!.replace(/,$/, ""));
  },
});
run.catch((e: unknown) => {
  process.stderr.write(`run failed: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
while (!registry.started.some((c) => c.name.startsWith("httperf"))) {
  if (process.exitCode === 1) process.exit(1);
  await delay(50);
}
process.stdout.write(
  `READY ${JSON.stringify({ port, namespaces, pids: registry.started.map((c) => c.pid) })}\n`,
);
await run;
