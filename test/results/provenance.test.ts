import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { release, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeProvenance } from "../../src/results/provenance.js";

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
