/**
 * Fixture manifests and synthetic series for the render tests: a Figure 4-like
 * CPU chart (linear, value/reaches claims) and a Figure 9-like response-time
 * chart (log scale, knee and point claims).
 */
import { Manifest, type Manifest as ManifestT, type Mechanism } from "../../src/manifest/schema.js";
import type { SeriesPoint } from "../../src/results/types.js";

export const cpuManifest: ManifestT = Manifest.parse({
  id: "fig4-cpu",
  title: "CPU usage with increasing concurrent connections",
  paper_ref: "Figure 4, Section 3.1.2",
  sweep: {
    workload: "persistent",
    mechanisms: ["select", "devpoll", "rtsig"],
    x: "connections",
    values: [250, 500, 1000, 1500, 2000, 2500, 3000],
    params: { reply_bytes: 92, duration_s: 60 },
    panels: [
      { id: "a", title: "500 req/s", params: { rate: 500 } },
      { id: "b", title: "1000 req/s", params: { rate: 1000 } },
    ],
    seeds: [1, 2, 3],
  },
  runners: { sim: { profile: "piii-400-linux-2.4" } },
  chart: {
    title: "CPU usage",
    y: "cpu_pct",
    x_title: "Concurrent connections",
    y_title: "CPU usage (%)",
    y_domain: [0, 100],
  },
  claims: [
    {
      id: "rtsig-cpu-500",
      kind: "value",
      role: "calibration",
      metric: "cpu_pct",
      panels: ["a"],
      series: ["rtsig"],
      at: "mean",
      expected: 6.67,
      tolerance: { abs: 1 },
      source: {
        ref: "Figure 4, Section 3.1.2",
        quote: "about 6.67% on average for the 500 req/s case",
      },
    },
    {
      id: "rtsig-cpu-1000",
      kind: "value",
      role: "validation",
      metric: "cpu_pct",
      panels: ["b"],
      series: ["rtsig"],
      at: "mean",
      expected: 13.25,
      tolerance: { abs: 1.5 },
      source: { ref: "Figure 4, Section 3.1.2", quote: "about 13.25% for the 1000 req/s case" },
    },
    {
      id: "select-saturates",
      kind: "reaches",
      role: "validation",
      metric: "cpu_pct",
      panels: ["b"],
      series: ["select", "devpoll"],
      level: 95,
      by: 3000,
      source: {
        ref: "Figure 4, Section 3.1.2",
        quote: "they become saturated after a certain point",
      },
    },
    {
      id: "rtsig-resp",
      kind: "value",
      role: "validation",
      metric: "resp_ms",
      series: ["rtsig"],
      at: "mean",
      expected: 0.3,
      tolerance: { abs: 0.1 },
      source: { ref: "Figure 5", quote: "about 0.3 ms in each case" },
    },
  ],
});

export const respManifest: ManifestT = Manifest.parse({
  id: "fig9-resp",
  title: "Response time with increasing load",
  paper_ref: "Figure 9, Section 4.2",
  sweep: {
    workload: "idle-burst",
    mechanisms: ["select", "select-ma", "devpoll", "rtsig", "rtsig-perfd"],
    x: "rate",
    values: [2000, 2400, 2800, 3000, 3200, 3400, 3600, 3800, 4000],
    params: { reply_bytes: 1 },
    panels: [{ id: "b", title: "6000 idle connections, 1 B replies", params: { idle: 6000 } }],
    seeds: [1, 2],
  },
  runners: { sim: { profile: "piii-400-linux-2.4" } },
  chart: {
    title: "Response time",
    y: "resp_ms",
    x_title: "Request rate (req/s)",
    y_title: "Response time (ms)",
    y_scale: "log",
  },
  claims: [
    {
      id: "rtsig-resp-knee",
      kind: "knee",
      role: "validation",
      metric: "resp_ms",
      series: ["rtsig"],
      reference: 1,
      threshold: 10,
      within: [3000, 3400],
      source: { ref: "Figure 9(b), Section 4.2", quote: "RT signals keep a low response time" },
    },
    {
      id: "rtsig-resp-3000",
      kind: "value",
      role: "validation",
      metric: "resp_ms",
      series: ["rtsig"],
      at: 2800,
      expected: 0.5,
      tolerance: { rel: 0.5 },
      source: { ref: "Figure 9(b)", quote: "a low response time" },
    },
  ],
});

/** Deterministic synthetic series: one point per mechanism × panel × x. */
export function syntheticPoints(
  manifest: ManifestT,
  metricOf: (mechanism: Mechanism, x: number, panelIndex: number) => number,
): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  manifest.sweep.panels.forEach((panel, panelIndex) => {
    for (const mechanism of manifest.sweep.mechanisms) {
      for (const x of manifest.sweep.values) {
        const mean = metricOf(mechanism, x, panelIndex);
        const half = 0.05 * mean;
        points.push({
          panel: panel.id,
          mechanism,
          x,
          params: {
            connections: manifest.sweep.x === "connections" ? x : 0,
            idle: panel.params.idle ?? 0,
            rate: manifest.sweep.x === "rate" ? x : (panel.params.rate ?? 0),
            reply_bytes: 92,
            duration_s: 60,
            warmup_s: 0,
            client_timeout_s: 10,
          },
          metrics: {
            // Every point served its load (the checker reads no point that served nothing).
            reply_rate: { mean: 100, lo: 100, hi: 100, n: 3 },
            [manifest.chart.y]: { mean, lo: mean - half, hi: mean + half, n: 3 },
          },
        });
      }
    }
  });
  return points;
}

export function cpuPoints(): SeriesPoint[] {
  return syntheticPoints(cpuManifest, (mechanism, x, panel) => {
    const rate = panel === 0 ? 500 : 1000;
    if (mechanism === "rtsig") return rate * 0.0133 + (x % 500) / 1000;
    const slope = mechanism === "select" ? 0.03 : 0.025;
    return Math.min(100, rate * 0.02 + slope * x * (rate / 500));
  });
}

export function respPoints(): SeriesPoint[] {
  return syntheticPoints(respManifest, (mechanism, x) => {
    const knee = {
      select: 2400,
      "select-ma": 3600,
      devpoll: 3000,
      rtsig: 3200,
      "rtsig-perfd": 3400,
    };
    const base = mechanism === "select" ? 8 : mechanism === "devpoll" ? 3 : 0.4;
    return x <= knee[mechanism as keyof typeof knee] ? base : base * 10 * (x / 1000);
  });
}
