/**
 * The worked example of docs/extending.md (docs/examples/fig7-20k-64k.yaml)
 * runs and its claims pass, so the walk-through stays true.
 */
import { readFileSync, rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { cliWorkspace, runCli } from "./cli-workspace.js";

describe("docs/extending.md's example", () => {
  const dir = cliWorkspace("docs-example", {
    "fig7-20k-64k": readFileSync("docs/examples/fig7-20k-64k.yaml", "utf8"),
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("runs, and check passes its claims", () => {
    const run = runCli(dir, ["run"]);
    expect(run.status, run.stderr).toBe(0);
    const check = runCli(dir, ["check", "--no-drift", "--brief"]);
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain("fig7-20k-64k PASS  validation 2/2 pass");
  });
});
