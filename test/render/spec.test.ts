import { describe, expect, it } from "vitest";
import { Manifest } from "../../src/manifest/schema.js";
import { logTicksOf } from "../../src/render/chart-channels.js";
import { buildPanelSpec, specJson } from "../../src/render/spec.js";
import type { SeriesPoint } from "../../src/results/types.js";
import { cpuManifest, cpuPoints, respManifest, respPoints } from "./fixtures.js";
import { vegaLiteValidator } from "./vega-lite-schema.js";

/** The spec as plain JSON, for looking inside. */
interface LayerJson {
  mark: { type: string; shape?: string };
  data: { values: Record<string, unknown>[] };
  encoding: Record<string, { field?: string; scale?: Record<string, unknown> } | undefined> & {
    tooltip?: { field: string }[];
  };
}
interface SpecJson {
  title: string;
  width: number;
  height: number;
  layer: LayerJson[];
  config: { font: string };
}
function json(spec: ReturnType<typeof buildPanelSpec>): SpecJson {
  return JSON.parse(specJson(spec)) as SpecJson;
}
const layersOf = (spec: SpecJson, type: string) => spec.layer.filter((l) => l.mark.type === type);

describe("hardware points with fewer than 3 valid repetitions", () => {
  /** cpuPoints with select's point at x=1000 left with one valid repetition. */
  function withOneRepetition(): SeriesPoint[] {
    return cpuPoints().map((p) =>
      p.mechanism === "select" && p.x === 1000
        ? {
            ...p,
            metrics: Object.fromEntries(
              Object.entries(p.metrics).map(([k, e]) => [
                k,
                { ...e, lo: e.mean, hi: e.mean, n: 1 },
              ]),
            ),
          }
        : p,
    );
  }

  it("are drawn hollow with no interval (not a zero-width one); the simulator's are not", () => {
    const hw = json(buildPanelSpec(cpuManifest, "b", withOneRepetition(), { runner: "hw" }));
    const area = layersOf(hw, "area").find((l) => l.data.values.some((v) => "few" in v))!;
    const row = area.data.values.find((v) => v.mechanism === "select" && v.x === 1000)!;
    expect([row.few, row.band_lo, row.band_hi]).toEqual([true, null, null]);
    const points = layersOf(hw, "point").filter((l) => l.data.values.some((v) => "few" in v));
    expect(points.map((l) => (l.mark as { filled?: boolean }).filled)).toEqual([true, false]);
    const sim = json(buildPanelSpec(cpuManifest, "b", withOneRepetition()));
    const simRow = layersOf(sim, "area")
      .flatMap((l) => l.data.values)
      .find((v) => v.mechanism === "select" && v.x === 1000)!;
    expect(simRow.few).toBe(false);
  });

  it("still validate against vega-lite's JSON schema", () => {
    const spec = buildPanelSpec(cpuManifest, "b", withOneRepetition(), { runner: "hw" });
    expect(vegaLiteValidator()(JSON.parse(specJson(spec)))).toBe(true);
  });
});

