import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkClaims } from "../../../src/claims/check.js";
import { Manifest } from "../../../src/manifest/schema.js";
import { writeTable } from "../../../src/render/table/write-table.js";
import { writeFigure } from "../../../src/render/write-figure.js";
import { tableManifest, tablePoints } from "./fixtures.js";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "table-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writeTable", () => {
  it("writes <id>-table.{md,svg,png} and returns their paths", async () => {
    const points = tablePoints();
    const results = checkClaims(tableManifest.claims, points, "sim");
    const written = writeTable(dir, tableManifest, points, results, "sim");
    expect(written).toEqual(["md", "svg", "png"].map((e) => join(dir, `table1-table.${e}`)));
    expect((await readdir(dir)).sort()).toEqual([
      "table1-table.md",
      "table1-table.png",
      "table1-table.svg",
    ]);
    expect(await readFile(written[0]!, "utf8")).toContain("FAIL");
    expect((await readFile(written[2]!)).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });

  it("names hardware tables <id>-hw-table and writes nothing without a table", () => {
    expect(writeTable(dir, tableManifest, tablePoints(), undefined, "hw")[0]).toBe(
      join(dir, "table1-hw-table.md"),
    );
    const { table: _table, ...rest } = tableManifest;
    expect(writeTable(dir, Manifest.parse(rest), tablePoints(), undefined, "sim")).toEqual([]);
  });
});

describe("writeFigure with a table", () => {
  it("writes the panels, then the table, passing claim results through", async () => {
    const points = tablePoints();
    const results = checkClaims(tableManifest.claims, points, "sim");
    const written = await writeFigure(dir, tableManifest, points, "sim", results);
    expect(written.map((p) => p.slice(dir.length + 1))).toEqual([
      "table1-a.vl.json",
      "table1-a.svg",
      "table1-a.png",
      "table1-b.vl.json",
      "table1-b.svg",
      "table1-b.png",
      "table1-table.md",
      "table1-table.svg",
      "table1-table.png",
    ]);
    expect(await readFile(join(dir, "table1-table.md"), "utf8")).toContain("NOT REPRODUCED");
    const withoutResults = await writeFigure(dir, tableManifest, points, "sim");
    expect(withoutResults).toHaveLength(9);
    expect(await readFile(join(dir, "table1-table.md"), "utf8")).not.toContain("FAIL");
  });
});
