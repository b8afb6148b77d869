import { describe, expect, it } from "vitest";
import { checkClaims } from "../../../src/claims/check.js";
import { tableMarkdown } from "../../../src/render/table/markdown.js";
import { tableRows } from "../../../src/render/table/table-rows.js";
import { tableManifest, tablePoints } from "./fixtures.js";

const points = tablePoints();
const rows = tableRows(tableManifest, points, checkClaims(tableManifest.claims, points, "sim"));
const table = tableManifest.table!;
const markdown = tableMarkdown(table, rows, "sim");
const lines = markdown.split("\n");

/** The cells of the table line whose first cell is `x`. */
function cellsAt(x: string): string[] {
  const found = lines.find((l) => l.startsWith(`| ${x} |`));
  if (found === undefined) throw new Error(`no line for ${x}`);
  return found
    .slice(2, -2)
    .split(" | ")
    .map((c) => c.trim());
}

describe("tableMarkdown", () => {
  it("has a header group per panel and a verdict per panel", () => {
    const header = lines.find((l) => l.startsWith("| Request rate"));
    expect(header).toBe(
      "| Request rate (req/s) | 252 idle connections: sigwaitinfos (paper / reproduced) | " +
        "SIGIOs (paper / reproduced) | verdict | 6000 idle connections: sigwaitinfos " +
        "(paper / reproduced) | SIGIOs (paper / reproduced) | verdict |",
    );
    expect(lines).toContain("| ---: | ---: | ---: | :---: | ---: | ---: | :---: |");
  });

  it("shows paper / reproduced numbers, with the interval when seeds vary", () => {
    // panel a: 3 seeds, interval shown; panel b: one seed, no interval
    expect(cellsAt("2,800")).toEqual([
      "2,800",
      "504,728 / 509,775 [504,678–514,873]",
      "0 / 0",
      "PASS",
      "504,474 / 509,519",
      "0 / 0",
      "—",
    ]);
    expect(cellsAt("3,200")).toEqual([
      "3,200",
      "10,538 / 10,643 [10,537–10,750]",
      "1,526 / 1,526 [1,511–1,541]",
      "—",
      "19 / 19",
      "19 / 0",
      "NOT REPRODUCED",
    ]);
    expect(cellsAt("3,400")[3]).toBe("FAIL");
  });

  it("has every published number of the paper", () => {
    for (const byX of Object.values(table.published)) {
      for (const values of Object.values(byX)) {
        for (const v of values) expect(markdown).toContain(`${v.toLocaleString("en-US")} /`);
      }
    }
  });

  it("escapes pipes in titles and shows missing values as a dash", () => {
    const titled = { ...table, title: "a | b", row_title: "rate|x" };
    const md = tableMarkdown(titled, tableRows(tableManifest, []), "hw");
    expect(md).toContain("**a \\| b** (rtsig)");
    expect(md).toContain("| rate\\|x |");
    expect(md).toContain("504,728 / —");
    expect(md).toContain("hw runner");
  });
});
