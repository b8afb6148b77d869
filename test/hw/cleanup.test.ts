/**
 * No child process and no bound port is left behind by a hw run: after
 * success, after failures mid-run (httperf killed, server killed), and when
 * the Node process running the point is interrupted (SIGINT, SIGTERM) or
 * killed outright (SIGKILL: the children die through PR_SET_PDEATHSIG).
 */
import { setTimeout as delay } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import type { PointSpec } from "../../src/results/types.js";
import { ChildRegistry } from "../../src/runners/hw/machine/child-processes.js";
import { runHwPoint } from "../../src/runners/hw/point/run-point.js";
import type { HwPointOptions } from "../../src/runners/hw/point/types.js";
import {
  buildServer,
  childrenOfThisProcess,
  hwUnavailableReason,
  interruptRun,
  machineLockOwner,
  portFree,
  processAlive,
  removeLeftoversOf,
  SERVER_BINARY,
  skipHw,
  startInterruptedRun,
  tempDirsOf,
} from "./hw-env.js";

const spec: PointSpec = {
  workload: "idle-burst",
  mechanism: "epoll",
  connections: 0,
  idle: 300,
  rate: 300,
  reply_bytes: 1,
  duration_s: 1.5,
  warmup_s: 0.5,
  client_timeout_s: 1,
  seed: 1,
};

/** Runs a point with a registry and a port probe the test can see. */
function watchedRun(s: PointSpec, extra: Partial<HwPointOptions> = {}) {
  const registry = new ChildRegistry(1000);
  const seen = { port: 0 };
  const run = runHwPoint(s, {
    serverBinary: SERVER_BINARY,
    registry,
    log: (line) => {
      const m = /on 127\.0\.0\.1:(\d+)/.exec(line);
      if (m) seen.port = Number(m[1]);
    },
    ...extra,
  });
  return { registry, seen, run };
}

async function expectNothingLeft(pids: readonly number[], port: number): Promise<void> {
  expect(pids.length).toBeGreaterThan(0);
  expect(pids.filter(processAlive), "child processes still alive").toEqual([]);
  expect(childrenOfThisProcess(), "children of the test process").toEqual([]);
  expect(port).toBeGreaterThan(0);
  expect(await portFree(port), `port ${port} still bound`).toBe(true);
}

async function waitForChild(registry: ChildRegistry, prefix: string) {
  for (;;) {
    const child = registry.started.find((c) => c.name.startsWith(prefix));
    if (child) return child;
    await delay(20);
  }
}

describe("child registry", () => {
  it("stops its children (SIGTERM, then SIGKILL) and then runs its cleanups, last first", async () => {
    const registry = new ChildRegistry(300);
    const order: string[] = [];
    registry.addCleanup(() => {
      order.push("first");
    });
    const polite = await registry.start("sleep", ["sleep", "30"]);
    // Ignores SIGTERM: needs the SIGKILL after the grace period.
    const stubborn = await registry.start("stubborn", ["sh", "-c", "trap '' TERM; exec sleep 30"]);
    registry.addCleanup(async () => {
      order.push(
        `second, children alive: ${[polite, stubborn].filter((c) => processAlive(c.pid)).length}`,
      );
    });
    await delay(100);
    await Promise.all([registry.stopAll(), registry.stopAll()]);
    expect(order).toEqual(["second, children alive: 0", "first"]);
    expect((await polite.exit).signal).toBe("SIGTERM");
    expect((await stubborn.exit).signal).toBe("SIGKILL");
    await expect(registry.start("late", ["true"])).rejects.toThrow(/being stopped/);
  });
});

describe.skipIf(skipHw)(`hw cleanup ${hwUnavailableReason() ?? ""}`, () => {
  beforeAll(() => buildServer(), 120_000);

  it("leaves nothing after a successful point", async () => {
    const { registry, seen, run } = watchedRun(spec);
    const result = await run;
    expect(result.valid, result.invalidReason).toBe(true);
    expect(result.raw.port).toBe(seen.port);
    // server + the idleconn shards (opened in paced bursts: idleconn.ts) + 1 httperf
    expect(result.raw.idle?.processes).toBeGreaterThanOrEqual(1);
    expect(result.raw.pids).toHaveLength(2 + result.raw.idle!.processes);
    await expectNothingLeft(
      registry.started.map((c) => c.pid),
      result.raw.port,
    );
  });

  it("leaves nothing when httperf is killed mid-run", async () => {
    const { registry, seen, run } = watchedRun({ ...spec, duration_s: 20 });
    const httperf = await waitForChild(registry, "httperf");
    await delay(300);
    process.kill(httperf.pid, "SIGKILL");
    await expect(run).rejects.toThrow(/httperf\[0\] failed \(SIGKILL/);
    await expectNothingLeft(
      registry.started.map((c) => c.pid),
      seen.port,
    );
  });

  it("leaves nothing when the server dies mid-run", async () => {
    const { registry, seen, run } = watchedRun({ ...spec, duration_s: 20, warmup_s: 0.2 });
    await waitForChild(registry, "httperf");
    const server = registry.started.find((c) => c.name.startsWith("server"))!;
    await delay(300);
    process.kill(server.pid, "SIGKILL");
    await expect(run).rejects.toThrow(/server/);
    await expectNothingLeft(
      registry.started.map((c) => c.pid),
      seen.port,
    );
  });

  it("starts nothing for a mechanism without a hw server", async () => {
    const { registry, run } = watchedRun({ ...spec, mechanism: "devpoll" });
    await expect(run).rejects.toThrow(/devpoll.*simulator-only/);
    expect(registry.started).toEqual([]);
  });

  for (const signal of ["SIGINT", "SIGTERM", "SIGKILL"] as const) {
    it(`leaves nothing when the Node process running the point gets ${signal}`, async () => {
      const { node, ready } = await startInterruptedRun<{ port: number; pids: number[] }>(false);
      expect(await interruptRun(node, signal, ready.pids)).toBe(signal);
      expect(ready.pids.filter(processAlive), `alive after ${signal}`).toEqual([]);
      expect(await portFree(ready.port), `port ${ready.port} still bound`).toBe(true);
      if (signal === "SIGKILL") {
        removeLeftoversOf(node.pid!);
      } else {
        expect(tempDirsOf(node.pid!), "temp dir left").toEqual([]);
        // The run's cleanups ran before the process died: it no longer holds the machine.
        expect(machineLockOwner()).not.toBe(node.pid);
      }
    });
  }
});
