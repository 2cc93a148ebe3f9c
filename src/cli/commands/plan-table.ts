/** Plain-text tables and shared option parsing for the `keelson plan` commands. Pure: returns strings. */
import { KeelsonError } from '../../errors.js';

export type PlanFormat = 'table' | 'json';

export function renderTable(head: readonly string[], rows: readonly (readonly (string | number)[])[], rightAlign: readonly number[] = []): string {
  const cells = [head, ...rows].map((r) => r.map(String));
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r
      .map((c, i) => (rightAlign.includes(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(cells[0] ?? []), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
}

export function parseFormat(v: string | undefined): PlanFormat {
  if (v === undefined || v === 'table') return 'table';
  if (v === 'json') return 'json';
  throw usage(`--format ${v} is not a format`, 'use --format table (the default) or --format json');
}

export function parseCount(flag: string, v: string | undefined, min = 0): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw usage(`${flag} ${v} is not a whole number of at least ${min}`, `pass ${flag} N with N >= ${min}`);
  return n;
}

export function parseFraction(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n >= 1) throw usage(`${flag} ${v} is not a fraction in [0, 1)`, `pass ${flag} 0.6 for a 60% discount`);
  return n;
}

export function usage(message: string, fix: string): KeelsonError {
  return new KeelsonError('BAD_USAGE', [{ location: {}, message, fix }]);
}

export function json(value: unknown): string {
  return `${JSON.stringify(value, (_k, v: unknown) => (v === Number.POSITIVE_INFINITY ? null : v), 2)}\n`;
}

export const usd = (n: number): string => `$${n.toFixed(2)}`;
