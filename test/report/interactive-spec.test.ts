/**
 * The page's version of a panel spec: the published overlay behind a
 * parameter, the published statements in the reproduced points' tooltips,
 * shared datasets — still valid Vega-Lite, and drawn differently (headless
 * vega) with the overlay on and off.
 */
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { describe, expect, it } from "vitest";
import { PUBLISHED_NAME } from "../../src/render/chart-style.js";
import { buildPanelSpec } from "../../src/render/spec.js";
import {
  interactiveSpec,
  NO_PUBLISHED,
  SHOW_PUBLISHED,
} from "../../src/report/interactive-spec.js";
import type { JsonObject } from "../../src/report/model.js";
import { cpuManifest, cpuPoints } from "../render/fixtures.js";
import { vegaLiteValidator } from "../render/vega-lite-schema.js";

interface Layer {
  data: { name?: string; values?: unknown[] };
  transform?: unknown[];
  encoding?: { tooltip?: { field: string; title?: string }[] };
}
interface Spec {
  params: { name: string; value: unknown }[];
  datasets: Record<string, Record<string, unknown>[]>;
  layer: Layer[];
}

const original = buildPanelSpec(cpuManifest, "a", cpuPoints()) as unknown as JsonObject;
const ready = interactiveSpec(original);
const spec = ready as unknown as Spec;
const rowsOf = (layer: Layer) => spec.datasets[layer.data.name ?? ""] ?? [];

async function svgWith(show: boolean): Promise<string> {
  const view = new View(parse(compile(ready as unknown as TopLevelSpec).spec), {
    renderer: "none",
  });
  try {
    view.logLevel(0);
    view.signal(SHOW_PUBLISHED, show);
    await view.runAsync();
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

describe("interactive spec", () => {
  it("is valid Vega-Lite and leaves its input alone", () => {
    const validate = vegaLiteValidator();
    expect(validate(ready), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(original.params).toBeUndefined();
    expect(JSON.stringify(original)).toBe(
      JSON.stringify(buildPanelSpec(cpuManifest, "a", cpuPoints())),
    );
  });

  it("declares the show_published parameter, on at first", () => {
    expect(spec.params).toEqual([{ name: SHOW_PUBLISHED, value: true }]);
  });

  it("filters every published layer, and only those, by the parameter", () => {
    const published = spec.layer.filter((l) => rowsOf(l).every((r) => r.source === PUBLISHED_NAME));
    const reproduced = spec.layer.filter((l) =>
      rowsOf(l).every((r) => r.source !== PUBLISHED_NAME),
    );
    expect(published.length).toBeGreaterThan(0);
    expect(reproduced.length).toBeGreaterThan(0);
    for (const l of published) expect(l.transform?.[0]).toEqual({ filter: SHOW_PUBLISHED });
    for (const l of reproduced) {
      expect(l.transform ?? []).not.toContainEqual({ filter: SHOW_PUBLISHED });
    }
  });

  it("puts what the paper says about a point in its tooltip", () => {
    const withTooltip = spec.layer.filter((l) => l.encoding?.tooltip !== undefined);
    const points = withTooltip.find((l) => rowsOf(l).some((r) => r.mechanism === "rtsig"));
    expect(points?.encoding?.tooltip?.at(-1)).toEqual({
      field: "published",
      type: "nominal",
      title: "published (paper)",
    });
    const rtsig = rowsOf(points!).filter((r) => r.mechanism === "rtsig");
    expect(rtsig.length).toBeGreaterThan(0);
    for (const r of rtsig) expect(r.published).toMatch(/^6\.67 ± 1 \(5\.67–7\.67\)/);
    // select has no published number in panel a.
    for (const r of rowsOf(points!).filter((r) => r.mechanism === "select"))
      expect(r.published).toBe(NO_PUBLISHED);
    // The exact values stay in the tooltip.
    expect(points?.encoding?.tooltip?.map((t) => t.field)).toEqual(
      expect.arrayContaining(["mean", "lo", "hi", "n"]),
    );
  });

  it("stores each distinct set of rows once", () => {
    const names = spec.layer.map((l) => l.data.name);
    expect(names.every((n) => n !== undefined && n in spec.datasets)).toBe(true);
    expect(spec.layer.every((l) => l.data.values === undefined)).toBe(true);
    expect(Object.keys(spec.datasets).length).toBeLessThan(spec.layer.length);
    expect(JSON.stringify(ready).length).toBeLessThan(JSON.stringify(original).length);
  });

  it("draws the overlay only while the parameter is on", async () => {
    const on = await svgWith(true);
    const off = await svgWith(false);
    expect(on).toContain("paper: rtsig 6.67 ± 1");
    expect(off).not.toContain("paper: rtsig 6.67 ± 1");
    expect(off).not.toBe(on);
    // The reproduced series are drawn either way.
    expect((off.match(/<path/g) ?? []).length).toBeGreaterThan(0);
  });

  it("leaves a spec without layers drawable, with the parameter added", () => {
    const single = interactiveSpec({ mark: "point", data: { values: [{ a: 1 }] } });
    expect(single.params).toEqual([{ name: SHOW_PUBLISHED, value: true }]);
    expect(single.mark).toBe("point");
  });
});
