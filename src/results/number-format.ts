/**
 * The one way numbers are written to result files: integers as integers,
 * other values rounded to 6 significant digits (all integer digits kept).
 * Rounding makes the text independent of last-bit float noise, and applying
 * it to its own parsed output gives the same text, so re-writing a CSV that
 * was read back is byte-identical.
 */

const SIGNIFICANT = 6;

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot write non-finite number ${value}`);
  if (Number.isInteger(value)) return String(value);
  const integerDigits = Math.abs(value) < 1 ? 0 : Math.floor(Math.log10(Math.abs(value))) + 1;
  const digits = Math.min(100, Math.max(SIGNIFICANT, integerDigits));
  // Number(...) then String(...) drops trailing zeros and gives the shortest round-trip text.
  return String(Number(value.toPrecision(digits)));
}
