/**
 * Small numeric helpers. Comparisons allow a relative 1e-9 slack so that a
 * value exactly on a published bound (e.g. 7.67 vs 6.67 ± 1) is not failed
 * by floating-point rounding.
 */

const RELATIVE_SLACK = 1e-9;

/** Rounding slack for comparing a and b; none for infinities, so ∞ ≤ 1.02 stays false. */
function slack(a: number, b: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return 0;
  return RELATIVE_SLACK * Math.max(1, Math.abs(a), Math.abs(b));
}

/** a ≤ b, up to rounding. NaN is never ≤ anything. */
export function leq(a: number, b: number): boolean {
  return a <= b + slack(a, b);
}

/** a ≥ b, up to rounding. NaN is never ≥ anything. */
export function geq(a: number, b: number): boolean {
  return a >= b - slack(a, b);
}

/** Whether a ratio lies within optional bounds; NaN (0/0) never does. */
export function withinBounds(ratio: number, min?: number, max?: number): boolean {
  return (min === undefined || geq(ratio, min)) && (max === undefined || leq(ratio, max));
}

/** Whether two x values name the same sweep point. */
export function sameX(a: number, b: number): boolean {
  return Math.abs(a - b) <= slack(a, b);
}

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

export interface LinearFit {
  slope: number;
  intercept: number;
  /**
   * Coefficient of determination; 1 when a sloped line leaves no residual, 0
   * for a constant y (a line explains none of a variation that is not there).
   */
  r2: number;
}

/** Ordinary least-squares fit of y = slope·x + intercept. Needs ≥ 2 distinct x. */
export function linearFit(xs: readonly number[], ys: readonly number[]): LinearFit {
  const mx = mean(xs);
  const my = mean(ys);
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < xs.length; i++) {
    const dx = (xs[i] ?? 0) - mx;
    sxx += dx * dx;
    sxy += dx * ((ys[i] ?? 0) - my);
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i] ?? 0;
    const residual = y - (slope * (xs[i] ?? 0) + intercept);
    ssRes += residual * residual;
    ssTot += (y - my) * (y - my);
  }
  if (ssTot === 0) return { slope, intercept, r2: 0 };
  const perfect = ssRes <= RELATIVE_SLACK * ssTot;
  const r2 = perfect ? 1 : 1 - ssRes / ssTot;
  return { slope, intercept, r2 };
}
