/**
 * The drift gate end to end, in a scratch directory with a small manifest:
 * run → check (no baseline: fail) → check --accept → check (pass) → a
 * deliberately broken cost constant → check fails with a readable drift
 * table → --accept takes it on purpose. The same command functions the CLI
 * calls; the simulator runs in this process (tests run from TypeScript
 * sources), so mutating the imported cost profile reaches it.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkCommand } from "../../src/commands/check.js";
import { reportCommand } from "../../src/commands/report.js";
import { runCommand } from "../../src/commands/run.js";
import { readRunsCsv } from "../../src/results/csv.js";
import { formatNumber } from "../../src/results/number-format.js";
import { piii400Linux24 } from "../../src/runners/sim/costs/piii-400-linux-2.4.js";

const MINI = `
id: mini
title: "Mini Figure 4"
paper_ref: "Figure 4, Section 3.1.2"
sweep:
  workload: persistent
  mechanisms: [select, rtsig]
  x: connections
  values: [250, 2000]
  params: { reply_bytes: 92, duration_s: 3, warmup_s: 1, client_timeout_s: 1 }
  panels:
    - { id: a, title: "500 requests/s", params: { rate: 500 } }
  seeds: [1]
runners:
  sim: { profile: piii-400-linux-2.4 }
chart:
  title: "CPU usage"
  y: cpu_pct
  x_title: "Number of concurrent connections"
  y_title: "CPU usage (%)"
claims:
  - id: rtsig-cpu
    source: { ref: "Figure 4", quote: "about 6.67% on average for the 500 req/s case" }
    kind: value
    role: calibration
    metric: cpu_pct
    series: [rtsig]
    at: mean
    expected: 6.67
    tolerance: { abs: 1.0 }
  - id: select-above-rtsig
    source: { ref: "Figure 4", quote: "dramatically lower than either select() or /dev/poll" }
    kind: order
    role: validation
    metric: cpu_pct
    lower: [rtsig]
    higher: [select]
    factor: 0.5
`;

const costs = piii400Linux24 as { rxDataUs: number };
const RX_DATA_US = costs.rxDataUs;

const gate = { runner: "sim", drift: true } as const;

function cpuAt(path: string, mechanism: string, x: number): number {
  const r = readRunsCsv(path).find((row) => row.spec.mechanism === mechanism && row.x === x);
  if (r?.metrics.cpu_pct == null) throw new Error(`no cpu_pct for ${mechanism} ${x} in ${path}`);
  return r.metrics.cpu_pct;
}

/** Runs every point again with rxDataUs set to `us` (restored afterwards). */
async function runWithRxData(us: number): Promise<void> {
  costs.rxDataUs = us;
  try {
    await runCommand([], { runner: "sim", jobs: "1", force: true });
  } finally {
    costs.rxDataUs = RX_DATA_US;
  }
}

