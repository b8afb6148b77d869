/**
 * How numbers read in a table: counts (and any integer) as whole numbers with
 * thousands separators, other values to 3 significant digits (integer digits
 * are never dropped: 3198.4 → "3,198"), a missing value as "—". Hand-rolled
 * rather than Intl so the text is the same on every machine and locale.
 */
import type { Metric } from "../../manifest/schema.js";
import type { Estimate } from "../../results/types.js";

export const MISSING = "—";

const SIGNIFICANT = 3;

/** Metrics that count events: shown without decimals even when a mean over seeds is not whole. */
const COUNT_METRICS: ReadonlySet<Metric> = new Set<Metric>([
  "errors",
  "sigwaitinfo_calls",
  "sigio_count",
  "dispatch_calls",
]);

export function isCountMetric(metric: Metric): boolean {
  return COUNT_METRICS.has(metric);
}

/** "1234567.5" → "1,234,567.5": separators in the integer part only. */
function groupThousands(plain: string): string {
  const [integer = "", fraction] = plain.split(".");
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** Plain decimal text of a non-negative finite number, never exponent notation. */
function decimalText(magnitude: number): string {
  if (Number.isInteger(magnitude)) return magnitude.toFixed(0);
  const leadingDigit = Math.floor(Math.log10(magnitude));
  const decimals = Math.min(20, Math.max(0, SIGNIFICANT - 1 - leadingDigit));
  const fixed = magnitude.toFixed(decimals);
  // Trailing zeros add no information: 2.50 → 2.5, 10.00 → 10.
  return fixed.includes(".") ? fixed.replace(/\.?0+$/, "") : fixed;
}

/** One number as table text; `count` rounds to a whole number. */
export function formatValue(value: number | undefined, count = false): string {
  if (value === undefined || Number.isNaN(value)) return MISSING;
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "−∞";
  const magnitude = Math.abs(count ? Math.round(value) : value);
  const text = groupThousands(decimalText(magnitude));
  return value < 0 && text !== "0" ? `−${text}` : text;
}

/** A metric value: counts rounded, anything else to 3 significant digits. */
export function formatMetricValue(metric: Metric, value: number | undefined): string {
  return formatValue(value, isCountMetric(metric));
}

/** A reproduced estimate as its mean plus, when it says something, its 95% interval. */
export interface EstimateText {
  mean: string;
  /** "lo–hi", present only when n > 1 and lo < hi. */
  interval?: string;
}

export function formatEstimate(metric: Metric, estimate: Estimate | undefined): EstimateText {
  if (estimate === undefined) return { mean: MISSING };
  const text: EstimateText = { mean: formatMetricValue(metric, estimate.mean) };
  if (estimate.n > 1 && estimate.lo < estimate.hi) {
    const lo = formatMetricValue(metric, estimate.lo);
    const hi = formatMetricValue(metric, estimate.hi);
    text.interval = `${lo}–${hi}`;
  }
  return text;
}
