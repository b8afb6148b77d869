import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseManifest } from "../../src/manifest/load.js";
import {
  descriptorsOf,
  type MachineTerms,
  REFERENCE_TERMS,
  rateOf,
  scaledTerms,
} from "../../src/plan/machine-terms.js";
import { hwXValues, PlanError, planPoints, usesMachineTerms } from "../../src/plan/points.js";
import { ProbeError, termsOf } from "../../src/runners/hw/probe/probe.js";
import { type KeptProbe, keepProbe, probeKey } from "../../src/runners/hw/probe/probe-cache.js";
import { machineSizing, sizeFactorOption } from "../../src/runners/hw/probe/sizing.js";
import { edit, VALID_FIG4 } from "../manifest/fixture.js";

/** A machine whose numbers are easy to follow by hand. */
const TERMS: MachineTerms = {
  clientMaxRate: 10_000,
  probeRate: 1500,
  selectUsPerReply: 30,
  selectUsPerIdlePerReply: 0.3,
};

const SIZED = edit(
  VALID_FIG4,
  "runners:\n",
  `runners:
  hw:
    values: { select_busy: [0.5, 1.5] }
    params: { duration_s: 5 }
    panels: { r500: { rate: { client_max: 0.2 } }, r1000: { rate: { client_max: 0.4 } } }
    mechanisms: [select, epoll]
    repetitions: 1
`,
);

describe("sizes in machine terms", () => {
  it("turns a share of the clients' max into a rate, rounded to 100", () => {
    expect(rateOf({ client_max: 0.2 }, TERMS)).toBe(2000);
    expect(rateOf({ client_max: 0.0349 }, TERMS)).toBe(300); // 349 → 300
    expect(rateOf({ client_max: 0.001 }, TERMS)).toBe(100); // never below one step
    expect(rateOf(1234, TERMS)).toBe(1234); // numbers stay as given
  });

  it("turns select()'s CPU share at the probe rate into a descriptor count", () => {
    // b = 0.5 at 1500/s: 333.3 µs per reply; (333.3 − 30) / 0.3 = 1011 → 1000.
    expect(descriptorsOf({ select_busy: 0.5 }, TERMS)).toBe(1000);
    // b = 1.5: 1000 µs; (1000 − 30) / 0.3 = 3233 → 3200.
    expect(descriptorsOf({ select_busy: 1.5 }, TERMS)).toBe(3200);
  });

  it("refuses a term of the other kind", () => {
    expect(() => rateOf({ select_busy: 1 }, TERMS)).toThrow(/client_max/);
    expect(() => descriptorsOf({ client_max: 0.5 }, TERMS)).toThrow(/select_busy/);
  });

  it("--size-factor 1.5 gives about 1.5× the descriptors and the same rates", () => {
    const forced = scaledTerms(TERMS, 1.5);
    // (333.3 − 20) / 0.2 = 1567 → 1600; (1000 − 20) / 0.2 = 4900.
    expect(descriptorsOf({ select_busy: 0.5 }, forced)).toBe(1600);
    expect(descriptorsOf({ select_busy: 1.5 }, forced)).toBe(4900);
    expect(rateOf({ client_max: 0.2 }, forced)).toBe(2000);
  });

  it("plans a sized hw section with the terms given", () => {
    const manifest = parseManifest(SIZED, "experiments/fig4.yaml");
    expect(usesMachineTerms(manifest)).toBe(true);
    const points = planPoints(manifest, "hw", TERMS);
    expect(new Set(points.map((p) => p.x))).toEqual(new Set([1000, 3200]));
    for (const p of points) expect(p.spec.connections).toBe(p.x);
    expect(new Set(points.filter((p) => p.panel === "r500").map((p) => p.spec.rate))).toEqual(
      new Set([2000]),
    );
    expect(new Set(points.filter((p) => p.panel === "r1000").map((p) => p.spec.rate))).toEqual(
      new Set([4000]),
    );
    // A 1.5× cheaper select(): more connections, same rates.
    const forced = planPoints(manifest, "hw", scaledTerms(TERMS, 1.5));
    expect(new Set(forced.map((p) => p.x))).toEqual(new Set([1600, 4900]));
  });

  it("says which values collapse on a machine and which kind fits which x", () => {
    expect(() => hwXValues("fig4", "connections", { select_busy: [0.5, 0.51] }, TERMS)).toThrow(
      PlanError,
    );
    expect(() => hwXValues("fig4", "connections", { client_max: [0.1] }, TERMS)).toThrow(
      /client_max sizes rates, but the sweep's x is connections/,
    );
    expect(hwXValues("fig4", "rate", { client_max: [0.1, 0.3] }, TERMS)).toEqual([1000, 3000]);
  });

  it("leaves a section in numbers alone (no probe needed)", () => {
    const numbers = edit(
      VALID_FIG4,
      "runners:\n",
      "runners:\n  hw:\n    values: [1000]\n    mechanisms: [select]\n",
    );
    expect(usesMachineTerms(parseManifest(numbers, "experiments/fig4.yaml"))).toBe(false);
  });
});

