/**
 * httperf's report parser on real output (captured from httperf 0.9.0 against
 * a local Node HTTP server; see test/hw/fixtures/README.md), and the
 * workload → httperf argument mapping.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { PointSpec } from "../../src/results/types.js";
import {
  combineReports,
  HttperfParseError,
  parseHttperfOutput,
  planHttperf,
  splitEvenly,
} from "../../src/runners/hw/load/httperf.js";

const fixture = (name: string) => readFileSync(`test/hw/fixtures/${name}`, "utf8");

describe("parseHttperfOutput", () => {
  it("reads a short new-connection-per-request run (0 reply-rate samples)", () => {
    const r = parseHttperfOutput(fixture("httperf-conn-per-request.txt"));
    expect(r).toMatchObject({
      connections: 600,
      requests: 600,
      replies: 600,
      testDurationS: 2.998,
      connectionRate: 200.1,
      requestRate: 200.1,
      responseMs: 2.0,
      transferMs: 0.0,
    });
    expect(r.replyRateSamples.samples).toBe(0);
    // No samples on runs < 5 s: the reply rate comes from replies / test-duration.
    expect(r.replyRate).toBeCloseTo(600 / 2.998, 6);
    expect(r.errors).toEqual({
      total: 0,
      clientTimo: 0,
      socketTimo: 0,
      connRefused: 0,
      connReset: 0,
      fdUnavail: 0,
      addrUnavail: 0,
      ftabFull: 0,
      other: 0,
    });
  });

  it("reads a session (--wsess) run with one reply-rate sample", () => {
    const r = parseHttperfOutput(fixture("httperf-wsess.txt"));
    expect(r).toMatchObject({
      connections: 50,
      requests: 1000,
      replies: 1000,
      testDurationS: 5.042,
    });
    expect(r.replyRateSamples).toEqual({
      min: 198.8,
      avg: 198.8,
      max: 198.8,
      stddev: 0,
      samples: 1,
    });
    expect(r.requestRate).toBe(198.3);
    expect(r.responseMs).toBe(2.3);
  });

  it("reads refused connections", () => {
    const r = parseHttperfOutput(fixture("httperf-connrefused.txt"));
    expect(r.replies).toBe(0);
    expect(r.requestRate).toBe(0);
    expect(r.errors.total).toBe(50);
    expect(r.errors.connRefused).toBe(50);
  });

  it("reads client timeouts and fd-unavail", () => {
    const r = parseHttperfOutput(fixture("httperf-fd-unavail.txt"));
    expect(r.errors).toMatchObject({ total: 150, clientTimo: 108, fdUnavail: 42 });
    expect(r.connections).toBe(108);
  });

  it("names the missing line of a truncated report", () => {
    const text = fixture("httperf-conn-per-request.txt").replace(/^Errors: fd-unavail.*$/m, "");
    expect(() => parseHttperfOutput(text)).toThrow(HttperfParseError);
    expect(() => parseHttperfOutput(text)).toThrow(/Errors: fd-unavail/);
  });

  it("combines shards: counts and rates add, response time is reply-weighted", () => {
    const a = parseHttperfOutput(fixture("httperf-conn-per-request.txt"));
    const b = parseHttperfOutput(fixture("httperf-wsess.txt"));
    const c = combineReports([a, b]);
    expect(c.replies).toBe(1600);
    expect(c.requestRate).toBeCloseTo(200.1 + 198.3, 6);
    expect(c.responseMs).toBeCloseTo((2.0 * 600 + 2.3 * 1000) / 1600, 6);
    expect(c.testDurationS).toBe(5.042);
  });
});

const base: PointSpec = {
  workload: "persistent",
  mechanism: "epoll",
  connections: 2000,
  idle: 0,
  rate: 1000,
  reply_bytes: 92,
  duration_s: 10,
  warmup_s: 1,
  client_timeout_s: 1,
  seed: 1,
};

function arg(args: string[], name: string): string | undefined {
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

describe("planHttperf", () => {
  it("splits evenly", () => {
    expect(splitEvenly(2000, 3)).toEqual([667, 667, 666]);
    expect(splitEvenly(5, 1)).toEqual([5]);
  });

  it("maps persistent: one session per connection, think time C/R, spread over C/R", () => {
    const plan = planHttperf(base, { port: 8080, warmupS: 1, durationS: 10 });
    // 2000 connections > 900 descriptors per httperf: 3 shards.
    expect(plan.shards.map((s) => s.connections)).toEqual([667, 667, 666]);
    // The ramp takes C/R = 2 s, so the warm-up is 2 s, not 1.
    expect(plan.warmupS).toBe(2);
    const calls = Math.ceil((2 + 10 + 0.5) / 2) + 1;
    const [first] = plan.shards;
    expect(arg(first!.args, "wsess")).toBe(`667,${calls},2`);
    expect(arg(first!.args, "rate")).toBe("333.5");
    expect(arg(first!.args, "client")).toBe("0/3");
    expect(arg(first!.args, "port")).toBe("8080");
    // Offered load: sessions / think time summed over shards = R.
    const total = plan.shards.reduce((s, sh) => s + sh.connections / 2, 0);
    expect(total).toBe(1000);
    // No session ends before the window does.
    expect((calls - 1) * 2).toBeGreaterThanOrEqual(2 + 10);
  });

  it("maps idle-burst: HTTP/1.0, one call per connection at the rate, no --hog", () => {
    const spec: PointSpec = {
      ...base,
      workload: "idle-burst",
      idle: 6000,
      rate: 500,
      reply_bytes: 1,
    };
    const plan = planHttperf(spec, { port: 9, warmupS: 1, durationS: 3 });
    expect(plan.shards).toHaveLength(1);
    const args = plan.shards[0]!.args;
    expect(args).toContain("--http-version=1.0");
    expect(args).toContain("--num-calls=1");
    expect(args).not.toContain("--hog");
    expect(arg(args, "rate")).toBe("500");
    expect(arg(args, "num-conns")).toBe(String(Math.ceil(500 * 4.5)));
    expect(plan.runS).toBeCloseTo(4.5, 6);
  });

  it("shards idle-burst so rate × timeout fits each httperf's descriptors", () => {
    const spec: PointSpec = { ...base, workload: "idle-burst", rate: 4000 };
    const plan = planHttperf(spec, { port: 9, warmupS: 1, durationS: 3 });
    expect(plan.shards).toHaveLength(5);
    expect(plan.shards.map((s) => arg(s.args, "rate"))).toEqual(Array(5).fill("800"));
    expect(plan.shards.map((s) => arg(s.args, "client"))).toEqual([
      "0/5",
      "1/5",
      "2/5",
      "3/5",
      "4/5",
    ]);
  });
});
