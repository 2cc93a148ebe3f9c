/**
 * Number formatting for the page. Locale-free on purpose: Intl output depends on the ICU build of the Node that
 * renders, and the page must be the same bytes for the same input everywhere.
 */

/** 12345 -> "12,345". */
export function int(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '∞' : '—';
  const s = Math.round(Math.abs(n)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 && Math.round(Math.abs(n)) !== 0 ? `-${s}` : s;
}

/** Dollars: whole dollars from $100 up, cents below, thousands grouped. */
export function usd(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (Math.abs(n) >= 100) return `$${int(n)}`;
  return `$${n.toFixed(2)}`;
}

/** 0.4567 -> "46%". */
export function pct(fraction: number): string {
  return Number.isFinite(fraction) ? `${Math.round(fraction * 100)}%` : '—';
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${int(n)} ${n === 1 ? one : many}`;
}
