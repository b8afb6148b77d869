/**
 * The hw runner's cache identity: a repetition is reused only while the hw
 * runner's sources (TypeScript and the C server) and the machine are the
 * same; docs and the built binary do not count. And the planned time that
 * `run --runner hw` prints before it starts.
 */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HwPointCache } from "../../src/results/hw-point-cache.js";
import type { PointSpec } from "../../src/results/types.js";
import {
  FIXED_S,
  formatDuration,
  idleSetupSeconds,
  plannedLoadSeconds,
  plannedSeconds,
  plannedSessionSeconds,
} from "../../src/runners/hw/planned-time.js";
import {
  hwRunnerVersion,
  hwSourceDir,
  hwSourceVersion,
  machineId,
  serverBinaryPath,
} from "../../src/runners/hw/runner.js";

const spec: PointSpec = {
  workload: "idle-burst",
  mechanism: "epoll",
  connections: 0,
  idle: 1000,
  rate: 2000,
  reply_bytes: 1,
  duration_s: 1.5,
  warmup_s: 0.5,
  client_timeout_s: 1,
  seed: 1,
};

/** A copy of src/runners/hw to edit. */
function hwCopy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), "hw-src-")), "hw");
  cpSync(hwSourceDir(), dir, { recursive: true });
  return dir;
}

describe("hw runner version", () => {
  it("hashes the package's src/runners/hw, also when run from dist/", () => {
    expect(hwSourceDir()).toMatch(/src[/\\]runners[/\\]hw$/);
    expect(serverBinaryPath()).toMatch(/src[/\\]runners[/\\]hw[/\\]server[/\\]dispatch-server$/);
    expect(hwSourceVersion()).toMatch(/^[0-9a-f]{16}$/);
    expect(hwRunnerVersion()).toBe(`hw-${hwSourceVersion()}|${machineId()}`);
  });

  it("changes when a C file, a header, the Makefile or a TypeScript file changes", () => {
    const dir = hwCopy();
    let last = hwSourceVersion(dir);
    for (const file of ["server/core.c", "server/core.h", "server/Makefile", "httperf.ts"]) {
      writeFileSync(join(dir, file), "\n/* edited */\n", { flag: "a" });
      const now = hwSourceVersion(dir);
      expect(now, file).not.toBe(last);
      last = now;
    }
    // A new source file counts too.
    writeFileSync(join(dir, "server", "mech_kqueue.c"), "int x;\n");
    expect(hwSourceVersion(dir)).not.toBe(last);
  });

  it("does not change for docs or the built binary", () => {
    const dir = hwCopy();
    const before = hwSourceVersion(dir);
    writeFileSync(join(dir, "MAPPING.md"), "\nmore words\n", { flag: "a" });
    writeFileSync(join(dir, "server", "README.md"), "\nmore words\n", { flag: "a" });
    writeFileSync(join(dir, "server", "dispatch-server"), "relinked");
    mkdirSync(join(dir, "notes"), { recursive: true });
    writeFileSync(join(dir, "notes", "x.txt"), "x");
    expect(hwSourceVersion(dir)).toBe(before);
  });

  it("keys the cache: another source version (or repetition) is another entry", () => {
    const root = mkdtempSync(join(tmpdir(), "hw-cache-"));
    const dir = hwCopy();
    const a = new HwPointCache(hwRunnerVersion(dir), root);
    writeFileSync(join(dir, "server", "http.c"), "\n/* edited */\n", { flag: "a" });
    const b = new HwPointCache(hwRunnerVersion(dir), root);
    expect(a.pathFor(spec)).not.toBe(b.pathFor(spec));
    expect(a.pathFor({ ...spec, seed: 2 })).not.toBe(a.pathFor(spec));

    const entry = {
      metrics: {
        reply_rate: 2000,
        cpu_pct: 20,
        resp_ms: 0.2,
        errors: 0,
        sigwaitinfo_calls: null,
        sigio_count: null,
        dispatch_calls: 5000,
        events_per_dispatch: 1.2,
      },
      hw: { valid: true, invalid_reason: "", server_cpu_pct: 15 },
      extra: { server_cpu_us_per_reply: 30 },
      warnings: [],
    };
    a.put(spec, entry);
    expect(a.get(spec)).toEqual(entry);
    expect(b.get(spec)).toBeUndefined();
    expect(a.get({ ...spec, seed: 2 })).toBeUndefined();
  });
});

describe("planned time", () => {
  it("is the load schedule plus the idle set-up plus a fixed cost", () => {
    // idle-burst: warm-up 0.5 + window 1.5 + tail 0.5, then drain and start/stop.
    const idleFree = plannedSeconds({ ...spec, idle: 0 });
    expect(idleFree).toBeGreaterThan(2.5);
    expect(idleFree).toBeLessThan(4);
    expect(plannedSeconds(spec)).toBeCloseTo(idleFree + idleSetupSeconds(spec), 6);
  });

  it("a session pays the idle set-up and start/stop once, and each point's load", () => {
    const rates = [500, 1000, 2000].map((rate) => ({ ...spec, rate }));
    const session = plannedSessionSeconds(rates);
    const loads = rates.reduce((s, r) => s + plannedLoadSeconds(r), 0);
    expect(session).toBeCloseTo(loads + idleSetupSeconds(spec) + FIXED_S, 6);
    expect(session).toBeLessThan(rates.reduce((s, r) => s + plannedSeconds(r), 0));
  });

  it("charges select a quadratic idle set-up (one accept per full scan), epoll a linear one", () => {
    const select = (idle: number) => idleSetupSeconds({ ...spec, mechanism: "select", idle });
    const epoll = (idle: number) => idleSetupSeconds({ ...spec, mechanism: "epoll", idle });
    expect(select(10_000) / select(5000)).toBeGreaterThan(3);
    expect(epoll(10_000) / epoll(5000)).toBeCloseTo(2, 6);
    expect(select(10_000)).toBeGreaterThan(5 * epoll(10_000));
  });

  it("persistent: the warm-up covers the connections' ramp C/R, and the run stops after the window", () => {
    const p: PointSpec = {
      ...spec,
      workload: "persistent",
      idle: 0,
      connections: 10_000,
      rate: 2000,
    };
    // ramp 5 s + window 1.5 + tail 0.5, not the sessions' whole schedule.
    expect(plannedSeconds(p)).toBeGreaterThan(7);
    expect(plannedSeconds(p)).toBeLessThan(8.5);
  });

  it("formats durations for the plan line", () => {
    expect(formatDuration(42.4)).toBe("42 s");
    expect(formatDuration(1468)).toBe("24 min 28 s");
  });
});
