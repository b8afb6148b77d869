/**
 * Bucket width of a calendar queue, after R. Brown (CACM 31(10), 1988,
 * "resize"): three times the mean gap between successive events at the front
 * of the queue, leaving out gaps above twice the mean (one far-off event must
 * not stretch the days). A bucket then holds about three of the events that
 * are popped next.
 */

/** How many of the earliest events the estimate looks at (Brown: 25). */
export const WIDTH_SAMPLE = 25;

/**
 * `times[0..n)` in increasing order → the width, or `fallback` when they are
 * fewer than two or all equal.
 */
export function calendarWidth(times: Float64Array, n: number, fallback: number): number {
  if (n < 2) return fallback;
  const mean = ((times[n - 1] as number) - (times[0] as number)) / (n - 1);
  let kept = 0;
  let keptSum = 0;
  for (let i = 1; i < n; i++) {
    const gap = (times[i] as number) - (times[i - 1] as number);
    if (gap <= 2 * mean) {
      keptSum += gap;
      kept++;
    }
  }
  return keptSum > 0 ? (3 * keptSum) / kept : fallback;
}
