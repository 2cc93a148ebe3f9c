import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configLp, loadLpSolver } from './config-lp.js';
import { daemonSet, listPrice, nodePool, pod, types, ZONES } from './internal/builders.js';
import { planViolations } from './internal/verify-plan.js';
import { roundConfigLp } from './lp-rounding.js';
import type { PodShape } from './model.js';
import type { Term } from './requirements.js';
import type { SolveInput } from './solve.js';

const solver = await loadLpSolver();
const some = types((t) => ['m7g', 'c7g', 'r7g', 'm6a', 'c6a', 'r6a', 'm7i'].includes(t.family));
const pools = [
  nodePool({ requirements: [...nodePool().requirements, { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] }] }),
  nodePool({ name: 'tainted', weight: 10, taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }], labels: { team: 'x' } }),
];
const input = (pods: readonly PodShape[]): SolveInput => ({ pods, daemonSets: [daemonSet()], nodePools: pools, types: some, zones: ZONES, price: listPrice() });

const arbTerm: fc.Arbitrary<Term> = fc.oneof(
  fc.constant([]),
  fc.constantFrom('amd64', 'arm64').map((a) => [{ key: 'kubernetes.io/arch', operator: 'In' as const, values: [a] }]),
  fc.constantFrom(...ZONES).map((z) => [{ key: 'topology.kubernetes.io/zone', operator: 'In' as const, values: [z] }]),
  fc.constant([{ key: 'karpenter.sh/capacity-type', operator: 'In' as const, values: ['on-demand'] }]),
);
const arbPods: fc.Arbitrary<PodShape[]> = fc
  .array(fc.record({ cpu: fc.integer({ min: 0, max: 16_000 }), mem: fc.integer({ min: 1, max: 65_536 }), n: fc.integer({ min: 1, max: 15 }), term: arbTerm, tolerate: fc.boolean() }), { minLength: 1, maxLength: 8 })
  .map((ws) => ws.flatMap((w, i) => Array.from({ length: w.n }, (_, r) => pod({ id: `w${i}#${r}`, cpuMillis: w.cpu, memoryMiB: w.mem, terms: w.term.length > 0 ? [w.term] : [], tolerations: w.tolerate ? [{ key: 'dedicated', operator: 'Exists' }] : [] }))));

const summary = (pods: readonly PodShape[]) => {
  const p = roundConfigLp(solver, configLp(solver, input(pods)));
  return { cost: p.costUsdPerHour.toFixed(6), nodes: p.nodes.map((n) => `${n.type.name}/${n.capacityType}/${n.zone}:${n.pods.map((x) => x.id).sort().join(',')}`).sort(), unplaced: p.unplaced.map((u) => u.pod.id).sort() };
};

describe('roundConfigLp', () => {
  it('puts every pod some offering can hold on a node that fits it and satisfies its terms and taints, at no less than the bound (property)', () => {
    fc.assert(
      fc.property(arbPods, (pods) => {
        // GIVEN random pods with arch, zone and capacity-type pins, some tolerating the tainted pool WHEN rounded
        const lp = configLp(solver, input(pods));
        const plan = roundConfigLp(solver, lp);
        // THEN no violation, each pod placed exactly once or excluded, and the cost at least the bound
        expect(planViolations(plan, pools)).toEqual([]);
        const placed = plan.nodes.flatMap((n) => n.pods.map((p) => p.id));
        expect(new Set(placed).size).toBe(placed.length);
        expect(placed.length + lp.excluded).toBe(pods.length);
        expect(plan.unplaced).toHaveLength(0);
        expect(plan.costUsdPerHour).toBeGreaterThanOrEqual(lp.boundUsdPerHour - 1e-9);
      }),
      { numRuns: 25 },
    );
  });

  it('does not depend on the order of the pods (property)', () => {
    fc.assert(
      fc.property(arbPods.chain((pods) => fc.tuple(fc.constant(pods), fc.shuffledSubarray(pods, { minLength: pods.length, maxLength: pods.length }))), ([pods, shuffled]) => {
        // GIVEN the same pods in another order THEN the same plan
        expect(summary(shuffled)).toEqual(summary(pods));
      }),
      { numRuns: 15 },
    );
  });

  it('mixes CPU-heavy and memory-heavy pods on shared nodes, within 5% of the bound', () => {
    // GIVEN as much CPU-heavy as memory-heavy demand
    const pods = [...Array.from({ length: 200 }, (_, i) => pod({ id: `cpu#${i}`, cpuMillis: 2000, memoryMiB: 1024 })), ...Array.from({ length: 200 }, (_, i) => pod({ id: `mem#${i}`, cpuMillis: 250, memoryMiB: 8192 }))];
    const lp = configLp(solver, input(pods));
    const plan = roundConfigLp(solver, lp);
    // THEN some node holds both kinds, and the plan is close to the bound
    expect(plan.nodes.some((n) => n.pods.some((p) => p.id.startsWith('cpu')) && n.pods.some((p) => p.id.startsWith('mem')))).toBe(true);
    expect(plan.costUsdPerHour).toBeLessThanOrEqual(lp.boundUsdPerHour * 1.05);
  });
});
