import { describe, expect, it } from "vitest";
import { parseManifest } from "../../src/manifest/load.js";
import { hwPanelValues, withMeasuredSizes } from "../../src/render/hw-sizes.js";
import type { SeriesPoint } from "../../src/results/types.js";
import { edit, VALID_FIG4 } from "../manifest/fixture.js";

function point(panel: string, x: number, rate: number): SeriesPoint {
  return {
    panel,
    mechanism: "select",
    x,
    params: {
      connections: x,
      idle: 0,
      rate,
      reply_bytes: 92,
      duration_s: 10,
      warmup_s: 1,
      client_timeout_s: 1,
    },
    metrics: {},
  };
}

const SIZED = parseManifest(
  edit(
    VALID_FIG4,
    "runners:\n",
    `runners:
  hw:
    values: { select_busy: [0.5, 1.5] }
    panels: { r500: { rate: { client_max: 0.2 } } }
    mechanisms: [select]
`,
  ),
  "experiments/fig4.yaml",
);

describe("hw charts sized by the probe", () => {
  const points = [point("r500", 3300, 2900), point("r500", 1100, 2900), point("r1000", 900, 500)];

  it("take the measured x values of the panel", () => {
    expect(hwPanelValues(SIZED, "r500", points)).toEqual([1100, 3300]);
  });

  it("take the reference machine's sizes before any data", () => {
    expect(hwPanelValues(SIZED, "r500", [])).toHaveLength(2);
  });

  it("fill {rate} and friends from the panel's points", () => {
    expect(withMeasuredSizes("{rate} requests/s", "r500", points)).toBe("2900 requests/s");
    expect(withMeasuredSizes("{connections} conns", "r500", points)).toBe("… conns");
    expect(withMeasuredSizes("{idle} idle", "none", points)).toBe("? idle");
  });
});
