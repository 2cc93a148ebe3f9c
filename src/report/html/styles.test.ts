import { describe, expect, it } from 'vitest';
import { DARK, LIGHT } from './styles.js';
import type { Palette } from './styles.js';

/** WCAG 2 relative luminance and contrast ratio of two #rrggbb colours. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}
const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
};

describe.each([
  ['light', LIGHT],
  ['dark', DARK],
] as [string, Palette][])('the %s scheme', (_name, p) => {
  it('keeps text at WCAG AA contrast (4.5:1) on the page and on panels', () => {
    for (const fg of [p.text, p.muted, p.link]) for (const bg of [p.bg, p.surface]) expect(contrast(fg, bg)).toBeGreaterThanOrEqual(4.5);
  });

  it('keeps badge text at 4.5:1 on every badge colour', () => {
    for (const bg of [p.critical, p.high, p.medium, p.low, p.info, p.pass, p.fail, p.notEvaluated, p.attest]) expect(contrast(p.badgeText, bg)).toBeGreaterThanOrEqual(4.5);
  });

  it('keeps the better/worse words, chart marks and focus ring visible (3:1 for graphics)', () => {
    for (const fg of [p.pass, p.fail]) expect(contrast(fg, p.bg)).toBeGreaterThanOrEqual(4.5);
    for (const fg of [p.bar1, p.bar2, p.bound, p.focus, p.border]) expect(contrast(fg, p.bg)).toBeGreaterThanOrEqual(3);
  });
});
