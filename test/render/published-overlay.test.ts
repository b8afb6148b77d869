import { describe, expect, it } from "vitest";
import { Manifest } from "../../src/manifest/schema.js";
import { publishedOverlay } from "../../src/render/published-overlay.js";
import { cpuManifest, respManifest } from "./fixtures.js";

/** cpuManifest with its claims replaced. */
function withClaims(claims: unknown[]) {
  return Manifest.parse({ ...cpuManifest, claims });
}

const source = { ref: "Figure 4", quote: "a quote" };

describe("publishedOverlay", () => {
  it("turns a value claim over x into a band expected ± abs spanning the sweep", () => {
    const [band, ...rest] = publishedOverlay(cpuManifest, "a");
    expect(rest).toEqual([]);
    expect(band).toMatchObject({
      kind: "value-band",
      claimId: "rtsig-cpu-500",
      series: ["rtsig"],
      x: 250,
      x2: 3000,
      expected: 6.67,
      lo: 5.67,
      hi: 7.67,
    });
    expect(band?.label).toBe(
      "rtsig-cpu-500 — Figure 4, Section 3.1.2: “about 6.67% on average for the 500 req/s case”",
    );
    expect(band?.caption).toBe("paper: rtsig 6.67 ± 1");
    expect(band?.published).toBe("6.67 ± 1 (5.67–7.67), mean over x in [250, 3000]");
  });

  it("keeps only claims on the charted metric, in the panel, for the runner", () => {
    const b = publishedOverlay(cpuManifest, "b").map((i) => i.claimId);
    expect(b).toEqual(["rtsig-cpu-1000", "select-saturates"]); // rtsig-resp is resp_ms
    expect(publishedOverlay(cpuManifest, "b", { runner: "hw" })).toEqual([]);
  });

  it("uses x_range and a relative tolerance", () => {
    const manifest = withClaims([
      {
        id: "v",
        kind: "value",
        role: "validation",
        metric: "cpu_pct",
        series: ["select"],
        at: "mean",
        x_range: [1000, 2000],
        expected: 50,
        tolerance: { rel: 0.1 },
        source,
      },
    ]);
    expect(publishedOverlay(manifest, "a")[0]).toMatchObject({
      kind: "value-band",
      x: 1000,
      x2: 2000,
      lo: 45,
      hi: 55,
    });
  });

  it("takes the looser of abs and rel tolerances", () => {
    const claim = {
      id: "v",
      kind: "value",
      role: "validation",
      metric: "cpu_pct",
      series: ["select"],
      at: "mean",
      expected: 50,
      source,
    };
    const looser = withClaims([{ ...claim, tolerance: { abs: 2, rel: 0.1 } }]);
    expect(publishedOverlay(looser, "a")[0]).toMatchObject({ lo: 45, hi: 55 });
    const small = withClaims([{ ...claim, expected: 0.3, tolerance: { abs: 0.1 } }]);
    expect(publishedOverlay(small, "a")[0]?.published).toMatch(/^0\.3 ± 0\.1 \(0\.2–0\.4\)/);
  });

  it("draws a value claim at one x as a point with an error bar", () => {
    const claim = {
      kind: "value",
      role: "validation",
      metric: "cpu_pct",
      series: ["select"],
      expected: 40,
      tolerance: { abs: 5 },
      source,
    };
    const manifest = withClaims([
      { ...claim, id: "at-number", at: 1500 },
      { ...claim, id: "at-first", at: "first", x_range: [500, 3000] },
      { ...claim, id: "at-last", at: "last" },
      { ...claim, id: "every", at: 1500, at_every: true },
    ]);
    const items = publishedOverlay(manifest, "a");
    expect(items.map((i) => [i.claimId, i.kind, i.x])).toEqual([
      ["at-number", "value-point", 1500],
      ["at-first", "value-point", 500],
      ["at-last", "value-point", 3000],
      ["every", "value-band", 250],
    ]);
    expect(items[0]).toMatchObject({ expected: 40, lo: 35, hi: 45 });
  });

  it("turns a reaches claim into a ≥ marker at (by, level)", () => {
    const reaches = publishedOverlay(cpuManifest, "b").find((i) => i.kind === "reaches");
    expect(reaches).toMatchObject({ x: 3000, level: 95, series: ["select", "devpoll"] });
    expect(reaches?.published).toBe("≥ 95 by x = 3000");
  });

  it("turns a knee claim on the charted metric into an x interval", () => {
    const knee = publishedOverlay(respManifest, "b").find((i) => i.kind === "knee");
    expect(knee).toMatchObject({ x: 3000, x2: 3400, claimId: "rtsig-resp-knee" });
    const offMetric = Manifest.parse({
      ...respManifest,
      chart: { ...respManifest.chart, y: "reply_rate" },
    });
    expect(publishedOverlay(offMetric, "b").filter((i) => i.kind === "knee")).toEqual([]);
  });

  it("mentions a known deviation in the label", () => {
    const manifest = withClaims([
      {
        id: "dev",
        kind: "reaches",
        role: "validation",
        metric: "cpu_pct",
        series: ["select"],
        level: 95,
        by: 3000,
        known_deviation: "the model saturates later",
        source,
      },
    ]);
    expect(publishedOverlay(manifest, "a")[0]?.label).toContain(
      "[known deviation: the model saturates later]",
    );
  });

  it("ignores claim kinds that state relations, not numbers", () => {
    const manifest = withClaims([
      {
        id: "order",
        kind: "order",
        role: "validation",
        metric: "cpu_pct",
        lower: ["rtsig"],
        higher: ["select"],
        source,
      },
    ]);
    expect(publishedOverlay(manifest, "a")).toEqual([]);
  });
});
