/**
 * A hw point over a shaped link (--link 100mbit) in a process of its own, for
 * link.test.ts to interrupt or kill. Once httperf is running it prints
 * `READY {"namespaces":[…],"pids":[…]}`: what must disappear.
 *
 *   node --import tsx test/hw/interrupted-link-run.ts SERVER_BINARY
 */
import { setTimeout as delay } from "node:timers/promises";
import { ChildRegistry } from "../../src/runners/hw/child-processes.js";
import { runHwPoint } from "../../src/runners/hw/run-hw-point.js";

const registry = new ChildRegistry();
const namespaces: string[] = [];
const run = runHwPoint(
  {
    workload: "idle-burst",
    mechanism: "epoll",
    connections: 0,
    idle: 20,
    rate: 200,
    reply_bytes: 6144,
    duration_s: 60,
    warmup_s: 1,
    client_timeout_s: 1,
    seed: 1,
  },
  {
    serverBinary: process.argv[2]!,
    registry,
    link: "100mbit",
    log: (line) => {
      for (const m of line.matchAll(/netns (\S+)/g)) namespaces.push(m[1]!.replace(/,$/, ""));
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
  `READY ${JSON.stringify({ namespaces, pids: registry.started.map((c) => c.pid) })}\n`,
);
await run;
