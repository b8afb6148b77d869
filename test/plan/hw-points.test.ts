import { describe, expect, it } from "vitest";
import { parseManifest } from "../../src/manifest/load.js";
import { PlanError, planPoints } from "../../src/plan/points.js";
import { edit, VALID_FIG4 } from "../manifest/fixture.js";

const WITH_HW = edit(
  VALID_FIG4,
  "runners:\n",
  `runners:
  hw:
    values: [0, 5000]
    params: { duration_s: 5 }
    panels: { b: { rate: 3000 } }
    mechanisms: [select, epoll]
    repetitions: 2
`,
);

describe("planPoints for the hw runner", () => {
  it("takes the hw section's values, mechanisms, overrides and repetitions", () => {
    const manifest = parseManifest(WITH_HW, "experiments/fig4.yaml");
    const points = planPoints(manifest, "hw");
    const panels = manifest.sweep.panels.length;
    expect(points).toHaveLength(panels * 2 * 2 * 2);
    expect(new Set(points.map((p) => p.spec.mechanism))).toEqual(new Set(["select", "epoll"]));
    expect(new Set(points.map((p) => p.x))).toEqual(new Set([0, 5000]));
    expect(new Set(points.map((p) => p.spec.seed))).toEqual(new Set([1, 2]));
    for (const p of points) expect(p.spec.duration_s).toBe(5);
    const b = points.filter((p) => p.panel === "b");
    for (const p of b) expect(p.spec.rate).toBe(3000);
  });

  it("the sim plan ignores the hw section", () => {
    const manifest = parseManifest(WITH_HW, "experiments/fig4.yaml");
    const sim = planPoints(manifest, "sim");
    expect(sim.every((p) => manifest.sweep.mechanisms.includes(p.spec.mechanism))).toBe(true);
    expect(sim.every((p) => p.spec.duration_s !== 5)).toBe(true);
  });

  it("a manifest without a hw section cannot be planned for hw", () => {
    const manifest = parseManifest(VALID_FIG4, "experiments/fig4.yaml");
    expect(() => planPoints(manifest, "hw")).toThrow(PlanError);
    expect(() => planPoints(manifest, "hw")).toThrow(/no 'runners.hw' section/);
  });
});
