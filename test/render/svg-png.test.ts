import { describe, expect, it } from "vitest";
import { PNG_SCALE, svgToPng } from "../../src/render/png.js";
import { buildPanelSpec } from "../../src/render/spec.js";
import { renderSvg } from "../../src/render/svg.js";
import { cpuManifest, cpuPoints, respManifest, respPoints } from "./fixtures.js";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function svgSize(svg: string): { width: number; height: number } {
  const match = /<svg[^>]* width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/.exec(svg);
  if (!match) throw new Error("no svg size");
  return { width: Number(match[1]), height: Number(match[2]) };
}

describe("renderSvg", () => {
  it("draws axis titles, series names, both legend entries and overlay captions", async () => {
    const svg = await renderSvg(buildPanelSpec(cpuManifest, "b", cpuPoints()));
    for (const text of [
      "CPU usage — (b) 1000 req/s",
      "Concurrent connections",
      "CPU usage (%)",
      ">select<",
      ">devpoll<",
      ">rtsig<",
      "reproduced (sim)",
      "published (paper)",
      "paper: rtsig 13.25 ± 1.5",
      "paper: select, devpoll ≥ 95",
    ]) {
      expect(svg).toContain(text);
    }
    expect(svg).toContain('font-family="DejaVu Sans"');
    expect(svgSize(svg).width).toBeGreaterThan(420);
  });

  it("renders a panel without results (axes and overlay only)", async () => {
    const svg = await renderSvg(buildPanelSpec(cpuManifest, "a", []));
    expect(svg).toContain("Concurrent connections");
    expect(svg).toContain("paper: rtsig 6.67 ± 1");
  });

  it("labels a log axis in 1-2-5 steps", async () => {
    const svg = await renderSvg(buildPanelSpec(respManifest, "b", respPoints()));
    for (const label of [">0.1<", ">0.2<", ">0.5<", ">1<", ">10<", ">100<"]) {
      expect(svg).toContain(label);
    }
    expect(svg).toContain("paper: rtsig knee");
  });

  it("is deterministic, also with clip paths and renders in between or in parallel", async () => {
    const clipped = buildPanelSpec(cpuManifest, "b", cpuPoints()); // y_domain ⇒ clip paths
    const other = buildPanelSpec(respManifest, "b", respPoints());
    const first = await renderSvg(clipped);
    expect(first).toContain("clip-path");
    await renderSvg(other);
    expect(await renderSvg(clipped)).toBe(first);
    const parallel = await Promise.all([renderSvg(clipped), renderSvg(other), renderSvg(clipped)]);
    expect(parallel[0]).toBe(first);
    expect(parallel[2]).toBe(first);
  });
});

describe("svgToPng", () => {
  it("writes a PNG at twice the SVG's size, the same bytes every time", async () => {
    const svg = await renderSvg(buildPanelSpec(cpuManifest, "a", cpuPoints()));
    const png = svgToPng(svg);
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    const size = svgSize(svg);
    expect(pngSize(png)).toEqual({
      width: Math.round(size.width * PNG_SCALE),
      height: Math.round(size.height * PNG_SCALE),
    });
    expect(svgToPng(svg).equals(png)).toBe(true);
  });
});
