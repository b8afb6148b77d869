import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PointCache } from "../../src/results/point-cache.js";
import { NO_METRICS, spec } from "./rows.js";

const METRICS = { ...NO_METRICS, reply_rate: 500, cpu_pct: 6.67, sigio_count: 0 };

describe("PointCache", () => {
  it("round-trips metrics, nulls included, under data/.cache/<runner>/<hash>.json", () => {
    const root = mkdtempSync(join(tmpdir(), "cache-"));
    const cache = new PointCache("sim", "sim-1", root);
    expect(cache.get(spec())).toBeUndefined();
    cache.put(spec(), METRICS);
    expect(cache.get(spec())).toEqual(METRICS);
    expect(cache.pathFor(spec())).toMatch(new RegExp(`^${root}/sim/[0-9a-f]{64}\\.json$`));
    expect(readdirSync(join(root, "sim"))).toHaveLength(1);
  });

  it("keys on the spec and the runner version", () => {
    const root = mkdtempSync(join(tmpdir(), "cache-"));
    new PointCache("sim", "sim-1", root).put(spec(), METRICS);
    expect(new PointCache("sim", "sim-1", root).get(spec())).toEqual(METRICS);
    expect(new PointCache("sim", "sim-2", root).get(spec())).toBeUndefined();
    expect(new PointCache("hw", "sim-1", root).get(spec())).toBeUndefined();
    expect(new PointCache("sim", "sim-1", root).get(spec({ seed: 2 }))).toBeUndefined();
  });

  it("treats an unreadable or outdated entry as a miss", () => {
    const root = mkdtempSync(join(tmpdir(), "cache-"));
    const cache = new PointCache("sim", "sim-1", root);
    cache.put(spec(), METRICS);
    writeFileSync(cache.pathFor(spec()), "{not json");
    expect(cache.get(spec())).toBeUndefined();
    writeFileSync(cache.pathFor(spec()), JSON.stringify({ reply_rate: 1 }));
    expect(cache.get(spec())).toBeUndefined();
  });

  it("rejects runner names that are not plain directory names", () => {
    expect(() => new PointCache("../sim", "1")).toThrow(/runner/);
  });
});
