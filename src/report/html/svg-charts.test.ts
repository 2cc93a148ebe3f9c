import { describe, expect, it } from 'vitest';
import { costChart, niceCeil, subnetChart, wrap } from './svg-charts.js';

describe('svg charts', () => {
  it('rounds axis ends up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0.7, 1, 3, 21, 240, 4999, 7200].map(niceCeil)).toEqual([1, 1, 5, 25, 250, 5000, 10000]);
  });

  it('wraps labels at spaces', () => {
    expect(wrap('Graviton + Spot + Savings Plans', 16)).toEqual(['Graviton + Spot', '+ Savings Plans']);
  });

  it('draws bar heights in proportion to cost and the lower bound at its value', () => {
    // GIVEN one scenario at $100 (Karpenter) and $50 (best) with a $40 bound
    const svg = costChart([{ label: 'x86', karpenterUsd: 100, karpenterNodes: 3, bestUsd: 50, bestNodes: 2, lowerBoundUsd: 40 }]);
    const heights = [...svg.matchAll(/<rect class="bar[12]" x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"><title>/g)].map((m) => Number(m[2]));
    expect(heights).toHaveLength(2);
    expect((heights[0] ?? 0) / (heights[1] ?? 1)).toBeCloseTo(2, 1);
    // The bound line sits at 40% of the Karpenter bar's height above the axis.
    const axisY = Number(/<line class="axis" x1="\d+" x2="\d+" y1="([\d.]+)"/.exec(svg)?.[1]);
    const boundY = Number(/<line class="bound" x1="[\d.]+" x2="[\d.]+" y1="([\d.]+)"/.exec(svg)?.[1]);
    expect((axisY - boundY) / (heights[0] ?? 1)).toBeCloseTo(0.4, 1);
    expect(svg).toContain('3 nodes');
    expect(svg).toContain('role="img"');
  });

  it('marks a subnet that runs out', () => {
    const svg = subnetChart([
      { label: 'us-east-1a', demand: 100, usable: 4091, runsOut: false },
      { label: 'us-east-1b', demand: 300, usable: 251, runsOut: true },
    ]);
    expect(svg.match(/class="used out"/g)).toHaveLength(1);
    expect(svg).toContain('300 of 251 (120%) runs out');
  });

  it('labels each chart by its own title and a description of every figure, "1 node" singular', () => {
    // GIVEN a cost chart and a subnet chart on one page
    const cost = costChart([{ label: 'Spot <arm>', karpenterUsd: 10, karpenterNodes: 1, bestUsd: 8, bestNodes: 2, lowerBoundUsd: 7 }]);
    const subnets = subnetChart([{ label: 'us-east-1a', demand: 10, usable: 20, runsOut: false }]);
    for (const [svg, id] of [[cost, 'cost-chart'], [subnets, 'subnet-chart']] as const) {
      // THEN the image's labels point at its own title and description, and the ids are the page's only ones
      expect(svg).toMatch(new RegExp(`^<svg class="chart" id="${id}" role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 760 \\d+"`));
      expect(svg).toContain(`<title id="${id}-t">`);
      expect(svg).toContain(`<desc id="${id}-d">`);
    }
    // AND the description is escaped, and one node is "1 node", never "1 nodes"
    expect(cost).toContain('<desc id="cost-chart-d">Spot &lt;arm&gt;: Karpenter $10.00 with 1 node, keelson best $8.00 with 2 nodes');
    expect(cost).toContain('Karpenter&#39;s plan: $10.00 per month, 1 node</title>');
    expect(subnets).toContain('<desc id="subnet-chart-d">us-east-1a: 10 of 20 addresses</desc>');
  });
});
