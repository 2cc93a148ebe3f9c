import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bestPlan } from './best-plan.js';
import { daemonSet, listPrice, nodePool, pod, types, ZONES } from './internal/builders.js';
import { lowerBound } from './lower-bound.js';
import { solve } from './solve.js';
import type { SolveInput } from './solve.js';

const some = types((t) => ['m7g', 'c7g', 'r7g', 'm6a', 'c6a', 'r6a', 'm7i', 't3'].includes(t.family));
const pools = [nodePool({ requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] }] })];
const base = (pods: SolveInput['pods']): SolveInput => ({ pods, daemonSets: [daemonSet()], nodePools: pools, types: some, zones: ZONES, price: listPrice() });

const arbPods = fc.array(fc.record({ cpu: fc.integer({ min: 0, max: 16_000 }), mem: fc.integer({ min: 1, max: 65_536 }), n: fc.integer({ min: 1, max: 8 }) }), { minLength: 1, maxLength: 8 }).map((ws) =>
  ws.flatMap((w, i) => Array.from({ length: w.n }, (_, r) => pod({ id: `w${i}#${r}`, cpuMillis: w.cpu, memoryMiB: w.mem }))),
);

describe('lowerBound', () => {
  it('is never above the cost of the Karpenter plan or of the best plan for the pods they place (property)', () => {
    // GIVEN random pods WHEN both plans are solved THEN each costs at least the bound of what it placed
    fc.assert(
      fc.property(arbPods, (pods) => {
        const input = base(pods);
        const k = solve(input);
        const b = bestPlan(input, k).plan;
        for (const plan of [k, b]) {
          const lb = lowerBound(input, plan.nodes.flatMap((n) => n.pods)).usdPerHour;
          expect(lb).toBeLessThanOrEqual(plan.costUsdPerHour + 1e-9);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('is exact for pods that exactly fill the type with the best price per CPU', () => {
    // GIVEN pods that fill the CPU of the type cheapest per allocatable millicore, with little memory
    const input0 = base([]);
    const price = listPrice();
    let bestType = some[0];
    let bestRatio = Infinity;
    for (const t of some) {
      const p = price(t, 'spot');
      const cap = solve({ ...input0, pods: [pod({ cpuMillis: 1, memoryMiB: 1 })], types: [t] }).nodes[0];
      if (p === undefined || !cap) continue;
      const r = p / (cap.allocatableCpuMillis - cap.daemonSetCpuMillis);
      if (r < bestRatio) {
        bestRatio = r;
        bestType = t;
      }
    }
    // WHEN one pod takes exactly that capacity THEN the bound is that node's price
    const probe = solve({ ...input0, pods: [pod({ cpuMillis: 1, memoryMiB: 1 })], types: bestType ? [bestType] : [] }).nodes[0];
    const cpu = (probe?.allocatableCpuMillis ?? 0) - (probe?.daemonSetCpuMillis ?? 0);
    const lb = lowerBound(base([pod({ cpuMillis: cpu, memoryMiB: 1 })]));
    expect(lb.binding).toBe('cpu');
    expect(lb.usdPerHour).toBeCloseTo(bestType ? (price(bestType, 'spot') ?? 0) : 0, 9);
  });

  it('ignores pods that no offering can hold', () => {
    // GIVEN a pod bigger than every type THEN it adds nothing to the bound
    expect(lowerBound(base([pod({ cpuMillis: 10_000_000 })])).usdPerHour).toBe(0);
  });
});
