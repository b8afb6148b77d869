/**
 * The command-line contract, through the compiled CLI (make test builds it).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";

const CLI = "dist/src/cli.js";

function cli(args: string[]) {
  return spawnSync("node", [CLI, ...args], { encoding: "utf8" });
}

describe("dispatch-repro CLI", () => {
  it("is built (make test builds it first)", () => {
    expect(existsSync(CLI), `${CLI} missing: run 'make build'`).toBe(true);
  });

  it("point prints one JSON object of metrics", () => {
    const out = execFileSync(
      "node",
      [
        CLI,
        "point",
        "--runner",
        "sim",
        "--mechanism",
        "rtsig",
        "--workload",
        "persistent",
        "--connections",
        "2000",
        "--rate",
        "750",
        "--duration",
        "5",
        "--json",
      ],
      { encoding: "utf8" },
    );
    const lines = out.trim().split("\n");
    expect(lines).toHaveLength(1);
    const m = JSON.parse(lines[0] as string);
    expect(m.reply_rate).toBeGreaterThan(735);
    expect(m.reply_rate).toBeLessThan(765);
    expect(m.cpu_pct).toBeGreaterThan(5);
    expect(m.sigio_count).toBe(0);
    expect(m.mechanism).toBe("rtsig");
  });

  it.each([
    [["--mechanism", "kqueue"], /unknown mechanism 'kqueue'/],
    [["--rate", "-5"], /--rate must not be negative/],
    [["--connections", "abc"], /--connections must be a number/],
    [["--bogus", "1"], /unknown option '--bogus'/],
  ])("point with bad input %j: one-line error, exit 2", (patch, message) => {
    const args: Record<string, string> = {
      "--runner": "sim",
      "--mechanism": "select",
      "--workload": "persistent",
      "--connections": "100",
      "--rate": "100",
    };
    const extra: string[] = [];
    for (let i = 0; i < patch.length; i += 2) {
      const [k, v] = [patch[i] as string, patch[i + 1] as string];
      if (k in args) args[k] = v;
      else extra.push(k, v);
    }
    const r = cli(["point", ...Object.entries(args).flat(), ...extra, "--duration", "1", "--json"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it("point without --rate is an error, exit 2", () => {
    const r = cli([
      "point",
      "--runner",
      "sim",
      "--mechanism",
      "select",
      "--workload",
      "persistent",
      "--connections",
      "10",
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--rate/);
  });

  it("list names every experiment", () => {
    const r = cli(["list"]);
    expect(r.status).toBe(0);
    for (const id of ["fig3", "fig4", "fig5"]) expect(r.stdout).toContain(id);
  });

  it("run with an unknown experiment id: exit 2 naming the known ones", () => {
    const r = cli(["run", "fig99"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown experiment 'fig99' \(known: ablation-[a-z-]+, .*fig3, fig4/);
  });
});
