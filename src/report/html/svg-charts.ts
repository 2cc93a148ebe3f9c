/**
 * Inline SVG charts drawn in TypeScript: no library, no CDN, no fonts to fetch. Coordinates are rounded to one
 * decimal so the same figures give the same bytes. Colours come from CSS classes, so the charts follow the page's
 * light and dark schemes; each chart has a title and description, and the page puts the figures in a table too.
 */
import { esc } from './escape.js';
import { int, usd } from './format-numbers.js';

const r1 = (n: number): string => (Math.round(n * 10) / 10).toString();

/** Every chart spans the page's content column; only heights differ. */
const WIDTH = 760;

const nodesText = (nodes: number): string => `${int(nodes)} node${nodes === 1 ? '' : 's'}`;

/** The chart's frame: an image labelled by its title and by a description that states every figure. */
function svg(id: string, height: number, title: string, desc: string, parts: readonly string[]): string {
  return `<svg class="chart" id="${id}" role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${WIDTH} ${height}" xmlns="http://www.w3.org/2000/svg"><title id="${id}-t">${esc(title)}</title><desc id="${id}-d">${esc(desc)}</desc>${parts.join('')}</svg>`;
}

/** The smallest 1, 2, 2.5 or 5 times a power of ten at or above n: round axis ends. */
export function niceCeil(n: number): number {
  if (!(n > 0) || !Number.isFinite(n)) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= n - 1e-9) return m * p;
  return 10 * p;
}

/** Splits a label into lines of at most `width` characters at spaces (a longer word keeps its own line). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

export interface CostBar {
  readonly label: string;
  readonly karpenterUsd: number;
  readonly karpenterNodes: number;
  readonly bestUsd: number;
  readonly bestNodes: number;
  readonly lowerBoundUsd: number;
}

/** Monthly cost per scenario: Karpenter's plan and keelson's best side by side, the lower bound as a dashed line. */
export function costChart(bars: readonly CostBar[]): string {
  const height = 360;
  const [left, right, top, bottom] = [70, 16, 44, 64];
  const plotH = height - top - bottom;
  const plotW = WIDTH - left - right;
  const max = niceCeil(Math.max(1, ...bars.flatMap((b) => [b.karpenterUsd, b.bestUsd, b.lowerBoundUsd])) * 1.12);
  const y = (v: number): number => top + plotH - (v / max) * plotH;
  const parts: string[] = [];
  for (let i = 0; i <= 5; i++) {
    const v = (max / 5) * i;
    parts.push(`<line class="${i === 0 ? 'axis' : 'grid'}" x1="${left}" x2="${WIDTH - right}" y1="${r1(y(v))}" y2="${r1(y(v))}"/>`);
    parts.push(`<text x="${left - 6}" y="${r1(y(v) + 4)}" text-anchor="end">${esc(max >= 10 ? `$${int(v)}` : usd(v))}</text>`);
  }
  parts.push(`<text x="14" y="${r1(top + plotH / 2)}" text-anchor="middle" transform="rotate(-90 14 ${r1(top + plotH / 2)})">USD per month</text>`);
  const slot = plotW / Math.max(1, bars.length);
  const barW = Math.min(70, slot / 3);
  bars.forEach((b, i) => {
    const x0 = left + slot * i + (slot - 2 * barW - 8) / 2;
    const pairs: [string, number, number, string][] = [
      ['bar1', b.karpenterUsd, b.karpenterNodes, "Karpenter's plan"],
      ['bar2', b.bestUsd, b.bestNodes, "keelson's best"],
    ];
    pairs.forEach(([cls, usdPerMonth, nodes, what], j) => {
      const x = x0 + j * (barW + 8);
      const h = Math.max(1, y(0) - y(usdPerMonth));
      parts.push(`<rect class="${cls}" x="${r1(x)}" y="${r1(y(0) - h)}" width="${r1(barW)}" height="${r1(h)}"><title>${esc(`${b.label}, ${what}: ${usd(usdPerMonth)} per month, ${nodesText(nodes)}`)}</title></rect>`);
      parts.push(`<text x="${r1(x + barW / 2)}" y="${r1(y(0) - h - 18)}" text-anchor="middle">${esc(usd(usdPerMonth))}</text>`);
      parts.push(`<text x="${r1(x + barW / 2)}" y="${r1(y(0) - h - 5)}" text-anchor="middle">${esc(nodesText(nodes))}</text>`);
    });
    const ly = r1(y(b.lowerBoundUsd));
    parts.push(`<line class="bound" x1="${r1(x0 - 6)}" x2="${r1(x0 + 2 * barW + 14)}" y1="${ly}" y2="${ly}"><title>${esc(`${b.label}: lower bound ${usd(b.lowerBoundUsd)} per month`)}</title></line>`);
    wrap(b.label, 22).slice(0, 3).forEach((line, k) => parts.push(`<text x="${r1(left + slot * i + slot / 2)}" y="${r1(height - bottom + 18 + k * 15)}" text-anchor="middle">${esc(line)}</text>`));
  });
  // Legend, top left.
  parts.push(`<rect class="bar1" x="${left}" y="10" width="14" height="14"/><text x="${left + 20}" y="22">Karpenter's plan</text>`);
  parts.push(`<rect class="bar2" x="${left + 150}" y="10" width="14" height="14"/><text x="${left + 170}" y="22">keelson's best plan</text>`);
  parts.push(`<line class="bound" x1="${left + 320}" x2="${left + 350}" y1="17" y2="17"/><text x="${left + 356}" y="22">lower bound (no plan costs less)</text>`);
  const desc = bars.map((b) => `${b.label}: Karpenter ${usd(b.karpenterUsd)} with ${nodesText(b.karpenterNodes)}, keelson best ${usd(b.bestUsd)} with ${nodesText(b.bestNodes)}, lower bound ${usd(b.lowerBoundUsd)}`).join('; ');
  return svg('cost-chart', height, 'Monthly cost per scenario', desc, parts);
}

