import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consolidate, keepPods } from './consolidation.js';
import { daemonSet, listPrice, nodePool, pod, types, ZONES } from './internal/builders.js';
import { planViolations } from './internal/verify-plan.js';
import type { PodShape } from './model.js';
import { solve } from './solve.js';
import type { SolveInput } from './solve.js';

const some = types((t) => ['m7g', 'c7g', 'r7g', 'm6a', 'c6a'].includes(t.family));
const pools = [nodePool({ requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] }] })];
const input = (pods: readonly PodShape[]): SolveInput => ({ pods, daemonSets: [daemonSet()], nodePools: pools, types: some, zones: ZONES, price: listPrice() });
const ids = (p: { nodes: readonly { pods: readonly PodShape[] }[] }) => p.nodes.flatMap((n) => n.pods.map((x) => x.id)).sort();

const arb = fc
  .tuple(
    fc.array(fc.record({ cpu: fc.integer({ min: 1, max: 6000 }), mem: fc.integer({ min: 1, max: 24_000 }), n: fc.integer({ min: 1, max: 12 }), zone: fc.option(fc.constantFrom(...ZONES), { nil: undefined }) }), { minLength: 1, maxLength: 6 }),
    fc.double({ min: 0, max: 1, noNaN: true }),
  )
  .map(([ws, keep]) => {
    const pods = ws.flatMap((w, i) => Array.from({ length: w.n }, (_, r) => pod({ id: `w${i}#${r}`, cpuMillis: w.cpu, memoryMiB: w.mem, terms: w.zone ? [[{ key: 'topology.kubernetes.io/zone', operator: 'In' as const, values: [w.zone] }]] : [] })));
    return { pods, keep: new Set(pods.filter((_, k) => k % 100 < keep * 100).map((p) => p.id)) };
  });

describe('consolidate', () => {
  it('keeps every pod on a node that satisfies it and never costs more (property)', () => {
    // GIVEN a Karpenter plan, then a random scale-down WHEN consolidated THEN valid, same pods, no dearer
    fc.assert(
      fc.property(arb, ({ pods, keep }) => {
        const i = input(pods);
        const before = keepPods(solve(i), keep);
        const after = consolidate(before, i);
        expect(planViolations(after.plan, pools)).toEqual([]);
        expect(ids(after.plan)).toEqual(ids(before));
        expect(after.plan.costUsdPerHour).toBeLessThanOrEqual(before.costUsdPerHour + 1e-9);
      }),
      { numRuns: 30 },
    );
  });

  it('deletes the nodes a scale-down empties and shrinks the rest', () => {
    // GIVEN 60 pods planned, then only 6 remain WHEN consolidated THEN fewer, cheaper nodes hold the 6
    const pods = Array.from({ length: 60 }, (_, k) => pod({ id: `p#${k}`, cpuMillis: 1000, memoryMiB: 2048 }));
    const i = input(pods);
    const before = keepPods(solve(i), new Set(pods.slice(0, 6).map((p) => p.id)));
    const after = consolidate(before, i);
    expect(after.plan.costUsdPerHour).toBeLessThan(before.costUsdPerHour);
    expect(after.plan.nodes.every((n) => n.pods.length > 0)).toBe(true);
    expect(ids(after.plan)).toHaveLength(6);
  });
});
