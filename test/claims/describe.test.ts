/** The expected/tolerance columns, one claim of each kind as the catalogue would write it. */
import { describe, expect, it } from "vitest";
import { describeExpected, describeTolerance } from "../../src/claims/describe.js";
import type { Claim } from "../../src/manifest/schema.js";
import { claim } from "./fixtures.js";

const cases: [Claim, string, string][] = [
  [
    claim("value", {
      metric: "resp_ms",
      series: ["rtsig"],
      at: 0,
      at_every: true,
      expected: 0.3,
      tolerance: { abs: 0.1, rel: 0.2 },
    }),
    "rtsig resp_ms 0.3 ± 0.1 or 20% at every x",
    "± 0.1 or 20%",
  ],
  [
    claim("tracks", {
      metric: "reply_rate",
      series: ["rtsig", "select"],
      reference: "rate",
      min_ratio: 0.98,
      max_ratio: 1.02,
    }),
    "rtsig, select reply_rate/rate in [0.98, 1.02]",
    "ratio in [0.98, 1.02]",
  ],
  [
    claim("flat", { metric: "cpu_pct", series: ["rtsig"], max_spread: 2 }),
    "rtsig cpu_pct spread ≤ 2",
    "spread ≤ 2",
  ],
  [
    claim("monotone", { metric: "cpu_pct", series: ["select"], direction: "increasing", slack: 1 }),
    "select cpu_pct increasing in x",
    "slack 1",
  ],
  [
    claim("reaches", {
      metric: "cpu_pct",
      series: ["devpoll"],
      level: 95,
      by: 3000,
      panels: ["b"],
    }),
    "devpoll cpu_pct ≥ 95 by x=3000",
    "none",
  ],
  [
    claim("order", {
      metric: "cpu_pct",
      lower: ["rtsig"],
      higher: ["select", "devpoll"],
      factor: 0.5,
      x_range: [1000, 3000],
    }),
    "cpu_pct: rtsig < 0.5 × select, devpoll for x in [1000, 3000]",
    "factor 0.5",
  ],
  [
    claim("knee", {
      metric: "reply_rate",
      series: ["rtsig"],
      reference: "rate",
      threshold: 0.97,
      within: [3000, 3400],
    }),
    "rtsig knee in [3000, 3400]",
    "knee: reply_rate < 0.97 × rate",
  ],
  [
    claim("tracks", {
      metric: "reply_rate",
      series: ["rtsig-perfd"],
      reference: { series: "select-ma" },
      min_ratio: 0.9,
      max_ratio: 1.1,
      x_range: [3400, 4000],
    }),
    "rtsig-perfd reply_rate/select-ma reply_rate in [0.9, 1.1] for x in [3400, 4000]",
    "ratio in [0.9, 1.1]",
  ],
  [
    claim("tracks", {
      metric: "sigio_count",
      series: ["rtsig"],
      reference: { metric: "sigwaitinfo_calls" },
      min_ratio: 0.9,
      max_ratio: 1.1,
    }),
    "rtsig sigio_count/sigwaitinfo_calls in [0.9, 1.1]",
    "ratio in [0.9, 1.1]",
  ],
  [
    claim("knee", {
      metric: "resp_ms",
      series: ["select"],
      reference: { at: "first" },
      threshold: 5,
      direction: "above",
      within: [2800, 3200],
    }),
    "select knee in [2800, 3200]",
    "knee: resp_ms > 5 × own resp_ms at first x",
  ],
  [
    claim("knee_order", {
      metric: "reply_rate",
      earlier: ["rtsig"],
      later: ["rtsig-perfd"],
      reference: "rate",
      threshold: 0.97,
      gap_grows: ["a", "b"],
    }),
    "reply_rate knee: rtsig before rtsig-perfd; gap in b ≥ gap in a",
    "knee: reply_rate < 0.97 × rate; no knee counts as after the last x",
  ],
  [
    claim("knee_order", {
      metric: "resp_ms",
      panels: ["a"],
      earlier: ["select"],
      later: ["select-ma", "devpoll"],
      reference: { at: "first" },
      threshold: 5,
      direction: "above",
    }),
    "resp_ms knee: select before select-ma, devpoll",
    "knee: resp_ms > 5 × own resp_ms at first x; no knee counts as after the last x",
  ],
  [
    claim("linear", { metric: "cpu_pct", series: ["rtsig"], min_r2: 0.97, x_range: [2800, 3200] }),
    "rtsig cpu_pct linear in x, R² ≥ 0.97 for x in [2800, 3200]",
    "R² ≥ 0.97",
  ],
  [
    claim("ratio", {
      metric: "reply_rate",
      numerator: { series: "devpoll", at: "last" },
      denominator: "rate",
      max: 0.95,
      quantifier: "any",
    }),
    "devpoll reply_rate at last / rate ≤ 0.95 (in any panel)",
    "ratio ≤ 0.95",
  ],
  [
    claim("ratio", {
      metric: "reply_rate",
      numerator: { series: "select", at: "peak" },
      denominator: { series: "rtsig", at: "peak" },
      max: 0.8,
    }),
    "select reply_rate at peak / rtsig reply_rate at peak ≤ 0.8",
    "ratio ≤ 0.8",
  ],
];

describe("describeExpected / describeTolerance", () => {
  it.each(cases)("%# %s", (c, expected, tolerance) => {
    expect(describeExpected(c)).toBe(expected);
    expect(describeTolerance(c)).toBe(tolerance);
  });
});
