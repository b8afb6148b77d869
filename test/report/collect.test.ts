/**
 * Gathering the report from files: a copy of the committed Figure 4 results
 * in a scratch root, a .vl.json the render step wrote for one panel (read),
 * none for the other (built from the CSV), and hw results with an extra hw
 * panel file (shown too).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadManifest } from "../../src/manifest/load.js";
import { buildPanelSpec, specJson } from "../../src/render/spec.js";
import { collectReport } from "../../src/report/collect.js";
import { aggregate } from "../../src/results/aggregate.js";
import { readRunsCsv } from "../../src/results/csv.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));

describe("collectReport", () => {
  let root = "";

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "dispatch-repro-report-"));
    mkdirSync(join(root, "experiments"));
    mkdirSync(join(root, "data", "fig4"), { recursive: true });
    mkdirSync(join(root, "figures"));
    copyFileSync(join(REPO, "experiments", "fig4.yaml"), join(root, "experiments", "fig4.yaml"));
    for (const f of ["sim.csv", "sim.meta.json", "sim.baseline.csv", "sim.verdicts.json"])
      copyFileSync(join(REPO, "data", "fig4", f), join(root, "data", "fig4", f));
    // hw results: the sim rows stand in for them here.
    copyFileSync(join(REPO, "data", "fig4", "sim.csv"), join(root, "data", "fig4", "hw.csv"));
    const manifest = loadManifest(join(root, "experiments", "fig4.yaml"));
    const points = aggregate(readRunsCsv(join(root, "data", "fig4", "sim.csv")));
    const spec = buildPanelSpec(manifest, "a", points) as { title?: unknown };
    writeFileSync(
      join(root, "figures", "fig4-a.vl.json"),
      specJson({ ...spec, title: "from the file" } as never),
    );
    writeFileSync(
      join(root, "figures", "fig4-hw-extra.vl.json"),
      JSON.stringify({ mark: "point", data: { values: [] } }),
    );
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("reads the render step's spec when there is one, else builds it from the CSV", () => {
    const model = collectReport({ root });
    const [fig4] = model.experiments;
    const sim = fig4!.runs.find((r) => r.runner === "sim")!;
    expect(sim.charts.map((c) => [c.panel, c.from])).toEqual([
      ["a", "figures/fig4-a.vl.json"],
      ["b", "built from data/fig4/sim.csv"],
    ]);
    expect(sim.charts[0]!.spec.title).toBe("from the file");
    expect(sim.charts[1]!.spec.layer).toBeInstanceOf(Array);
  });

  it("adds hw where hw.csv exists, with hw panel files beyond the manifest's", () => {
    const [fig4] = collectReport({ root }).experiments;
    expect(fig4!.runs.map((r) => r.runner)).toEqual(["sim", "hw"]);
    const hw = fig4!.runs[1]!;
    expect(hw.csv).toBe("data/fig4/hw.csv");
    expect(hw.charts.map((c) => [c.panel, c.from])).toEqual([
      ["a", "built from data/fig4/hw.csv"],
      ["b", "built from data/fig4/hw.csv"],
      ["extra", "figures/fig4-hw-extra.vl.json"],
    ]);
    expect(hw.provenance).toBeUndefined();
    expect(hw.provenancePath).toBe("data/fig4/hw.meta.json");
  });

  it("has the claims, provenance and drift of the sim results", () => {
    const [fig4] = collectReport({ root }).experiments;
    const sim = fig4!.runs[0]!;
    expect(sim.claims.length).toBeGreaterThan(0);
    expect(sim.claims.every((c) => c.verdict !== "fail")).toBe(true);
    expect(sim.provenance?.manifestPath).toBe("experiments/fig4.yaml");
    expect(sim.provenancePath).toBe("data/fig4/sim.meta.json");
    expect(fig4!.drift?.baseline).toBe("data/fig4/sim.baseline.csv");
    expect(fig4!.drift?.ok).toBe(true);
  });

  it("shows a prediction's claims and provenance with the hw run it predicts, never as a run of its own", () => {
    const dir = join(root, "data", "fig4");
    copyFileSync(join(REPO, "data", "fig4", "predict.csv"), join(dir, "predict.csv"));
    copyFileSync(join(REPO, "data", "fig4", "predict.meta.json"), join(dir, "predict.meta.json"));
    try {
      const [fig4] = collectReport({ root }).experiments;
      expect(fig4!.runs.map((r) => r.runner)).toEqual(["sim", "hw"]);
      const hw = fig4!.runs[1]!;
      const crossValidation = hw.claims.filter((c) => c.role === "cross-validation");
      expect(crossValidation.map((c) => c.id)).toEqual([
        "x4-cpu-per-reply-scanning",
        "x4-cpu-per-reply-notifying",
        "x4-cpu-order",
      ]);
      expect(hw.prediction?.csv).toBe("data/fig4/predict.csv");
      const details = hw.prediction?.provenance?.details as Record<string, unknown>;
      expect(details.profile).toBe("modern");
      expect((details.profile_measured_on as Record<string, unknown>).machine).toContain("boot=");
    } finally {
      rmSync(join(dir, "predict.csv"));
      rmSync(join(dir, "predict.meta.json"));
    }
  });

  it("reads specs from another figures directory when told", () => {
    const empty = mkdtempSync(join(tmpdir(), "dispatch-repro-figures-"));
    try {
      const [fig4] = collectReport({ root, figuresDir: empty }).experiments;
      expect(fig4!.runs[0]!.charts.every((c) => c.from.startsWith("built from"))).toBe(true);
      expect(fig4!.runs[1]!.charts).toHaveLength(2);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
