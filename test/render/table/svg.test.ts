import { describe, expect, it } from "vitest";
import { checkClaims } from "../../../src/claims/check.js";
import { svgToPng } from "../../../src/render/png.js";
import { tableSvg } from "../../../src/render/table/svg.js";
import { tableRows } from "../../../src/render/table/table-rows.js";
import { VERDICT_COLORS } from "../../../src/render/table/verdict-text.js";
import { tableManifest, tablePoints } from "./fixtures.js";

const points = tablePoints();
const rows = tableRows(tableManifest, points, checkClaims(tableManifest.claims, points, "sim"));
const table = tableManifest.table!;

/** A tiny well-formedness check: every element closes, in order, and the root is <svg>. */
function expectBalancedTags(svg: string): void {
  const stack: string[] = [];
  for (const match of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match;
    if (selfClosing === "/") continue;
    if (closing === "/") expect(stack.pop()).toBe(name);
    else stack.push(name!);
  }
  expect(stack).toEqual([]);
  // Text content holds no raw markup characters.
  expect(svg.replace(/<[^>]*>/g, "")).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|apos);)/);
}

describe("tableSvg", () => {
  const svg = tableSvg(table, rows, "sim");

  it("is a well-formed standalone SVG in DejaVu Sans", () => {
    expect(svg.startsWith("<svg ")).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('font-family="DejaVu Sans"');
    expectBalancedTags(svg);
  });

  it("shows the title, headers and every published number", () => {
    expect(svg).toContain(`>${table.title}</text>`);
    for (const header of ["Request rate (req/s)", "252 idle connections", "SIGIOs", "reproduced"]) {
      expect(svg).toContain(`>${header}</text>`);
    }
    for (const byX of Object.values(table.published)) {
      for (const values of Object.values(byX)) {
        for (const v of values) expect(svg).toContain(`>${v.toLocaleString("en-US")}</text>`);
      }
    }
    expect(svg).toContain(">[504,678–514,873]</text>");
  });

  it("right-aligns numbers and colours verdict cells", () => {
    expect(svg).toMatch(/text-anchor="end"[^>]*>504,728</);
    expect(svg).toContain(`fill="${VERDICT_COLORS.pass.fill}"`);
    expect(svg).toContain(`fill="${VERDICT_COLORS.fail.fill}"`);
    expect(svg).toContain(`fill="${VERDICT_COLORS["not-reproduced"].fill}"`);
  });

  it("escapes XML in titles", () => {
    const hostile = tableSvg(
      { ...table, title: `<Table> "1" & 'co'`, row_title: "a<b" },
      rows,
      "hw",
    );
    expect(hostile).toContain("&lt;Table&gt; &quot;1&quot; &amp; &apos;co&apos;");
    expectBalancedTags(hostile);
  });

  it("is byte-identical across renders and rasterises to PNG", () => {
    expect(tableSvg(table, rows, "sim")).toBe(svg);
    const png = svgToPng(svg);
    expect(
      png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    ).toBe(true);
  });
});
