import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { parseManifest } from "../../src/manifest/load.js";
import { Manifest } from "../../src/manifest/schema.js";
import { PlanError, planPoints, pointHash, pointKey } from "../../src/plan/points.js";
import { edit, VALID_FIG4 } from "../manifest/fixture.js";
import { spec } from "../results/rows.js";

const fig4 = () => parseManifest(VALID_FIG4, "experiments/fig4.yaml");

describe("planPoints", () => {
  it("makes panels × mechanisms × x values × seeds points, in manifest order", () => {
    const points = planPoints(fig4());
    expect(points).toHaveLength(2 * 3 * 4 * 2);
    expect(points.slice(0, 4).map((p) => [p.panel, p.spec.mechanism, p.x, p.spec.seed])).toEqual([
      ["r500", "select", 250, 1],
      ["r500", "select", 250, 2],
      ["r500", "select", 500, 1],
      ["r500", "select", 500, 2],
    ]);
    expect(points.at(-1)).toMatchObject({
      panel: "r1000",
      x: 3000,
      spec: { mechanism: "rtsig", seed: 2 },
    });
    expect(planPoints(fig4())).toEqual(points);
  });

  it("resolves defaults < sweep.params < panel.params < x", () => {
    let text = edit(
      VALID_FIG4,
      "    duration_s: 10\n",
      "    duration_s: 10\n    reply_bytes: 6144\n    connections: 7\n",
    );
    text = edit(
      text,
      "params: { rate: 1000 }",
      "params: { rate: 1000, reply_bytes: 1, connections: 9 }",
    );
    const points = planPoints(parseManifest(text, "experiments/fig4.yaml"));
    const r500 = points.find((p) => p.panel === "r500" && p.x === 500);
    const r1000 = points.find((p) => p.panel === "r1000" && p.x === 500);
    expect(r500?.spec).toEqual({
      workload: "persistent",
      mechanism: "select",
      connections: 500, // x beats sweep.params
      idle: 0, // default
      rate: 500, // panel
      reply_bytes: 6144, // sweep.params beats default
      duration_s: 10, // sweep.params
      warmup_s: 2,
      client_timeout_s: 1,
      seed: 1,
    });
    expect(r1000?.spec).toMatchObject({
      connections: 500,
      rate: 1000,
      reply_bytes: 1,
      duration_s: 10,
    });
  });

  it("uses the built-in defaults when nothing is given", () => {
    const text = edit(VALID_FIG4, "  params:\n    duration_s: 10\n", "");
    const [first] = planPoints(parseManifest(text, "experiments/fig4.yaml"));
    expect(first?.spec).toMatchObject({
      idle: 0,
      reply_bytes: 92,
      duration_s: 60,
      warmup_s: 2,
      client_timeout_s: 1,
    });
  });

  it("names the manifest and panel when no rate is given — when the manifest is loaded", () => {
    const text = edit(VALID_FIG4, "      params: { rate: 1000 }\n", "");
    expect(() => parseManifest(text, "experiments/fig4.yaml")).toThrow(
      /experiments\/fig4\.yaml:\d+:\d+: sweep\.params: fig4: panel "r1000": no rate given/,
    );
    // planPoints says the same to a caller that skipped the cross-checks.
    const schemaOnly = Manifest.parse(parseYaml(text));
    expect(() => planPoints(schemaOnly)).toThrow(PlanError);
    expect(() => planPoints(schemaOnly)).toThrow(/^fig4: panel "r1000": no rate given/);
  });

  it("takes the rate from x when the sweep is over rate", () => {
    let text = edit(VALID_FIG4, "  x: connections\n", "  x: rate\n");
    text = edit(text, "params: { rate: 500 }", "params: { connections: 500 }");
    text = edit(text, "params: { rate: 1000 }", "params: { connections: 1000 }");
    const points = planPoints(parseManifest(text, "experiments/fig4.yaml"));
    expect(points[0]?.spec).toMatchObject({ rate: 250, connections: 500 });
  });
});

describe("pointKey and pointHash", () => {
  it("do not depend on field order", () => {
    const a = spec();
    const b = Object.fromEntries(Object.entries(a).reverse()) as typeof a;
    expect(pointKey(b)).toBe(pointKey(a));
    expect(pointKey(a)).toBe(
      '{"client_timeout_s":1,"connections":250,"duration_s":60,"idle":0,"mechanism":"select","rate":500,"reply_bytes":92,"seed":1,"warmup_s":2,"workload":"persistent"}',
    );
    expect(pointHash(b, "sim-1")).toBe(pointHash(a, "sim-1"));
    expect(pointHash(a, "sim-1")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("change with any field and with the runner version", () => {
    const base = pointHash(spec(), "sim-1");
    expect(pointHash(spec({ seed: 2 }), "sim-1")).not.toBe(base);
    expect(pointHash(spec({ rate: 501 }), "sim-1")).not.toBe(base);
    expect(pointHash(spec(), "sim-2")).not.toBe(base);
  });
});
