/**
 * The worked example of docs/extending.md (docs/examples/fig7-20k-64k.yaml)
 * runs and its claims pass, so the walk-through stays true.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const CLI = resolve("dist/src/cli.js");

describe("docs/extending.md's example", () => {
  const dir = mkdtempSync(join(tmpdir(), "dispatch-docs-example-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("runs, and check passes its claims", () => {
    mkdirSync(join(dir, "experiments"));
    copyFileSync("docs/examples/fig7-20k-64k.yaml", join(dir, "experiments", "fig7-20k-64k.yaml"));
    const run = spawnSync("node", [CLI, "run"], { cwd: dir, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const check = spawnSync("node", [CLI, "check", "--no-drift", "--brief"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain("fig7-20k-64k PASS  validation 2/2 pass");
  });
});
