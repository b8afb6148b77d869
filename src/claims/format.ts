/** Number and range formatting for the human-readable claim strings. */

/** Up to 4 significant digits; integers and values ≥ 1000 without a fraction. */
export function fmt(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "∞" : "−∞";
  if (Number.isInteger(n)) return String(n);
  if (Math.abs(n) >= 1000) return n.toFixed(0);
  return String(Number.parseFloat(n.toPrecision(4)));
}

/** A fraction as a percentage, e.g. 0.05 → "5%". */
export function fmtPct(fraction: number): string {
  return `${fmt(fraction * 100)}%`;
}

export function fmtInterval(lo: number, hi: number): string {
  return `[${fmt(lo)}, ${fmt(hi)}]`;
}

/** Optional lower/upper bounds, e.g. "in [0.98, 1.02]", "≥ 3", "≤ 0.8". */
export function fmtBounds(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `in ${fmtInterval(min, max)}`;
  if (min !== undefined) return `≥ ${fmt(min)}`;
  if (max !== undefined) return `≤ ${fmt(max)}`;
  return "unbounded";
}

/** At most `limit` items, then "… (+k more)", so details stay one readable line. */
export function fmtList(items: readonly string[], limit = 5): string {
  const shown = items.slice(0, limit).join(", ");
  return items.length > limit ? `${shown}, … (+${items.length - limit} more)` : shown;
}
