/**
 * Bad input gets one clear line and exit status 2 — never a stack trace, a
 * process that grows until the machine runs out of memory, or a failure
 * minutes into a run — and nothing already stored is lost. Through the
 * compiled CLI (make test builds it), in a folder of its own.
 */

import { spawn } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CLI, cliWorkspace, runCli } from "./cli-workspace.js";

const MINI = `id: mini
title: "Mini <b>figure</b> | with *text* from the manifest"
paper_ref: "Figure 4, Section 3.1.2"
sweep:
  workload: persistent
  mechanisms: [select, rtsig]
  x: connections
  values: [250, 500]
  params: { rate: 500, reply_bytes: 92, duration_s: 2, warmup_s: 1, client_timeout_s: 1 }
  panels:
    - { id: a, title: "500 requests/s" }
  seeds: [1]
runners:
  sim: { profile: piii-400-linux-2.4 }
chart:
  title: "CPU usage"
  y: cpu_pct
  x_title: "connections"
  y_title: "CPU (%)"
claims:
  - id: mini-rtsig-below
    source: { ref: "Figure 4", quote: "dramatically <i>lower</i> | than select()" }
    kind: order
    role: validation
    metric: cpu_pct
    lower: [rtsig]
    higher: [select]
    factor: 0.5
`;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function workspace(manifest = MINI, id = "mini"): string {
  const dir = cliWorkspace("bad-input", { [id]: manifest });
  dirs.push(dir);
  return dir;
}

const cli = runCli;

/** One line on stderr, exit 2, no stack trace. */
function expectOneLineError(r: ReturnType<typeof cli>, text: string): void {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).toContain(text);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
}

function tempFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => /\.tmp-/.test(f));
}

describe("point: limits on the command line", () => {
  const base = ["point", "--runner", "sim", "--mechanism", "select", "--json"];
  it.each([
    [
      ["--workload", "persistent", "--connections", "1e9", "--rate", "500"],
      "--connections must be at most 100000, got 1e9",
    ],
    [
      ["--workload", "idle-burst", "--idle", "1e9", "--rate", "500"],
      "--idle must be at most 100000, got 1e9",
    ],
    [["--workload", "idle-burst", "--rate", "1e9"], "--rate must be at most 100000, got 1e9"],
    [
      ["--workload", "idle-burst", "--rate", "500", "--duration", "1e9"],
      "--duration must be at most 3600, got 1e9",
    ],
    [
      ["--workload", "idle-burst", "--rate", "90000", "--duration", "3000"],
      "requests in one point, above the limit 5000000",
    ],
  ])("%j → one line, exit 2", (args, text) => {
    expectOneLineError(cli(tmpdir(), [...base, ...args]), text);
  });
});