describe("the probe's terms", () => {
  const file = JSON.parse(readFileSync("data/hw-probe.json", "utf8")) as {
    probes: Record<string, KeptProbe>;
  };
  const kept = Object.values(file.probes);

  it("are re-derived from each kept probe's raw numbers", () => {
    expect(kept.length).toBeGreaterThan(0);
    for (const probe of kept) {
      const [clientMax, selectNone, selectIdle] = probe.points;
      if (!clientMax || !selectNone || !selectIdle) throw new Error("a probe has three points");
      expect(termsOf({ clientMax, selectNone, selectIdle })).toEqual(probe.terms);
    }
  });

  it("of the reference machine are a kept probe's", () => {
    expect(kept.map((p) => p.terms)).toContainEqual(REFERENCE_TERMS);
  });

  it("refuse a select() that does not grow with idle descriptors", () => {
    const point = {
      mechanism: "select",
      idle: 0,
      offered_rate: 1500,
      reply_rate: 1500,
      server_cpu_us_per_reply: 30,
      steal_pct: 0,
      quiet: true,
    };
    expect(() =>
      termsOf({
        clientMax: { ...point, mechanism: "epoll", reply_rate: 9000 },
        selectNone: point,
        selectIdle: { ...point, idle: 1000, server_cpu_us_per_reply: 29 },
      }),
    ).toThrow(ProbeError);
  });
});

describe("machineSizing", () => {
  const probe: KeptProbe = {
    machine: "test",
    measured_at: "2026-12-06T00:00:00.000Z",
    hw_source_version: "test",
    terms: TERMS,
    points: [],
  };

  it("reuses this machine's kept probe without measuring, scaled by --size-factor", async () => {
    const root = mkdtempSync(join(tmpdir(), "dispatch-sizing-"));
    try {
      keepProbe(probeKey(), probe, root);
      const lines: string[] = [];
      const sizing = await machineSizing({
        root,
        log: (l) => lines.push(l),
        sizeFactor: 1.5,
        build: false,
        pointOptions: {},
        keySuffix: "",
      });
      expect(sizing.reused).toBe(true);
      expect(sizing.probe?.terms).toEqual(TERMS);
      expect(sizing.terms).toEqual(scaledTerms(TERMS, 1.5));
      expect(lines.join("\n")).toMatch(/kept probe.*1\.5× cheaper/s);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("a dry run on a machine never probed shows the reference machine's sizes", async () => {
    const root = mkdtempSync(join(tmpdir(), "dispatch-sizing-"));
    try {
      const sizing = await machineSizing({
        root,
        log: () => {},
        dryRun: true,
        build: false,
        pointOptions: {},
        keySuffix: "",
      });
      expect(sizing.probe).toBeNull();
      expect(sizing.terms).toEqual(REFERENCE_TERMS);
      expect(existsSync(join(root, "data", "hw-probe.json"))).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("--size-factor takes 0.25 to 4", () => {
    expect(sizeFactorOption(undefined)).toBe(1);
    expect(sizeFactorOption("1.5")).toBe(1.5);
    expect(() => sizeFactorOption("0")).toThrow(/--size-factor must be a number from 0.25 to 4/);
    expect(() => sizeFactorOption("x")).toThrow(/got 'x'/);
  });
});
