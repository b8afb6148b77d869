/**
 * The hw results file: the shared columns plus valid, invalid_reason and
 * server_cpu_pct; invalid runs stay in the file and out of the aggregates.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { aggregate } from "../../src/results/aggregate.js";
import {
  formatRunsCsv,
  HW_COLUMNS,
  parseRunsCsv,
  RUN_COLUMNS,
  RunsCsvError,
  readRunsCsv,
  writeRunsCsv,
} from "../../src/results/csv.js";
import type { RunRow } from "../../src/results/types.js";
import { row } from "./rows.js";

const REASON =
  "httperf ran out of client resources (addrunavail 3, ftab-full 0); achieved request rate 5943.5 req/s misses the target 12000 by 50.5%";

function hwRow(
  seed: number,
  valid: boolean,
  replyRate: number,
  serverCpu: number | null,
  reason = "",
): RunRow {
  return {
    ...row("a", "epoll", 1000, seed, { reply_rate: replyRate, cpu_pct: 12.5, errors: 0 }),
    hw: { valid, invalid_reason: reason, server_cpu_pct: serverCpu },
  };
}

const ROWS: RunRow[] = [
  hwRow(1, true, 1000, 9.5),
  hwRow(2, false, 640, 31.25, REASON),
  hwRow(3, true, 1002, null),
];

describe("hw.csv", () => {
  it("has the shared columns, then valid, invalid_reason, server_cpu_pct", () => {
    const text = formatRunsCsv(ROWS, { hw: true });
    const header = text.split("\n")[0];
    expect(header).toBe([...RUN_COLUMNS, ...HW_COLUMNS].join(","));
    expect(HW_COLUMNS).toEqual(["valid", "invalid_reason", "server_cpu_pct"]);
  });

  it("round-trips valid, the reason (commas and all) and server_cpu_pct", () => {
    const dir = mkdtempSync(join(tmpdir(), "hw-csv-"));
    const path = join(dir, "hw.csv");
    writeRunsCsv(path, ROWS, { hw: true });
    const back = readRunsCsv(path);
    expect(back.map((r) => r.hw)).toEqual(ROWS.map((r) => r.hw));
    expect(back.map((r) => r.metrics.reply_rate)).toEqual([1000, 640, 1002]);
    // Same bytes when written again: a warm run leaves the file alone.
    expect(formatRunsCsv(back, { hw: true })).toBe(readFileSync(path, "utf8"));
  });

  it("a valid row has an empty reason; an invalid one must say why", () => {
    const text = formatRunsCsv(ROWS, { hw: true });
    const lines = text.trim().split("\n");
    expect(lines[1]).toMatch(/,true,,9\.5$/);
    expect(lines[2]).toMatch(/,false,"httperf ran out of client resources .*",31\.25$/);
    const broken = text.replace(`"${REASON}"`, "");
    expect(() => parseRunsCsv(broken, "data/x/hw.csv")).toThrow(/invalid_reason: empty/);
    const badFlag = text.replace(",true,,9.5", ",yes,,9.5");
    expect(() => parseRunsCsv(badFlag, "data/x/hw.csv")).toThrow(RunsCsvError);
  });

  it("sim CSVs keep their columns and read without hw fields", () => {
    const sim = formatRunsCsv([row("a", "select", 250, 1, { reply_rate: 500 })]);
    expect(sim.split("\n")[0]).toBe(RUN_COLUMNS.join(","));
    expect(parseRunsCsv(sim, "sim.csv")[0]?.hw).toBeUndefined();
  });

  it("writing hw columns for a row without hw fields is an error, not an empty cell", () => {
    expect(() => formatRunsCsv([row("a", "select", 250, 1, {})], { hw: true })).toThrow(
      /has no hw fields/,
    );
  });

  it("aggregation leaves the invalid runs out (they measure the client, not the server)", () => {
    const [point] = aggregate(ROWS);
    expect(point?.metrics.reply_rate?.n).toBe(2);
    expect(point?.metrics.reply_rate?.mean).toBe(1001);
    const allInvalid = ROWS.map((r) => ({
      ...r,
      hw: { ...r.hw!, valid: false, invalid_reason: "x" },
    }));
    expect(aggregate(allInvalid)).toEqual([]);
  });
});