describe("drift gate end to end", () => {
  const cwd = process.cwd();
  let dir = "";
  let stdout = "";
  const write = process.stdout.write.bind(process.stdout);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "dispatch-repro-drift-"));
    mkdirSync(join(dir, "experiments"));
    writeFileSync(join(dir, "experiments", "mini.yaml"), MINI);
    process.chdir(dir);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      stdout += chunk.toString();
      return true;
    }) as typeof process.stdout.write;
    await runCommand([], { runner: "sim", jobs: "1" });
  });

  afterAll(() => {
    costs.rxDataUs = RX_DATA_US;
    process.stdout.write = write;
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  it("fails without a baseline and says how to accept one", () => {
    stdout = "";
    expect(checkCommand([], gate)).toBe(1);
    expect(stdout).toContain("no accepted baseline");
    expect(stdout).toContain("dispatch-repro check --accept mini");
    // The claims alone pass: the gate is what failed.
    expect(checkCommand([], { runner: "sim" })).toBe(0);
  });

  it("check --accept writes the baseline; check then passes", () => {
    stdout = "";
    expect(checkCommand([], { ...gate, accept: true })).toBe(0);
    expect(stdout).toMatch(/accepted mini\s+data\/mini\/sim\.baseline\.csv.*new baseline/);
    expect(readFileSync("data/mini/sim.baseline.csv", "utf8")).toBe(
      readFileSync("data/mini/sim.csv", "utf8"),
    );
    expect(JSON.parse(readFileSync("data/mini/sim.verdicts.json", "utf8"))).toEqual({
      "rtsig-cpu": "pass",
      "select-above-rtsig": "pass",
    });
    stdout = "";
    expect(checkCommand([], gate)).toBe(0);
    expect(stdout).toContain("drift: 0 values beyond tolerance, 0 claim regressions");
    expect(stdout).not.toContain("FAILED");
  });

  // The required test.
  it("a deliberately broken cost constant makes check fail with a readable drift table", async () => {
    await runWithRxData(3 * RX_DATA_US);
    expect(costs.rxDataUs).toBe(RX_DATA_US);
    const before = cpuAt("data/mini/sim.baseline.csv", "rtsig", 250);
    const now = cpuAt("data/mini/sim.csv", "rtsig", 250);
    expect(now).toBeGreaterThan(before);

    stdout = "";
    expect(checkCommand([], gate)).toBe(1);
    expect(stdout).toContain("== drift against the accepted baseline");
    expect(stdout).toMatch(/experiment\s+point\s+metric\s+baseline\s+now\s+change\s+tolerance/);
    const change = `+${formatNumber(now - before)} (+${Number(((100 * (now - before)) / before).toPrecision(3))}%)`;
    const line = stdout
      .split("\n")
      .find((l) => l.includes("panel a, rtsig, x=250, seed 1  ") && l.includes("cpu_pct"));
    expect(line?.split(/\s{2,}/)).toEqual([
      "mini",
      "panel a, rtsig, x=250, seed 1",
      "cpu_pct",
      formatNumber(before),
      formatNumber(now),
      change,
      "exact",
    ]);
    expect(stdout).toMatch(/resp_ms/);
    // The calibration claim now fails, and it passed in the baseline: a regression too.
    expect(stdout).toMatch(/Claim regressions.*\n.*\n.*\nmini\s+rtsig-cpu\s+PASS\s+FAIL/);
    expect(stdout).toMatch(
      /drift: \d+ values beyond tolerance \(mini\), 1 claim regression.*→ FAILED/,
    );

    stdout = "";
    expect(checkCommand([], { ...gate, json: true })).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.ok).toBe(false);
    expect(report.drift.ok).toBe(false);
    const rows = report.experiments[0].drift.rows as { point: string; metric: string }[];
    expect(rows).toContainEqual(
      expect.objectContaining({
        experiment: "mini",
        point: "panel a, rtsig, x=250, seed 1",
        metric: "cpu_pct",
        baseline: before,
        now,
        tolerance: "exact",
        beyondTolerance: true,
      }),
    );
    expect(report.experiments[0].drift.regressions[0].claim).toBe("rtsig-cpu");

    // figures/drift.md carries the same table in Markdown for a pull-request comment.
    reportCommand();
    const md = readFileSync("figures/drift.md", "utf8");
    expect(md).toContain("## Drift against the accepted baseline");
    expect(md).toContain("| experiment | point | metric | baseline | now | change | tolerance |");
    expect(md).toContain(
      `| mini | panel a, rtsig, x=250, seed 1 | cpu_pct | ${formatNumber(before)} | ${formatNumber(now)} |`,
    );
  });

  it("check --accept takes a change on purpose and shows it; a failing claim still fails", () => {
    stdout = "";
    expect(checkCommand([], { ...gate, accept: true })).toBe(0);
    expect(stdout).toMatch(/accepted mini .*value\(s\) and 1 verdict\(s\) changed/);
    expect(stdout).toContain("Values changed since the baseline:");
    expect(stdout).toMatch(/panel a, rtsig, x=250, seed 1\s+cpu_pct/);
    expect(stdout).toMatch(/note: 1 claim\(s\) fail \(rtsig-cpu\)/);
    expect(JSON.parse(readFileSync("data/mini/sim.verdicts.json", "utf8"))["rtsig-cpu"]).toBe(
      "fail",
    );
    stdout = "";
    expect(checkCommand([], gate)).toBe(1);
    expect(stdout).toContain("drift: 0 values beyond tolerance, 0 claim regressions");
    expect(stdout).toMatch(
      /calibration 0\/1 pass, 1 fail, 0 no data, 0 not reproduced {2}→ FAILED/,
    );
  });

  it("back to the real constants: the fix shows as drift plus a fixed claim, then is accepted", async () => {
    await runCommand([], { runner: "sim", jobs: "1", force: true });
    stdout = "";
    expect(checkCommand([], gate)).toBe(1);
    expect(stdout).toMatch(/Fixed since the baseline:.*\n.*\n.*\nmini\s+rtsig-cpu\s+FAIL\s+PASS/);
    expect(checkCommand([], { ...gate, accept: true })).toBe(0);
    expect(checkCommand([], gate)).toBe(0);
  });

  it("a claim that passed and is now a known deviation fails CI (no value moved)", () => {
    writeFileSync(
      "experiments/mini.yaml",
      MINI.replace(
        "    factor: 0.5\n",
        '    factor: 0.01\n    known_deviation: "pretend the model cannot do it"\n',
      ),
    );
    try {
      stdout = "";
      expect(checkCommand([], { runner: "sim" })).toBe(0);
      stdout = "";
      expect(checkCommand([], gate)).toBe(1);
      expect(stdout).toMatch(/mini\s+select-above-rtsig\s+PASS\s+NOT REPRODUCED/);
      expect(stdout).toContain("drift: 0 values beyond tolerance, 1 claim regression");
      stdout = "";
      expect(checkCommand([], { ...gate, brief: true })).toBe(1);
      expect(stdout).toMatch(/^mini\s+FAIL .*regressed: select-above-rtsig/m);
    } finally {
      writeFileSync("experiments/mini.yaml", MINI);
    }
  });

  it("honours the manifest's per-metric drift tolerances", async () => {
    await runWithRxData(RX_DATA_US + 1);
    try {
      stdout = "";
      expect(checkCommand([], gate)).toBe(1);
      const loose = Object.fromEntries(
        ["reply_rate", "cpu_pct", "resp_ms", "errors", "dispatch_calls", "events_per_dispatch"]
          .concat(["sigwaitinfo_calls", "sigio_count"])
          .map((m) => [m, { rel: 0.5, abs: 5 }]),
      );
      writeFileSync(
        "experiments/mini.yaml",
        `${MINI}drift:\n  tolerance: ${JSON.stringify(loose)}\n`,
      );
      stdout = "";
      expect(checkCommand([], gate)).toBe(0);
      expect(stdout).toMatch(/drift: 0 values beyond tolerance, \d+ within tolerance/);
    } finally {
      writeFileSync("experiments/mini.yaml", MINI);
    }
    expect(existsSync("data/mini/sim.baseline.csv")).toBe(true);
  });
});