describe("manifests: caps and cross-field checks before anything runs", () => {
  it("a sweep value above its parameter's limit, with file:line:column", () => {
    const dir = workspace(MINI.replace("values: [250, 500]", "values: [250, 10000000]"));
    const r = cli(dir, ["run"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      "experiments/mini.yaml:8:17: sweep.values[1]: connections 10000000 is above the limit 100000",
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, "data"))).toBe(false);
  });

  it("a persistent workload swept over rate with no connections", () => {
    const manifest = MINI.replace("x: connections", "x: rate").replace(
      "values: [250, 500]",
      "values: [500, 1000]",
    );
    const r = cli(workspace(manifest), ["run"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      'experiments/mini.yaml:5:13: sweep.workload: panel "a", x=500: the persistent workload needs connections ≥ 1',
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("a sweep of too many points", () => {
    const seeds = Array.from({ length: 6000 }, (_, i) => i + 1).join(", ");
    const r = cli(workspace(MINI.replace("seeds: [1]", `seeds: [${seeds}]`)), ["run"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      "24000 runs planned (panels × mechanisms × values × seeds), above the limit 20000",
    );
  });
});

describe("damaged files: one line naming the file and the fix", () => {
  it("a truncated sim.csv makes check and render say so, and run rewrites it from the cache", () => {
    const dir = workspace();
    expect(cli(dir, ["run", "--jobs", "1"]).status).toBe(0);
    const csv = join(dir, "data", "mini", "sim.csv");
    const whole = readFileSync(csv, "utf8");
    writeFileSync(csv, whole.slice(0, Math.floor(whole.length * 0.6)));
    for (const command of [["check", "--no-drift"], ["render"]]) {
      expectOneLineError(cli(dir, command), "data/mini/sim.csv:");
      expect(cli(dir, command).stderr).toContain("the file is damaged");
    }
    const rerun = cli(dir, ["run"]);
    expect(rerun.stderr).toContain("0 points simulated, 4 reused");
    expect(readFileSync(csv, "utf8")).toBe(whole);
  });

  it("an unreadable baseline is 'baseline unreadable', with restore advice, not 'no baseline'", () => {
    const dir = workspace();
    expect(cli(dir, ["run", "--jobs", "1"]).status).toBe(0);
    expect(cli(dir, ["check", "--accept"]).status).toBe(0);
    writeFileSync(join(dir, "data", "mini", "sim.verdicts.json"), "{ not json");
    const r = cli(dir, ["check"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      "BASELINE UNREADABLE mini: baseline unreadable: data/mini/sim.verdicts.json",
    );
    expect(r.stdout).toContain("restore it (git checkout -- data/mini/sim.baseline.csv");
    expect(r.stdout).not.toContain("NO BASELINE");
    rmSync(join(dir, "data", "mini", "sim.verdicts.json"));
    expect(cli(dir, ["check"]).stdout).toContain("NO BASELINE mini: no accepted baseline");
  });
});

describe("an interrupted run", () => {
  it("Ctrl-C leaves no temp file, keeps finished points, and a rerun resumes", async () => {
    const many = MINI.replace("values: [250, 500]", "values: [250, 500, 1000, 1500, 2000, 2500]")
      .replace("duration_s: 2", "duration_s: 20")
      .replace("seeds: [1]", "seeds: [1, 2]");
    const dir = workspace(many);
    const child = spawn("node", [CLI, "run", "--jobs", "2"], { cwd: dir, stdio: "pipe" });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += String(chunk);
    });
    const cache = join(dir, "data", ".cache", "sim");
    // Wait for the first finished points, then interrupt.
    for (let i = 0; i < 600 && (!existsSync(cache) || readdirSync(cache).length < 2); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill("SIGINT");
    const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
    expect(code).toBe(130);
    expect(stderr).toContain("run: interrupted (SIGINT); finished points are cached");
    expect(tempFiles(join(dir, "data"))).toEqual([]);
    // A temp file a killed process left behind (its pid is gone) is removed by the next run.
    const stale = join(dir, "data", ".cache", "sim", "x.json.tmp-999999-0123456789ab");
    writeFileSync(stale, "{");
    const rerun = cli(dir, ["run", "--jobs", "2"]);
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain("removed 1 temp file(s) of an interrupted run");
    expect(rerun.stderr).toMatch(/reused from cache/);
    expect(rerun.stderr).not.toContain(" 0 reused");
    expect(tempFiles(join(dir, "data"))).toEqual([]);
  }, 120_000);

  it(".gitignore covers temp files", () => {
    expect(readFileSync(".gitignore", "utf8")).toMatch(/^\*\.tmp-\*$/m);
  });
});

describe("drift.md escapes text from manifests", () => {
  it("titles and quotes cannot inject markup or break a table", () => {
    const dir = workspace();
    copyFileSync("package.json", join(dir, "package.json"));
    expect(cli(dir, ["run", "--jobs", "1"]).status).toBe(0);
    expect(cli(dir, ["report"]).status).toBe(0);
    const md = readFileSync(join(dir, "figures", "drift.md"), "utf8");
    expect(md).toContain("## mini: Mini &lt;b>figure&lt;/b> \\| with \\*text\\* from the manifest");
    expect(md).toContain("dramatically &lt;i>lower&lt;/i> \\| than select()");
    expect(md).not.toContain("<b>");
  });
});
