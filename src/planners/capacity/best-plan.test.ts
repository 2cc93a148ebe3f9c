import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bestPlan, withSizeCap } from './best-plan.js';
import { listPrice, nodePool, pod, types, ZONES } from './internal/builders.js';
import { planViolations } from './internal/verify-plan.js';
import { solve } from './solve.js';
import type { SolveInput } from './solve.js';

const all = types((t) => ['m7g', 'c7g', 'r7g', 'm6a', 'c6a', 'm7i'].includes(t.family));
const input = (pods: SolveInput['pods']): SolveInput => ({ pods, daemonSets: [], nodePools: [nodePool()], types: all, zones: ZONES, price: listPrice() });

describe('bestPlan', () => {
  it('never costs more than the Karpenter plan and places as many pods (property)', () => {
    // GIVEN random pods WHEN the best plan is searched THEN it is no worse, and valid
    fc.assert(
      fc.property(fc.array(fc.record({ cpu: fc.integer({ min: 1, max: 8000 }), mem: fc.integer({ min: 1, max: 32_000 }) }), { minLength: 1, maxLength: 60 }), (shapes) => {
        const i = input(shapes.map((s, k) => pod({ id: `p${k}`, cpuMillis: s.cpu, memoryMiB: s.mem })));
        const k = solve(i);
        const b = bestPlan(i, k);
        expect(b.plan.costUsdPerHour).toBeLessThanOrEqual(k.costUsdPerHour + 1e-9);
        expect(b.plan.unplaced.length).toBeLessThanOrEqual(k.unplaced.length);
        expect(planViolations(b.plan, b.strategy === 'size-cap' && b.maxVcpu !== undefined ? withSizeCap(i, b.maxVcpu).nodePools : i.nodePools)).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  it('names the size cap as a NodePool requirement when it closes a gap', () => {
    // GIVEN many mid-size pods (Karpenter packs them onto few very large nodes)
    const pods = Array.from({ length: 70 }, (_, k) => pod({ id: `p${k}`, cpuMillis: 1500, memoryMiB: 3000 }));
    const i = input(pods);
    const b = bestPlan(i);
    // THEN the change is the instance-cpu requirement with the cap, and Karpenter with that cap beats Karpenter without
    expect(b.maxVcpu).not.toBeUndefined();
    expect(b.change).toContain(`values: ["${(b.maxVcpu ?? 0) + 1}"]`);
    const capped = solve(withSizeCap(i, b.maxVcpu ?? 0));
    expect(capped.nodes.every((n) => n.type.vcpu <= (b.maxVcpu ?? 0))).toBe(true);
    expect(capped.costUsdPerHour).toBeLessThan(solve(i).costUsdPerHour);
    expect(b.plan.costUsdPerHour).toBeLessThanOrEqual(capped.costUsdPerHour + 1e-9);
  });
});
