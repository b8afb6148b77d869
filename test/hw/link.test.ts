/**
 * `--link 100mbit` (src/runners/hw/machine/link-shaping.ts): server and clients in
 * network namespaces of their own joined by a tbf-shaped veth pair. A 6 KB
 * reply costs ≈ 7 KB of the server's wire (with SYN-ACK, FIN and framing),
 * so 100 Mbit/s carries at most ≈ 1 800 replies/s whatever the offered rate (the paper's Figure 8 bound); and the
 * namespaces, the veth pair and every child are gone after the run, after
 * Ctrl-C, and — after SIGKILL — at the next setup.
 *
 * Needs root and iproute2: skipped without them, except under CI (which runs
 * as root and installs iproute2, so there a missing piece is a failure).
 */
import { execFileSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import type { PointSpec } from "../../src/results/types.js";
import { ChildRegistry } from "../../src/runners/hw/machine/child-processes.js";
import {
  isLinkRate,
  LinkError,
  linkRateBits,
  linkUnavailableReason,
  parseTbfStats,
  setUpLink,
  staleNamespaces,
} from "../../src/runners/hw/machine/link-shaping.js";
import { runHwPoint } from "../../src/runners/hw/point/run-point.js";
import {
  buildServer,
  childrenOfThisProcess,
  hwUnavailableReason,
  interruptRun,
  ourNamespaces,
  processAlive,
  removeLeftoversOf,
  SERVER_BINARY,
  startInterruptedRun,
} from "./hw-env.js";

describe("link rates and tc output", () => {
  it("reads tc rates and refuses anything else", () => {
    expect(linkRateBits("100mbit")).toBe(100e6);
    expect(linkRateBits("1gbit")).toBe(1e9);
    expect(linkRateBits("512kbit")).toBe(512e3);
    expect(isLinkRate("100mbit")).toBe(true);
    for (const bad of ["100", "100mb", "fast", "0mbit", "-1mbit"]) {
      expect(isLinkRate(bad), bad).toBe(false);
      expect(() => linkRateBits(bad)).toThrow(LinkError);
    }
  });

  it("finds namespaces left by dead runs only", () => {
    const listing = "dispatch-10-0-srv (id: 3)\ndispatch-10-0-cli\ndispatch-20-1-srv\nother\n";
    expect(staleNamespaces(listing, (pid) => pid === 20)).toEqual([
      "dispatch-10-0-srv",
      "dispatch-10-0-cli",
    ]);
  });

  it("parses tbf counters", () => {
    const text =
      "qdisc tbf 8001: root refcnt 3 rate 100Mbit burst 64Kb lat 100ms overhead 24\n" +
      " Sent 52969055 bytes 61082 pkt (dropped 19432, overlimits 131402 requeues 0)\n";
    expect(parseTbfStats(text)).toEqual({
      sentBytes: 52969055,
      sentPackets: 61082,
      dropped: 19432,
      overlimits: 131402,
    });
  });
});

describe.skipIf(hwUnavailableReason() !== null && !process.env.CI)(
  "the C server's --address: 127.0.0.1, or link-local for --link, nothing else",
  () => {
    beforeAll(() => buildServer(), 120_000);

    it.each(["0.0.0.0", "10.0.0.1", "192.168.1.1", "169.254.169.254", "localhost"])(
      "refuses %s (exit 2)",
      (address) => {
        let status = 0;
        let stderr = "";
        try {
          execFileSync(SERVER_BINARY, ["--mechanism", "epoll", "--address", address], {
            stdio: ["ignore", "ignore", "pipe"],
          });
        } catch (e) {
          status = (e as { status: number }).status;
          stderr = String((e as { stderr: Buffer }).stderr);
        }
        expect(status).toBe(2);
        expect(stderr).toMatch(/only 127\.0\.0\.1 is allowed, or a link-local/);
      },
    );

    it("accepts a link-local address (bind fails here: no interface has it, exit 1)", () => {
      let status = 0;
      let stderr = "";
      try {
        execFileSync(SERVER_BINARY, ["--mechanism", "epoll", "--address", "169.254.100.1"], {
          stdio: ["ignore", "ignore", "pipe"],
        });
      } catch (e) {
        status = (e as { status: number }).status;
        stderr = String((e as { stderr: Buffer }).stderr);
      }
      expect(status).toBe(1);
      expect(stderr).toMatch(/bind 169\.254\.100\.1:0/);
    });
  },
);

const unavailable = hwUnavailableReason() ?? linkUnavailableReason();
const skipLink = unavailable !== null && !process.env.CI;

describe.skipIf(skipLink)(`--link 100mbit ${unavailable ?? ""}`, () => {
  beforeAll(() => buildServer(), 120_000);

  it("bounds a 6 KB point at 3000 req/s to the wire's ≈ 1 800 replies/s and leaves nothing", async () => {
    const spec: PointSpec = {
      workload: "idle-burst",
      mechanism: "epoll",
      connections: 0,
      idle: 20,
      rate: 3000,
      reply_bytes: 6144,
      duration_s: 2,
      warmup_s: 0.5,
      client_timeout_s: 1,
      seed: 1,
    };
    const registry = new ChildRegistry(1000);
    const r = await runHwPoint(spec, {
      serverBinary: SERVER_BINARY,
      registry,
      link: "100mbit",
    });
    process.stderr.write(
      `link 100mbit, 6 KB at 3000 req/s: ${r.metrics.reply_rate?.toFixed(0)} replies/s, ` +
        `${r.metrics.errors} errors, tbf ${JSON.stringify(r.raw.link?.stats)}\n`,
    );
    expect(r.raw.address).toBe("169.254.100.1");
    expect(r.raw.idle?.established).toBe(20);
    expect(r.metrics.reply_rate!).toBeLessThanOrEqual(2100);
    // The link carries replies (it is shaped, not broken).
    expect(r.metrics.reply_rate!).toBeGreaterThan(300);
    expect(r.raw.link?.stats?.server.sentBytes).toBeGreaterThan(0);
    expect(registry.started.filter((c) => processAlive(c.pid))).toEqual([]);
    expect(childrenOfThisProcess()).toEqual([]);
    expect(ourNamespaces(process.pid), "namespaces left").toEqual([]);
    expect(execFileSync("ip", ["link", "show"], { encoding: "utf8" })).not.toMatch(
      /veth-(srv|cli)/,
    );
  }, 60_000);

  for (const signal of ["SIGINT", "SIGKILL"] as const) {
    it(`after ${signal} to the Node process running it, namespaces and children go`, async () => {
      const { node, ready } = await startInterruptedRun<{ namespaces: string[]; pids: number[] }>(
        true,
      );
      expect(ready.namespaces).toHaveLength(2);
      expect(ourNamespaces(node.pid!).sort()).toEqual([...ready.namespaces].sort());
      expect(await interruptRun(node, signal, ready.pids)).toBe(signal);
      expect(ready.pids.filter(processAlive), `alive after ${signal}`).toEqual([]);
      if (signal === "SIGKILL") {
        // Nothing could run in the killed process: its temp dir and stale lock go here…
        removeLeftoversOf(node.pid!);
        // …and the next setup removes its namespaces.
        expect(ourNamespaces(node.pid!).length).toBe(2);
        const registry = new ChildRegistry();
        const link = await setUpLink(registry, { rate: "100mbit" });
        expect(ourNamespaces(node.pid!), "stale namespaces not removed").toEqual([]);
        expect(ourNamespaces(process.pid)).toHaveLength(2);
        await registry.stopAll();
        expect(ourNamespaces(process.pid)).toEqual([]);
        await link.teardown(); // idempotent
      } else {
        expect(ourNamespaces(node.pid!), `namespaces left after ${signal}`).toEqual([]);
      }
    }, 60_000);
  }
});
