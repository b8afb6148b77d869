/**
 * End to end: a shortened manifest through run → render → check → report,
 * in a scratch directory, with the same command functions the CLI calls.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkCommand } from "../../src/commands/check.js";
import { renderCommand } from "../../src/commands/render.js";
import { reportCommand } from "../../src/commands/report.js";
import { runCommand } from "../../src/commands/run.js";
import { readRunsCsv } from "../../src/results/csv.js";

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
  seeds: [1, 2]
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

describe("pipeline end to end", () => {
  const cwd = process.cwd();
  let dir = "";
  let stdout = "";
  const write = process.stdout.write.bind(process.stdout);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "dispatch-repro-e2e-"));
    mkdirSync(join(dir, "experiments"));
    writeFileSync(join(dir, "experiments", "mini.yaml"), MINI);
    process.chdir(dir);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      stdout += chunk.toString();
      return true;
    }) as typeof process.stdout.write;
  });

  afterAll(() => {
    process.stdout.write = write;
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs, stores CSV + provenance, renders, checks and reports", async () => {
    const first = await runCommand([], { runner: "sim", jobs: "1" });
    expect(first.ran).toBe(8);
    const rows = readRunsCsv("data/mini/sim.csv");
    expect(rows).toHaveLength(8);
    const meta = JSON.parse(readFileSync("data/mini/sim.meta.json", "utf8"));
    expect(meta.runner).toBe("sim");
    expect(meta.seeds).toEqual([1, 2]);
    expect(meta.manifestHash).toMatch(/^[0-9a-f]{64}$/);

    // Re-running reuses every point and writes a byte-identical CSV.
    const csv = readFileSync("data/mini/sim.csv", "utf8");
    const second = await runCommand([], { runner: "sim", jobs: "1" });
    expect(second.ran).toBe(0);
    expect(second.reused).toBe(8);
    expect(readFileSync("data/mini/sim.csv", "utf8")).toBe(csv);

    await renderCommand([], { runner: "sim" });
    for (const ext of ["svg", "png", "vl.json"])
      expect(existsSync(`figures/mini-a.${ext}`)).toBe(true);

    stdout = "";
    expect(checkCommand([], { runner: "sim" })).toBe(0);
    expect(stdout).toContain("rtsig-cpu");
    expect(stdout).toContain("select-above-rtsig");

    reportCommand();
    expect(readFileSync("figures/index.html", "utf8")).toContain('id="chart-mini-sim-a"');
    expect(readFileSync("figures/drift.md", "utf8")).toContain("rtsig-cpu");
  }, 120_000);

  it("check fails with a table naming the claim when a claim does not hold", () => {
    writeFileSync("experiments/mini.yaml", MINI.replace("expected: 6.67", "expected: 20"));
    stdout = "";
    expect(checkCommand([], { runner: "sim" })).toBe(1);
    expect(stdout).toMatch(/rtsig-cpu.*FAIL/s);
    stdout = "";
    expect(checkCommand([], { runner: "sim", json: true })).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.summary.ok).toBe(false);
    expect(
      report.experiments[0].claims.find((c: { id: string }) => c.id === "rtsig-cpu").verdict,
    ).toBe("fail");
  });

  it("a killed run resumes: only missing points run again", async () => {
    writeFileSync("experiments/mini.yaml", MINI);
    // Lose two cached points, as if the run had been killed before them.
    const cacheDir = join("data", ".cache", "sim");
    const entries = readdirSync(cacheDir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".json"));
    for (const f of entries.slice(0, 2)) rmSync(join(cacheDir, f));
    const again = await runCommand([], { runner: "sim", jobs: "1" });
    expect(again.ran).toBe(2);
    expect(again.reused).toBe(6);
    expect(readdirSync(dir).some((f) => f.includes(".tmp"))).toBe(false);
  });
});
