import { describe, expect, it } from "vitest";
import { checkClaims } from "../../../src/claims/check.js";
import { Manifest } from "../../../src/manifest/schema.js";
import { type TableRow, tableRows } from "../../../src/render/table/table-rows.js";
import { tableManifest, tablePoints } from "./fixtures.js";

function rowAt(rows: readonly TableRow[], panel: string, x: number): TableRow {
  const row = rows.find((r) => r.panel === panel && r.x === x);
  if (row === undefined) throw new Error(`no row ${panel}/${x}`);
  return row;
}

describe("tableRows", () => {
  const points = tablePoints();
  const results = checkClaims(tableManifest.claims, points, "sim");
  const rows = tableRows(tableManifest, points, results);

  it("has one row per panel × x, panels in manifest order, x ascending", () => {
    expect(rows.map((r) => `${r.panel}/${r.x}`)).toEqual(
      ["a", "b"].flatMap((p) => [2800, 3000, 3200, 3400, 3600, 3800, 4000].map((x) => `${p}/${x}`)),
    );
    expect(rowAt(rows, "b", 2800).panelTitle).toBe("6000 idle connections");
  });

  it("puts the paper's number and the reproduced estimate in each column", () => {
    const row = rowAt(rows, "a", 3200);
    expect(row.cells.map((c) => c.metric)).toEqual(["sigwaitinfo_calls", "sigio_count"]);
    expect(row.cells.map((c) => c.published)).toEqual([10538, 1526]);
    expect(row.cells[0]?.reproduced?.mean).toBeCloseTo(10538 * 1.01);
    expect(row.cells[1]?.reproduced).toEqual({
      mean: 1526,
      lo: 1526 * 0.99,
      hi: 1526 * 1.01,
      n: 3,
    });
  });

  it("gives a row the worst verdict of the claims covering it", () => {
    // value claim at 2800 in panel a, passing
    expect(rowAt(rows, "a", 2800)).toMatchObject({ verdict: "pass", claims: ["sigwait-2800"] });
    // one passing and one failing claim over x_range [3400, 4000]: fail
    for (const x of [3400, 3600, 3800, 4000]) {
      expect(rowAt(rows, "a", x)).toMatchObject({
        verdict: "fail",
        claims: ["sigio-overflow-a", "sigwait-overflow-a"],
      });
    }
    // known deviation at b/3200 (ratio of two point references): not reproduced
    expect(rowAt(rows, "b", 3200)).toMatchObject({
      verdict: "not-reproduced",
      claims: ["sigio-equals-sigwait-b"],
    });
  });

  it("marks only the panel where a multi-panel claim failed", () => {
    expect(results.find((r) => r.id === "sigwait-3000")?.verdict).toBe("fail");
    expect(rowAt(rows, "a", 3000)).toMatchObject({ verdict: "pass", claims: ["sigwait-3000"] });
    expect(rowAt(rows, "b", 3000)).toMatchObject({ verdict: "fail", claims: ["sigwait-3000"] });
  });

  it("leaves a row no claim covers without a verdict", () => {
    for (const [panel, x] of [
      ["a", 3200],
      ["b", 2800],
      ["b", 3400],
    ] as const) {
      expect(rowAt(rows, panel, x)).toMatchObject({ verdict: undefined, claims: [] });
    }
  });

  it("ignores claims on another series or on a metric the table does not show", () => {
    expect(results.find((r) => r.id === "perfd-no-sigio")?.verdict).toBe("fail");
    expect(results.find((r) => r.id === "rtsig-cpu")?.verdict).toBe("fail");
    const ids = new Set(rows.flatMap((r) => r.claims));
    expect(ids.has("perfd-no-sigio")).toBe(false);
    expect(ids.has("rtsig-cpu")).toBe(false);
  });

  it("has no verdicts without claim results", () => {
    const plain = tableRows(tableManifest, points);
    expect(plain.every((r) => r.verdict === undefined && r.claims.length === 0)).toBe(true);
    expect(plain[0]?.cells[0]?.published).toBe(504728);
  });

  it("shows missing data as undefined and adds x values only the paper has", () => {
    const published = { a: { "2600": [1, 2] } };
    const manifest = Manifest.parse({
      ...tableManifest,
      table: { ...tableManifest.table, published },
    });
    const noPoints = tableRows(manifest, []);
    const extra = rowAt(noPoints, "a", 2600);
    expect(extra.cells.map((c) => c.published)).toEqual([1, 2]);
    expect(extra.cells.every((c) => c.reproduced === undefined)).toBe(true);
    expect(noPoints.some((r) => r.panel === "b" && r.x === 2600)).toBe(false);
    expect(rowAt(noPoints, "b", 2800).cells[0]?.published).toBeUndefined();
  });

  it("is empty for a manifest without a table", () => {
    const { table: _table, ...rest } = tableManifest;
    expect(tableRows(Manifest.parse(rest), tablePoints())).toEqual([]);
  });
});
