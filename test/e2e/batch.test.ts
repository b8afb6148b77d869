/**
 * Sweeps any batch engine can run: `plan fig3 | parallel -j2 > out.jsonl;
 * import out.jsonl; run fig3` simulates nothing and leaves data/fig3/sim.csv
 * byte-identical to the committed one; `import` refuses foreign and stale
 * lines, all or nothing. Needs GNU parallel (Debian `parallel`) and the
 * compiled CLI (make test builds it).
 */

import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, cliWorkspace, runCli } from "./cli-workspace.js";

const NODE_CLI = `node ${CLI}`;

function hasParallel(): boolean {
  return spawnSync("parallel", ["--version"], { encoding: "utf8" }).status === 0;
}

/** A checkout-like folder with fig3's manifest and no cache. */
function workspace(): string {
  return cliWorkspace("batch", { fig3: readFileSync("experiments/fig3.yaml", "utf8") });
}

const cli = runCli;

describe.skipIf(!hasParallel() && process.env.CI === undefined)(
  `plan | GNU parallel | import, then run${hasParallel() ? "" : " (skipped: no GNU parallel — bash test/system-packages.sh installs it)"}`,
  () => {
    let dir = "";
    let lines: string[] = [];
    beforeAll(() => {
      dir = workspace();
      const plan = cli(dir, ["plan", "fig3", "--cli", NODE_CLI]);
      expect(plan.status, plan.stderr).toBe(0);
      writeFileSync(join(dir, "plan.txt"), plan.stdout);
      const out = execFileSync("parallel", ["-j2", "--halt", "now,fail=1"], {
        cwd: dir,
        input: plan.stdout,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      });
      writeFileSync(join(dir, "out.jsonl"), out);
      lines = out.trim().split("\n");
    }, 300_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("plans one command per distinct uncached point", () => {
      const planned = readFileSync(join(dir, "plan.txt"), "utf8").trim().split("\n");
      expect(planned).toHaveLength(126);
      expect(new Set(planned).size).toBe(126);
      expect(planned[0]).toMatch(
        /^node .*cli\.js point --runner sim --profile piii-400-linux-2\.4 /,
      );
      expect(lines).toHaveLength(126);
    });

    it("refuses a stale, a foreign and a broken line, and imports nothing", () => {
      const [first, second] = lines as [string, string];
      const stale = JSON.stringify({ ...JSON.parse(first), simulator: "0000000000000000" });
      const foreign = JSON.stringify({ ...JSON.parse(second), rate: 123 });
      writeFileSync(join(dir, "bad.jsonl"), `${stale}\n${foreign}\nnot json\n`);
      const r = cli(dir, ["import", "bad.jsonl", "out.jsonl"]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("import refused (nothing imported): 3 line(s)");
      expect(r.stderr).toContain("bad.jsonl:1: computed by simulator version 0000000000000000");
      expect(r.stderr).toContain("bad.jsonl:2: not a planned point of any experiment");
      expect(r.stderr).toContain("bad.jsonl:3: not a JSON line");
      const planAgain = cli(dir, ["plan", "fig3", "--cli", NODE_CLI]);
      expect(planAgain.stdout.trim().split("\n")).toHaveLength(126);
    });

    it("imports the lines; run then simulates nothing and writes the committed CSV byte for byte", () => {
      const r = cli(dir, ["import", "out.jsonl"]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain("import: 126 point(s) into the cache, 0 already there");
      expect(cli(dir, ["plan", "fig3", "--cli", NODE_CLI]).stdout).toBe("");
      const run = cli(dir, ["run", "fig3"]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toContain("run: 0 points simulated, 126 reused from cache");
      expect(readFileSync(join(dir, "data", "fig3", "sim.csv"), "utf8")).toBe(
        readFileSync("data/fig3/sim.csv", "utf8"),
      );
      // The same lines again are duplicates, not an error.
      expect(cli(dir, ["import", "out.jsonl"]).stderr).toContain(
        "0 point(s) into the cache, 126 already there",
      );
    });
  },
);
