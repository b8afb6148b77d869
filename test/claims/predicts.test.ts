/**
 * `predicts`: the simulator's prediction (variant "model") against the hw
 * measurement at the same x — per point, per reply below saturation, where
 * saturated, the peak, the knee and the order of mechanisms; and
 * docs/cross-validation.md names every cross-validation claim.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkClaim } from "../../src/claims/index.js";
import { MODEL_SERIES } from "../../src/claims/kinds/predicts.js";
import { loadAll } from "../../src/manifest/discover.js";
import type { SeriesPoint } from "../../src/results/types.js";
import { claim, series } from "./fixtures.js";

const RATES = [500, 1000, 2000, 4000];

/** Measured select: keeps up to 1000 req/s, serves 1500 beyond; CPU 40 µs per reply. */
const measuredSelect = series("select", RATES, (x) => ({
  reply_rate: Math.min(x, 1500),
  cpu_pct: Math.min(100, (x * 40) / 1e4 + 50 * Number(x > 1000)),
}));

function predicted(
  points: readonly SeriesPoint[],
  scale: (p: SeriesPoint) => number,
): SeriesPoint[] {
  return points.map((p) => {
    const metrics: SeriesPoint["metrics"] = {};
    for (const [metric, e] of Object.entries(p.metrics)) {
      if (e === undefined) continue;
      const mean = metric === "cpu_pct" ? (e.mean as number) * scale(p) : e.mean;
      metrics[metric as keyof SeriesPoint["metrics"]] = { ...e, mean, lo: mean, hi: mean };
    }
    return { ...p, variant: MODEL_SERIES, metrics };
  });
}

function check(fields: Parameters<typeof claim<"predicts">>[1], points: SeriesPoint[]) {
  return checkClaim(
    claim("predicts", { role: "cross-validation", runners: ["predict"], ...fields }),
    points,
  );
}

describe("predicts: point", () => {
  const perReply = {
    compare: "point" as const,
    metric: "cpu_pct" as const,
    per_reply: true,
    series: ["select" as const],
    tolerance: { rel: 0.25 },
  };

  it("passes within the tolerance, where the measured server keeps up", () => {
    const r = check(perReply, [...measuredSelect, ...predicted(measuredSelect, () => 1.2)]);
    expect(r.verdict).toBe("pass");
    expect(r.measured).toBe("2 point(s), worst +20% at x=500");
  });

  it("fails beyond it, naming the points", () => {
    const r = check(perReply, [...measuredSelect, ...predicted(measuredSelect, () => 1.3)]);
    expect(r.verdict).toBe("fail");
    expect(r.detail).toContain("x=500 (+30%)");
  });

  it("never compares CPU per reply where the measured server saturated", () => {
    // Off by 3× at 2000 and 4000, where the measurement saturated: not compared.
    const r = check(perReply, [
      ...measuredSelect,
      ...predicted(measuredSelect, (p) => (p.x > 1000 ? 3 : 1)),
    ]);
    expect(r.verdict).toBe("pass");
  });

  it("where: saturated compares only the saturated points", () => {
    const r = check({ ...perReply, per_reply: false, metric: "reply_rate", where: "saturated" }, [
      ...measuredSelect,
      ...predicted(measuredSelect, () => 1),
    ]);
    expect(r.verdict).toBe("pass");
    expect(r.measured).toBe("2 point(s), worst +0% at x=2000");
  });

  it("a measurement with no prediction beside it is no data, never a pass", () => {
    expect(check(perReply, measuredSelect).verdict).toBe("no-data");
  });
});

describe("predicts: peak and knee", () => {
  const model = series("select", RATES, (x) => ({ reply_rate: Math.min(x, 1800) })).map((p) => ({
    ...p,
    variant: MODEL_SERIES,
  }));

  it("peak: 1800 predicted against 1500 measured is +20 %", () => {
    const r = check(
      { compare: "peak", metric: "reply_rate", series: ["select"], tolerance: { rel: 0.2 } },
      [...measuredSelect, ...model],
    );
    expect(r.verdict).toBe("pass");
    expect(r.measured).toBe("predicted 1800, measured 1500 (+20%)");
  });

  it("knee: both first fall below 97 % of the offered rate at 2000", () => {
    const r = check(
      { compare: "knee", metric: "reply_rate", series: ["select"], tolerance: { rel: 0.2 } },
      [...measuredSelect, ...model],
    );
    expect(r.verdict).toBe("pass");
  });

  it("knee: a measurement that keeps up everywhere has no knee to predict (no data)", () => {
    const keepsUp = series("epoll", RATES, (x) => ({ reply_rate: x }));
    const r = check(
      { compare: "knee", metric: "reply_rate", series: ["epoll"], tolerance: { rel: 0.2 } },
      [...keepsUp, ...keepsUp.map((p) => ({ ...p, variant: MODEL_SERIES }))],
    );
    expect(r.verdict).toBe("no-data");
  });
});

describe("predicts: order", () => {
  const cpu = (m: "select" | "epoll" | "rtsig", values: number[]) =>
    series(m, RATES, (_x, i) => ({ cpu_pct: values[i] as number }));
  const measured = [
    cpu("select", [40, 80, 100, 100]),
    cpu("epoll", [4, 8, 16, 30]),
    cpu("rtsig", [4.2, 8.4, 17, 33]),
  ].flat();
  const order = {
    compare: "order" as const,
    metric: "cpu_pct" as const,
    series: ["select" as const, "epoll" as const, "rtsig" as const],
  };

  it("judges only pairs measured at least 1.25× apart", () => {
    // epoll and rtsig are within 10 %: their swap in the prediction is not judged.
    const model = [
      cpu("select", [30, 60, 90, 100]),
      cpu("epoll", [5, 9, 18, 35]),
      cpu("rtsig", [4, 8, 16, 30]),
    ]
      .flat()
      .map((p) => ({ ...p, variant: MODEL_SERIES }));
    const r = check(order, [...measured, ...model]);
    expect(r.verdict).toBe("pass");
    expect(r.measured).toBe("8 of 8 ordered pair(s) kept");
  });

  it("fails on a swap of a clearly ordered pair", () => {
    const model = [
      cpu("select", [3, 60, 90, 100]),
      cpu("epoll", [5, 9, 18, 35]),
      cpu("rtsig", [4, 8, 16, 30]),
    ]
      .flat()
      .map((p) => ({ ...p, variant: MODEL_SERIES }));
    const r = check(order, [...measured, ...model]);
    expect(r.verdict).toBe("fail");
    expect(r.detail).toContain("x=500: select > epoll");
  });

  it("no clearly ordered pair in the measurement: no data", () => {
    const flat = [cpu("select", [10, 10, 10, 10]), cpu("epoll", [10, 10, 10, 10])].flat();
    const r = check({ ...order, series: ["select", "epoll"] }, [
      ...flat,
      ...flat.map((p) => ({ ...p, variant: MODEL_SERIES })),
    ]);
    expect(r.verdict).toBe("no-data");
  });
});

describe("docs/cross-validation.md", () => {
  it("names every cross-validation claim of every manifest", () => {
    const doc = readFileSync("docs/cross-validation.md", "utf8");
    const ids = loadAll("experiments").flatMap(({ manifest }) =>
      manifest.claims.filter((c) => c.role === "cross-validation").map((c) => c.id),
    );
    expect(ids.length).toBeGreaterThanOrEqual(12);
    expect(ids.filter((id) => !doc.includes(`\`${id}\``))).toEqual([]);
  });
});
