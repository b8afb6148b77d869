import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  formatRunsCsv,
  parseRunsCsv,
  RUN_COLUMNS,
  RunsCsvError,
  readRunsCsv,
  writeRunsCsv,
} from "../../src/results/csv.js";
import { formatNumber } from "../../src/results/number-format.js";
import { row } from "./rows.js";

const ROWS = [
  row("r500", "select", 1000, 2, {
    reply_rate: 499.8666666666,
    cpu_pct: 41.23456789,
    resp_ms: 0.3,
  }),
  row("r500", "rtsig", 250, 1, {
    reply_rate: 500,
    cpu_pct: 6.67,
    sigwaitinfo_calls: 90123,
    sigio_count: 0,
    events_per_dispatch: 1 / 3,
  }),
  row("r1000", "select", 250, 1, { reply_rate: 1000, cpu_pct: 0.000012345678, errors: 0 }),
  row("r500", "select", 250, 1, { reply_rate: 1234567.5 }),
];

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "csv-"));
}

describe("formatNumber", () => {
  it("writes integers as integers and others with 6 significant digits", () => {
    expect(formatNumber(3000)).toBe("3000");
    expect(formatNumber(-0)).toBe("0");
    expect(formatNumber(6.67)).toBe("6.67");
    expect(formatNumber(1 / 3)).toBe("0.333333");
    expect(formatNumber(499.8666666666)).toBe("499.867");
    expect(formatNumber(1234567.5)).toBe("1234568");
    expect(formatNumber(0.000012345678)).toBe("0.0000123457");
  });

  it("is a fixed point: formatting the parsed text gives the same text", () => {
    for (const v of [1 / 3, 2 / 3, 499.8666666666, 0.1 + 0.2, 1e-9 / 7, 999999.95, 123.4565]) {
      const text = formatNumber(v);
      expect(formatNumber(Number(text))).toBe(text);
    }
  });

  it("refuses NaN and infinities", () => {
    expect(() => formatNumber(Number.NaN)).toThrow(RangeError);
    expect(() => formatNumber(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe("runs CSV", () => {
  it("writes the experiment-independent columns then every metric", () => {
    expect(RUN_COLUMNS).toEqual([
      "panel",
      "mechanism",
      "workload",
      "x",
      "connections",
      "idle",
      "rate",
      "reply_bytes",
      "duration_s",
      "warmup_s",
      "client_timeout_s",
      "seed",
      "reply_rate",
      "cpu_pct",
      "resp_ms",
      "errors",
      "sigwaitinfo_calls",
      "sigio_count",
      "dispatch_calls",
      "events_per_dispatch",
    ]);
  });

  it("sorts rows by panel, mechanism, x, seed and leaves null metrics empty", () => {
    const lines = formatRunsCsv(ROWS).trimEnd().split("\n");
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 4).join(","))).toEqual([
      "r1000,select,persistent,250",
      "r500,rtsig,persistent,250",
      "r500,select,persistent,250",
      "r500,select,persistent,1000",
    ]);
    expect(lines[2]).toBe(
      "r500,rtsig,persistent,250,250,0,500,92,60,2,1,1,500,6.67,,,90123,0,,0.333333",
    );
  });

  it("round-trips: nulls stay null, zeros stay zero, re-writing is byte-identical", () => {
    const dir = scratch();
    const first = join(dir, "sim.csv");
    writeRunsCsv(first, ROWS);
    const read = readRunsCsv(first);
    const rtsig = read.find((r) => r.spec.mechanism === "rtsig");
    expect(rtsig?.metrics.resp_ms).toBeNull();
    expect(rtsig?.metrics.errors).toBeNull();
    expect(rtsig?.metrics.sigio_count).toBe(0);
    expect(rtsig?.spec).toEqual(ROWS[1]?.spec);
    expect(rtsig?.x).toBe(250);

    const second = join(dir, "again.csv");
    writeRunsCsv(second, [...read].reverse());
    expect(readFileSync(second, "utf8")).toBe(readFileSync(first, "utf8"));
    expect(readRunsCsv(second)).toEqual(read);
  });

  it("rejects a file with another header", () => {
    const text = formatRunsCsv(ROWS).replace("cpu_pct", "cpu");
    expect(() => parseRunsCsv(text, "data/fig4/sim.csv")).toThrow(
      /^data\/fig4\/sim\.csv:1: header: expected panel,mechanism,/,
    );
  });

  it("reports every bad cell as file:line: column: message", () => {
    const [header, ...body] = formatRunsCsv(ROWS).trimEnd().split("\n");
    const cells = (line: string | undefined) => (line ?? "").split(",");
    const badRate = cells(body[0]);
    badRate[6] = "fast"; // rate
    const badMechanism = cells(body[1]);
    badMechanism[1] = "kqueue";
    badMechanism[11] = ""; // seed
    const badSeed = cells(body[2]);
    badSeed[11] = "1.5";
    const text = [header, badRate.join(","), badMechanism.join(","), badSeed.join(",")].join("\n");
    try {
      parseRunsCsv(text, "sim.csv");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RunsCsvError);
      expect((error as RunsCsvError).problems).toEqual([
        'sim.csv:2: rate: not a number: "fast"',
        'sim.csv:3: mechanism: unknown mechanism "kqueue"',
        "sim.csv:3: seed: empty cell; a number is required",
        "sim.csv:4: seed: expected an integer, got 1.5",
      ]);
    }
  });

  it("reports a row with the wrong number of cells", () => {
    const [header, first] = formatRunsCsv(ROWS).split("\n");
    const dir = scratch();
    const path = join(dir, "short.csv");
    writeFileSync(path, `${header}\n${first},extra\n`);
    expect(() => readRunsCsv(path)).toThrow(`${path}:2: row: expected 20 cells, got 21`);
  });
});
