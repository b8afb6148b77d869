import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { figureBaseName } from "../../src/render/figure-files.js";
import { writeFigure } from "../../src/render/write-figure.js";
import { cpuManifest, cpuPoints } from "./fixtures.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "render-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writeFigure", () => {
  it("writes vl.json, svg and png per panel and returns their paths", async () => {
    const figures = join(dir, "figures");
    const written = await writeFigure(figures, cpuManifest, cpuPoints(), "sim");
    const names = ["a", "b"].flatMap((p) =>
      ["vl.json", "svg", "png"].map((ext) => `fig4-cpu-${p}.${ext}`),
    );
    expect(written).toEqual(names.map((n) => join(figures, n)));
    expect((await readdir(figures)).sort()).toEqual([...names].sort()); // no .tmp- left over
    const spec = JSON.parse(await readFile(join(figures, "fig4-cpu-a.vl.json"), "utf8"));
    expect(spec.title).toBe("CPU usage — (a) 500 req/s");
  });

  it("names hardware figures <id>-hw-<panel> and rewrites identical bytes", async () => {
    const first = await writeFigure(dir, cpuManifest, cpuPoints(), "hw");
    expect(first[0]).toBe(join(dir, "fig4-cpu-hw-a.vl.json"));
    const before = await Promise.all(first.map((p) => readFile(p)));
    await writeFigure(dir, cpuManifest, cpuPoints(), "hw");
    const after = await Promise.all(first.map((p) => readFile(p)));
    after.forEach((bytes, i) => {
      expect(bytes.equals(before[i]!)).toBe(true);
    });
  });
});

describe("figureBaseName", () => {
  it("puts hw between id and panel", () => {
    expect(figureBaseName("fig6", "a", "sim")).toBe("fig6-a");
    expect(figureBaseName("fig6", "a", "hw")).toBe("fig6-hw-a");
  });
});
