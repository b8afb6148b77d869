/**
 * The hw results file: the shared columns plus valid, invalid_reason,
 * server_cpu_pct and the point's valid repetitions; invalid runs stay in the
 * file and out of the aggregates.
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
  QUEUE_LIMIT_COLUMN,
  RUN_COLUMNS,
  RunsCsvError,
  readRunsCsv,
  VALID_REPETITIONS_COLUMN,
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
  it("has the shared columns, then valid, invalid_reason, server_cpu_pct, point_valid_repetitions", () => {
    const text = formatRunsCsv(ROWS, { hw: true });
    const header = text.split("\n")[0];
    expect(header).toBe([...RUN_COLUMNS, ...HW_COLUMNS, VALID_REPETITIONS_COLUMN].join(","));
    expect(HW_COLUMNS).toEqual(["valid", "invalid_reason", "server_cpu_pct"]);
  });

  it("marks every row of a point with its valid repetitions (2 of 3 here: no 95% interval)", () => {
    const lines = formatRunsCsv(ROWS, { hw: true }).trim().split("\n").slice(1);
    expect(lines.map((l) => l.split(",").at(-1))).toEqual(["2", "2", "2"]);
  });

  it("reads hw results written before the valid-repetitions column", () => {
    const text = formatRunsCsv(ROWS, { hw: true })
      .split("\n")
      .map((l) => l.replace(/,[^,]*$/, ""))
      .join("\n");
    expect(parseRunsCsv(text, "hw.csv").map((r) => r.hw)).toEqual(ROWS.map((r) => r.hw));
  });

  it("writes and reads a queue limit only when a row has one", () => {
    const limited: RunRow = { ...ROWS[0]!, spec: { ...ROWS[0]!.spec, queue_limit: 16 } };
    const text = formatRunsCsv([limited, ROWS[2]!], { hw: true });
    expect(
      text.split("\n")[0]?.endsWith(`,${VALID_REPETITIONS_COLUMN},${QUEUE_LIMIT_COLUMN}`),
    ).toBe(true);
    const back = parseRunsCsv(text, "hw.csv");
    expect(back.map((r) => r.spec.queue_limit)).toEqual([16, undefined]);
    expect(formatRunsCsv(ROWS, { hw: true })).not.toContain(QUEUE_LIMIT_COLUMN);
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
    expect(lines[1]).toMatch(/,true,,9\.5,2$/);
    expect(lines[2]).toMatch(/,false,"httperf ran out of client resources .*",31\.25,2$/);
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
