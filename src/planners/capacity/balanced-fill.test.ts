import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balancedFill } from './balanced-fill.js';
import { daemonSet, listPrice, nodePool, pod, types, ZONES } from './internal/builders.js';
import { planViolations } from './internal/verify-plan.js';
import { lowerBound } from './lower-bound.js';
import type { PodShape } from './model.js';
import type { SolveInput } from './solve.js';

const some = types((t) => ['m7g', 'c7g', 'r7g', 'm6a', 'c6a', 'r6a'].includes(t.family));
const pools = [
  nodePool({ requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] }] }),
  nodePool({ name: 'tainted', weight: 5, taints: [{ key: 'dedicated', effect: 'NoSchedule' }] }),
];
const input = (pods: readonly PodShape[]): SolveInput => ({ pods, daemonSets: [daemonSet()], nodePools: pools, types: some, zones: ZONES, price: listPrice() });

const arbPods = fc
  .array(
    fc.record({
      cpu: fc.integer({ min: 0, max: 12_000 }),
      mem: fc.integer({ min: 1, max: 48_000 }),
      n: fc.integer({ min: 1, max: 10 }),
      zone: fc.option(fc.constantFrom(...ZONES), { nil: undefined }),
      od: fc.boolean(),
      tol: fc.boolean(),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((ws) =>
    ws.flatMap((w, i) =>
      Array.from({ length: w.n }, (_, r) =>
        pod({
          id: `w${i}#${r}`,
          cpuMillis: w.cpu,
          memoryMiB: w.mem,
          terms: w.zone || w.od ? [[...(w.zone ? [{ key: 'topology.kubernetes.io/zone', operator: 'In' as const, values: [w.zone] }] : []), ...(w.od ? [{ key: 'karpenter.sh/capacity-type', operator: 'In' as const, values: ['on-demand'] }] : [])]] : [],
          tolerations: w.tol ? [{ key: 'dedicated', operator: 'Exists' as const }] : [],
        }),
      ),
    ),
  );

describe('balancedFill', () => {
  it('puts every pod on a node that satisfies it, or reports it (property)', () => {
    // GIVEN random pods with zone, capacity-type and taint constraints WHEN filled THEN no violation and nothing lost
    fc.assert(
      fc.property(arbPods, (pods) => {
        const i = input(pods);
        const plan = balancedFill(i, lowerBound(i).direction);
        expect(planViolations(plan, pools)).toEqual([]);
        expect(plan.nodes.reduce((s, n) => s + n.pods.length, 0) + plan.unplaced.length).toBe(pods.length);
        expect(plan.costUsdPerHour).toBeGreaterThanOrEqual(lowerBound(i, plan.nodes.flatMap((n) => n.pods)).usdPerHour - 1e-9);
      }),
      { numRuns: 40 },
    );
  });

  it('does not depend on the order of the pods (property)', () => {
    // GIVEN random pods WHEN filled as given and reversed THEN the same cost and the same node types
    fc.assert(
      fc.property(arbPods, (pods) => {
        const a = balancedFill(input(pods), lowerBound(input(pods)).direction);
        const b = balancedFill(input([...pods].reverse()), lowerBound(input([...pods].reverse())).direction);
        expect(b.costUsdPerHour).toBeCloseTo(a.costUsdPerHour, 9);
        expect(b.nodes.map((n) => n.type.name)).toEqual(a.nodes.map((n) => n.type.name));
      }),
      { numRuns: 30 },
    );
  });

  it('mixes CPU-heavy and memory-heavy pods on shared nodes', () => {
    // GIVEN as many CPU-heavy as memory-heavy pods WHEN filled THEN at least one node holds both kinds
    const pods = [
      ...Array.from({ length: 40 }, (_, k) => pod({ id: `cpu#${k}`, cpuMillis: 2000, memoryMiB: 512 })),
      ...Array.from({ length: 40 }, (_, k) => pod({ id: `mem#${k}`, cpuMillis: 250, memoryMiB: 8192 })),
    ];
    const plan = balancedFill(input(pods), lowerBound(input(pods)).direction);
    expect(plan.nodes.some((n) => n.pods.some((p) => p.id.startsWith('cpu')) && n.pods.some((p) => p.id.startsWith('mem')))).toBe(true);
  });
});
