import { describe, expect, it } from "vitest";
import { loadAll } from "../../src/manifest/discover.js";
import { parseManifest } from "../../src/manifest/load.js";
import { PlanError, planPoints, pointKey } from "../../src/plan/points.js";
import { sessionsOf } from "../../src/runners/hw/hw-runner.js";
import { plannedSessionSeconds } from "../../src/runners/hw/planned-time.js";
import { isHwMechanism } from "../../src/runners/hw/server/server-process.js";
import { edit, VALID_FIG4 } from "../manifest/fixture.js";

const WITH_HW = edit(
  VALID_FIG4,
  "runners:\n",
  `runners:
  hw:
    values: [10, 5000]
    params: { duration_s: 5 }
    panels: { r1000: { rate: 3000 } }
    mechanisms: [select, epoll]
    repetitions: 2
`,
);

/** What docs/speed.md states for a cold make figures-hw on a 2-vCPU VM (planned; measured there). */
const HW_PLANNED_BUDGET_MIN = 78;

describe("planPoints for the hw runner", () => {
  it("takes the hw section's values, mechanisms, overrides and repetitions", () => {
    const manifest = parseManifest(WITH_HW, "experiments/fig4.yaml");
    const points = planPoints(manifest, "hw");
    const panels = manifest.sweep.panels.length;
    expect(points).toHaveLength(panels * 2 * 2 * 2);
    expect(new Set(points.map((p) => p.spec.mechanism))).toEqual(new Set(["select", "epoll"]));
    expect(new Set(points.map((p) => p.x))).toEqual(new Set([10, 5000]));
    expect(new Set(points.map((p) => p.spec.seed))).toEqual(new Set([1, 2]));
    for (const p of points) expect(p.spec.duration_s).toBe(5);
    const overridden = points.filter((p) => p.panel === "r1000");
    expect(overridden).toHaveLength(2 * 2 * 2);
    for (const p of overridden) expect(p.spec.rate).toBe(3000);
    for (const p of points.filter((q) => q.panel === "r500")) expect(p.spec.rate).toBe(500);
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

describe("the manifests' hw sections", () => {
  // The paper's experiments (ablations and outside validations are simulator-only).
  const manifests = loadAll("experiments")
    .map((m) => m.manifest)
    .filter((m) => !m.id.startsWith("ablation-") && !m.id.startsWith("outside-"));
  const plans = new Map(manifests.map((m) => [m.id, planPoints(m, "hw")]));

  it("every paper manifest has one, with hw mechanisms only and at least 3 repetitions", () => {
    for (const m of manifests) {
      expect(m.runners.hw, m.id).toBeDefined();
      expect(m.runners.hw!.repetitions, m.id).toBeGreaterThanOrEqual(3);
      for (const p of plans.get(m.id)!) expect(isHwMechanism(p.spec.mechanism), m.id).toBe(true);
    }
  });

  it("fig9 and table1 measure nothing of their own: their runs are fig6-8's", () => {
    const measured = new Set(
      ["fig6", "fig7", "fig8"].flatMap((id) => plans.get(id)!.map((p) => pointKey(p.spec))),
    );
    for (const id of ["fig9", "table1"]) {
      const extra = plans.get(id)!.filter((p) => !measured.has(pointKey(p.spec)));
      expect(
        extra.map((p) => `${p.panel} ${p.spec.mechanism} ${p.x}`),
        id,
      ).toEqual([]);
    }
  });

  it("table1-queue-limit's default-queue panel is fig6's rtsig runs; its small queues are its own", () => {
    const fig6 = new Set(plans.get("fig6")!.map((p) => pointKey(p.spec)));
    const own = plans.get("table1-queue-limit")!.filter((p) => !fig6.has(pointKey(p.spec)));
    expect(new Set(own.map((p) => p.panel))).toEqual(new Set(["a", "b"]));
    expect(new Set(own.map((p) => p.spec.queue_limit))).toEqual(new Set([16, 128]));
  });

  it("groups a repetition's rates into one server session per mechanism, idle count, reply size and queue limit, lightest load first", () => {
    const specs = plans.get("table1-queue-limit")!.map((p) => p.spec);
    const sessions = sessionsOf([...specs].reverse().map((spec) => ({ spec })));
    // 3 panels (queue limits) × 1 mechanism × 3 repetitions.
    expect(sessions).toHaveLength(9);
    for (const session of sessions) {
      expect(session.map((j) => j.spec.rate)).toEqual([500, 1000, 2000, 4000, 6000]);
      expect(new Set(session.map((j) => `${j.spec.queue_limit}|${j.spec.seed}`)).size).toBe(1);
    }
  });

  it("fig3-5 share their runs (one persistent sweep, three metrics)", () => {
    const keys = (id: string) => plans.get(id)!.map((p) => pointKey(p.spec));
    expect(keys("fig4")).toEqual(keys("fig3"));
    expect(keys("fig5")).toEqual(keys("fig3"));
  });

  it("reaches 10 000 connections with ≥ 10-s windows, and plans make figures-hw within the budget of docs/speed.md", () => {
    const persistent = plans.get("fig4")!;
    expect(Math.max(...persistent.map((p) => p.spec.connections))).toBeGreaterThanOrEqual(10_000);
    const distinct = new Map(
      [...plans.values()].flat().map((p) => [pointKey(p.spec), p.spec] as const),
    );
    for (const spec of distinct.values()) expect(spec.duration_s).toBeGreaterThanOrEqual(10);
    const sessions = sessionsOf([...distinct.values()].map((spec) => ({ spec })));
    const total = sessions.reduce((s, g) => s + plannedSessionSeconds(g.map((j) => j.spec)), 0);
    // 357 runs of 1 + 10 s (+ tail, drain) in 69 sessions: ~76 min planned (327 for the
    // figures, 30 for predict-12k-idle's prediction checked afterwards).
    expect(total).toBeLessThanOrEqual(HW_PLANNED_BUDGET_MIN * 60);
  });
});
