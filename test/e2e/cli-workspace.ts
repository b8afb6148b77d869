/**
 * A checkout-like folder for end-to-end tests of the compiled CLI (make test
 * builds it): experiments/ with the given manifests, no data, no cache; and
 * the CLI run inside it.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The compiled CLI, by absolute path (tests run it from other folders). */
export const CLI = resolve("dist/src/cli.js");

/** A temp folder holding experiments/<id>.yaml for each manifest text (the caller removes it). */
export function cliWorkspace(prefix: string, manifests: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), `dispatch-${prefix}-`));
  mkdirSync(join(dir, "experiments"));
  for (const [id, text] of Object.entries(manifests)) {
    writeFileSync(join(dir, "experiments", `${id}.yaml`), text);
  }
  return dir;
}

/** `dispatch-repro args…` with the working directory `dir`. */
export function runCli(dir: string, args: string[]) {
  return spawnSync("node", [CLI, ...args], { cwd: dir, encoding: "utf8" });
}