describe("buildPanelSpec", () => {
  it("validates against vega-lite's JSON schema", () => {
    const validate = vegaLiteValidator();
    const specs = [
      buildPanelSpec(cpuManifest, "a", cpuPoints()),
      buildPanelSpec(cpuManifest, "b", cpuPoints()),
      buildPanelSpec(respManifest, "b", respPoints()),
      buildPanelSpec(cpuManifest, "b", cpuPoints(), { runner: "hw" }),
      buildPanelSpec(cpuManifest, "a", []),
    ];
    for (const spec of specs) {
      const ok = validate(JSON.parse(specJson(spec)));
      expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it("has a validator that does reject broken specs", () => {
    const validate = vegaLiteValidator();
    const broken = JSON.parse(specJson(buildPanelSpec(cpuManifest, "a", cpuPoints())));
    broken.layer[0].mark.type = "bogus";
    expect(validate(broken)).toBe(false);
  });

  it("titles the panel and sizes it", () => {
    const spec = json(buildPanelSpec(cpuManifest, "b", cpuPoints()));
    expect(spec.title).toBe("CPU usage — (b) 1000 req/s");
    expect([spec.width, spec.height]).toEqual([420, 300]);
    expect(spec.config.font).toBe("DejaVu Sans");
  });

  it("draws each series as a line, points and a 95% interval band coloured by mechanism", () => {
    const spec = json(buildPanelSpec(cpuManifest, "a", cpuPoints()));
    const [area] = layersOf(spec, "area");
    const [line] = layersOf(spec, "line");
    expect(area?.encoding.y?.field).toBe("band_lo");
    expect(area?.encoding.y2?.field).toBe("band_hi");
    expect(line?.encoding.color?.field).toBe("mechanism");
    expect(line?.encoding.color?.scale?.domain).toEqual(["select", "devpoll", "rtsig"]);
    const rows = line?.data.values ?? [];
    expect(rows).toHaveLength(3 * 7);
    expect(rows.every((r) => r.source === "reproduced (sim)")).toBe(true);
    const points = layersOf(spec, "point").find((l) => l.mark.shape === undefined);
    expect(points?.encoding.tooltip?.map((t) => t.field)).toEqual([
      "source",
      "mechanism",
      "x",
      "mean",
      "lo",
      "hi",
      "n",
    ]);
  });

  it("overlays a value claim as a band with the published value", () => {
    const spec = json(buildPanelSpec(cpuManifest, "b", cpuPoints()));
    const band = layersOf(spec, "rect").find((l) => l.encoding.y !== undefined);
    expect(band?.data.values).toEqual([
      expect.objectContaining({
        source: "published (paper)",
        series: "rtsig",
        expected: 13.25,
        band_lo: 11.75,
        band_hi: 14.75,
        x: 250,
        x2: 3000,
        claim: expect.stringContaining("rtsig-cpu-1000 — Figure 4, Section 3.1.2: “about 13.25%"),
      }),
    ]);
    const rule = layersOf(spec, "rule").find((l) => l.encoding.y?.field === "expected");
    expect(rule?.encoding.strokeDash?.field).toBe("source");
    const reaches = layersOf(spec, "point").find((l) => l.mark.shape === "triangle-up");
    expect(reaches?.data.values[0]).toMatchObject({ x: 3000, level: 95 });
  });

  it("gives each mechanism its own colour, marker shape and line dash", () => {
    const spec = json(buildPanelSpec(cpuManifest, "b", cpuPoints()));
    const lines = layersOf(spec, "line");
    const dashes = lines.map((l) =>
      JSON.stringify((l.mark as { strokeDash?: number[] }).strokeDash),
    );
    expect(lines).toHaveLength(3);
    expect(new Set(dashes).size).toBe(lines.length);
    const shape = layersOf(spec, "point")[0]?.encoding.shape;
    expect(shape?.field).toBe("mechanism");
    const shapes = shape?.scale?.range as string[];
    expect(new Set(shapes).size).toBe(shapes.length);
  });

  it("names reproduced and published data in the legend", () => {
    const dash = (spec: SpecJson) =>
      layersOf(spec, "point")[0]?.encoding.strokeDash?.scale?.domain as string[];
    expect(dash(json(buildPanelSpec(cpuManifest, "b", cpuPoints())))).toEqual([
      "reproduced (sim)",
      "published (paper)",
    ]);
    const hw = buildPanelSpec(cpuManifest, "b", cpuPoints(), { runner: "hw" });
    expect(dash(json(hw))).toEqual(["reproduced (hw)"]); // no claims checked on hw here
  });

  it("uses a log y scale when the chart asks for one, with positive edges only", () => {
    const points: SeriesPoint[] = respPoints().map((p, i) =>
      i === 0 ? { ...p, metrics: { resp_ms: { mean: 0.4, lo: -0.1, hi: 0.9, n: 2 } } } : p,
    );
    points[1] = { ...points[1]!, metrics: { resp_ms: { mean: 0, lo: 0, hi: 0, n: 2 } } };
    const spec = json(buildPanelSpec(respManifest, "b", points));
    const yScales = spec.layer.map((l) => l.encoding.y?.scale).filter((s) => s !== undefined);
    expect(yScales.length).toBeGreaterThan(3);
    for (const scale of yScales) expect(scale.type).toBe("log");
    const [area] = layersOf(spec, "area");
    const values = area?.data.values ?? [];
    expect(values.every((r) => (r.band_lo as number) > 0 && (r.mean as number) > 0)).toBe(true);
    expect(values[0]).toMatchObject({ lo: -0.1, band_lo: expect.any(Number) });
    const linear = json(buildPanelSpec(cpuManifest, "a", cpuPoints()));
    expect(linear.layer[0]?.encoding.y?.scale).toEqual({
      type: "linear",
      domain: [0, 100],
      zero: false,
    });
  });

  it("is deterministic: same input, byte-identical JSON, whatever the point order", () => {
    const points = cpuPoints();
    const first = specJson(buildPanelSpec(cpuManifest, "b", points));
    const again = specJson(buildPanelSpec(cpuManifest, "b", cpuPoints()));
    const shuffled = specJson(buildPanelSpec(cpuManifest, "b", [...points].reverse()));
    expect(again).toBe(first);
    expect(shuffled).toBe(first);
  });

  it("rejects an unknown panel", () => {
    expect(() => buildPanelSpec(cpuManifest, "z", [])).toThrow(/no panel 'z'.*panels: a, b/);
  });

  it("adds mechanisms present in the data but not in the sweep to the legend", () => {
    const manifest = Manifest.parse({
      ...cpuManifest,
      sweep: { ...cpuManifest.sweep, mechanisms: ["select"] },
    });
    const spec = json(buildPanelSpec(manifest, "a", cpuPoints()));
    const color = layersOf(spec, "line")[0]?.encoding.color?.scale;
    expect(color?.domain).toEqual(["select", "devpoll", "rtsig"]);
  });
});

describe("logTicksOf", () => {
  it("gives 1-2-5 ticks over the decades spanned", () => {
    expect(logTicksOf([0.3, 40])).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100]);
    expect(logTicksOf(undefined)).toBeUndefined();
    expect(logTicksOf([0, 10])).toBeUndefined();
  });

  it("hw: the machine's titles, no published numbers, no 2001 y range (but 0-100% for CPU)", () => {
    const withHw = Manifest.parse({
      ...respManifest,
      chart: { ...respManifest.chart, y_scale: "linear", y_domain: [0, 50] },
      runners: {
        ...respManifest.runners,
        hw: {
          values: [500, 4000],
          mechanisms: ["select", "epoll"],
          titles: { b: "6000 idle connections on this machine" },
          chart_title: "Response time here",
        },
      },
    });
    const points = respPoints().filter((p) => p.mechanism === "select");
    const spec = JSON.parse(specJson(buildPanelSpec(withHw, "b", points, { runner: "hw" })));
    expect(spec.title.text).toBe("Response time here — (b) 6000 idle connections on this machine");
    expect(spec.title.subtitle).toMatch(/measured on this machine .* not overlaid/);
    expect(JSON.stringify(spec)).not.toMatch(/published \(paper\)/);
    expect(JSON.stringify(spec)).not.toMatch(/"domain":\[0,50\]/);
    // The legend names the hw mechanisms, not the simulator's devpoll or rtsig-perfd.
    expect(JSON.stringify(spec)).toMatch(/"epoll"/);
    expect(JSON.stringify(spec)).not.toMatch(/"devpoll"|"rtsig-perfd"/);
    expect(vegaLiteValidator()(spec)).toBe(true);
    const cpu = JSON.parse(
      specJson(buildPanelSpec(cpuManifest, "b", cpuPoints(), { runner: "hw" })),
    );
    expect(JSON.stringify(cpu)).toMatch(/"domain":\[0,100\]/);
    expect(cpu.title.subtitle).toMatch(/not overlaid/);
  });
});