export interface SubnetBar {
  readonly label: string;
  readonly demand: number;
  readonly usable: number;
  readonly runsOut: boolean;
}

/** Addresses each subnet needs against what it has: one horizontal bar per subnet, scaled to the largest subnet. */
export function subnetChart(bars: readonly SubnetBar[]): string {
  const rowH = 34;
  const [left, right, top] = [190, 170, 8];
  const height = top + rowH * bars.length + 8;
  const max = Math.max(1, ...bars.map((b) => Math.max(b.usable, b.demand)));
  const w = (v: number): number => ((WIDTH - left - right) * v) / max;
  const parts: string[] = [];
  bars.forEach((b, i) => {
    const yy = top + i * rowH;
    parts.push(`<text x="${left - 8}" y="${r1(yy + 20)}" text-anchor="end">${esc(b.label)}</text>`);
    parts.push(`<rect class="cap" x="${left}" y="${r1(yy + 6)}" width="${r1(w(b.usable))}" height="20"/>`);
    parts.push(`<rect class="used${b.runsOut ? ' out' : ''}" x="${left}" y="${r1(yy + 6)}" width="${r1(Math.max(1, w(Math.min(b.demand, max))))}" height="20"/>`);
    const share = b.usable > 0 ? Math.round((b.demand / b.usable) * 100) : 100;
    parts.push(`<text x="${r1(left + w(max) + 8)}" y="${r1(yy + 20)}">${esc(`${int(b.demand)} of ${int(b.usable)} (${share}%)${b.runsOut ? ' runs out' : ''}`)}</text>`);
  });
  const desc = bars.map((b) => `${b.label}: ${int(b.demand)} of ${int(b.usable)} addresses${b.runsOut ? ', runs out' : ''}`).join('; ');
  return svg('subnet-chart', height, 'Addresses needed per subnet against its usable addresses', desc, parts);
}
