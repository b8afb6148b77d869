import { describe, expect, it } from "vitest";
import {
  formatEstimate,
  formatMetricValue,
  formatValue,
} from "../../../src/render/table/number-text.js";

describe("table number text", () => {
  it("writes integers whole, with thousands separators", () => {
    expect(formatValue(504728)).toBe("504,728");
    expect(formatValue(1234567)).toBe("1,234,567");
    expect(formatValue(40)).toBe("40");
    expect(formatValue(0)).toBe("0");
    expect(formatValue(-2800)).toBe("−2,800");
  });

  it("writes other values to 3 significant digits, keeping integer digits", () => {
    expect(formatValue(13.254)).toBe("13.3");
    expect(formatValue(0.31234)).toBe("0.312");
    expect(formatValue(0.000123456)).toBe("0.000123");
    expect(formatValue(2.5)).toBe("2.5");
    expect(formatValue(9.9996)).toBe("10");
    expect(formatValue(3198.4)).toBe("3,198");
  });

  it("rounds count metrics to whole numbers", () => {
    expect(formatMetricValue("sigwaitinfo_calls", 509775.28)).toBe("509,775");
    expect(formatMetricValue("sigio_count", 0.4)).toBe("0");
    expect(formatMetricValue("cpu_pct", 13.254)).toBe("13.3");
  });

  it("writes a missing value as a dash", () => {
    expect(formatValue(undefined)).toBe("—");
    expect(formatValue(Number.NaN)).toBe("—");
    expect(formatEstimate("cpu_pct", undefined)).toEqual({ mean: "—" });
  });

  it("adds the 95% interval only when there is one", () => {
    expect(formatEstimate("cpu_pct", { mean: 13.25, lo: 12.5, hi: 14, n: 3 })).toEqual({
      mean: "13.3",
      interval: "12.5–14",
    });
    expect(formatEstimate("cpu_pct", { mean: 13.25, lo: 13.25, hi: 13.25, n: 3 })).toEqual({
      mean: "13.3",
    });
    expect(formatEstimate("cpu_pct", { mean: 13.25, lo: 12, hi: 14, n: 1 })).toEqual({
      mean: "13.3",
    });
  });
});
