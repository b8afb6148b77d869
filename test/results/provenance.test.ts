import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { release, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  detectCodeVersion,
  resultsUnchanged,
  writeProvenance,
} from "../../src/results/provenance.js";

describe("writeProvenance", () => {
  it("writes pretty JSON with the manifest hash, versions and machine", () => {
    const dir = mkdtempSync(join(tmpdir(), "prov-"));
    const manifestPath = join(dir, "fig4.yaml");
    writeFileSync(manifestPath, "id: fig4\n");
    const path = join(dir, "data", "fig4", "sim.meta.json");
    const written = writeProvenance(path, {
      manifestPath,
      runner: "sim",
      runnerVersion: "sim-1",
      seeds: [1, 2],
      points: 48,
      startedAt: new Date("2024-01-02T03:04:05.000Z"),
      wallTimeS: 12.5,
      codeVersion: "abc1234-dirty", // given, so the test does not depend on a git checkout
    });
    const text = readFileSync(path, "utf8");
    expect(text.endsWith("}\n")).toBe(true);
    expect(text).toContain('\n  "runner": "sim",\n');
    expect(JSON.parse(text)).toEqual(written);
    expect(written).toMatchObject({
      manifestPath,
      manifestHash: createHash("sha256").update("id: fig4\n").digest("hex"),
      runner: "sim",
      runnerVersion: "sim-1",
      seeds: [1, 2],
      points: 48,
      startedAt: "2024-01-02T03:04:05.000Z",
      wallTimeS: 12.5,
      codeVersion: "abc1234-dirty",
      nodeVersion: process.version,
      kernel: release(),
    });
    expect(written.cpuModel).not.toBe("");
    expect(written.hostname).not.toBe("");
    expect(readdirSync(join(dir, "data", "fig4"))).toEqual(["sim.meta.json"]);
  });
});

describe("detectCodeVersion", () => {
  it("is the commit, dirty only when a file outside data/ and figures/ changed", () => {
    const repo = mkdtempSync(join(tmpdir(), "prov-git-"));
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], {
        cwd: repo,
        encoding: "utf8",
      }).trim();
    git("init", "-q");
    for (const dir of ["src", "data", "figures"]) mkdirSync(join(repo, dir));
    writeFileSync(join(repo, "src", "model.ts"), "export const x = 1;\n");
    writeFileSync(join(repo, "data", "sim.csv"), "a\n1\n");
    git("add", ".");
    git("commit", "-qm", "first");
    const head = git("rev-parse", "--short", "HEAD");

    expect(detectCodeVersion(repo)).toBe(head);
    // A run's own outputs: changed and new results leave the code clean.
    writeFileSync(join(repo, "data", "sim.csv"), "a\n2\n");
    writeFileSync(join(repo, "figures", "fig.svg"), "<svg/>");
    expect(detectCodeVersion(repo)).toBe(head);
    // A changed or new source file makes it dirty.
    writeFileSync(join(repo, "src", "new.ts"), "export {};\n");
    expect(detectCodeVersion(repo)).toBe(`${head}-dirty`);
    git("add", "src/new.ts");
    git("commit", "-qm", "second");
    writeFileSync(join(repo, "src", "model.ts"), "export const x = 2;\n");
    expect(detectCodeVersion(repo)).toBe(`${git("rev-parse", "--short", "HEAD")}-dirty`);
  });
});

describe("resultsUnchanged: may a run leave a results file and its provenance alone?", () => {
  it("only for the same CSV bytes, manifest bytes and runner version", () => {
    const dir = mkdtempSync(join(tmpdir(), "prov-same-"));
    const manifestPath = join(dir, "fig4.yaml");
    writeFileSync(manifestPath, "id: fig4\n");
    const csvPath = join(dir, "sim.csv");
    const metaPath = join(dir, "sim.meta.json");
    const csv = "a,b\n1,2\n";
    expect(resultsUnchanged(csvPath, csv, metaPath, manifestPath, "v1")).toBe(false); // nothing yet
    writeFileSync(csvPath, csv);
    writeProvenance(metaPath, {
      manifestPath,
      runner: "sim",
      runnerVersion: "v1",
      seeds: [1],
      points: 1,
      startedAt: new Date(),
      wallTimeS: 1,
      codeVersion: "abc1234",
    });
    expect(resultsUnchanged(csvPath, csv, metaPath, manifestPath, "v1")).toBe(true);
    expect(resultsUnchanged(csvPath, "a,b\n1,3\n", metaPath, manifestPath, "v1")).toBe(false);
    expect(resultsUnchanged(csvPath, csv, metaPath, manifestPath, "v2")).toBe(false);
    writeFileSync(manifestPath, "id: fig4\ntitle: changed\n");
    expect(resultsUnchanged(csvPath, csv, metaPath, manifestPath, "v1")).toBe(false);
    writeFileSync(manifestPath, "id: fig4\n");
    writeFileSync(metaPath, "{ not json");
    expect(resultsUnchanged(csvPath, csv, metaPath, manifestPath, "v1")).toBe(false);
  });
});
