import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bestPlan } from './best-plan.js';
import { configLp, loadLpSolver, offerClasses } from './config-lp.js';
import { daemonSet, listPrice, nodePool, pod, types, ZONES } from './internal/builders.js';
import { lowerBound } from './lower-bound.js';
import type { PodShape } from './model.js';
import type { Term } from './requirements.js';
import { solve } from './solve.js';
import type { SolveInput } from './solve.js';

const solver = await loadLpSolver();
const some = types((t) => ['m7g', 'c7g', 'r7g', 'm6a', 'c6a', 'r6a', 'm7i', 't3'].includes(t.family));
const pools = [nodePool({ requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] }] })];
const base = (pods: SolveInput['pods']): SolveInput => ({ pods, daemonSets: [daemonSet()], nodePools: pools, types: some, zones: ZONES, price: listPrice() });

const arbTerm: fc.Arbitrary<Term> = fc.oneof(
  fc.constant([]),
  fc.constantFrom('amd64', 'arm64').map((a) => [{ key: 'kubernetes.io/arch', operator: 'In' as const, values: [a] }]),
  fc.constantFrom(...ZONES).map((z) => [{ key: 'topology.kubernetes.io/zone', operator: 'In' as const, values: [z] }]),
  fc.constant([{ key: 'karpenter.sh/capacity-type', operator: 'In' as const, values: ['on-demand'] }]),
);
const arbPods: fc.Arbitrary<PodShape[]> = fc
  .array(fc.record({ cpu: fc.integer({ min: 0, max: 16_000 }), mem: fc.integer({ min: 1, max: 65_536 }), n: fc.integer({ min: 1, max: 12 }), term: arbTerm }), { minLength: 1, maxLength: 8 })
  .map((ws) => ws.flatMap((w, i) => Array.from({ length: w.n }, (_, r) => pod({ id: `w${i}#${r}`, cpuMillis: w.cpu, memoryMiB: w.mem, terms: w.term.length > 0 ? [w.term] : [] }))));

describe('configLp', () => {
  it('never exceeds the cost of a plan that places every pod some offering can hold (property)', () => {
    // GIVEN random pods, some pinned to an arch, a zone or on-demand WHEN Karpenter's, keelson's and other plans are solved
    fc.assert(
      fc.property(arbPods, fc.constantFrom(2, 4, 8, 16, 48), fc.subarray(some, { minLength: 3 }), (pods, cap, subset) => {
        const input = base(pods);
        const lp = configLp(solver, input);
        const k = solve(input);
        const b = bestPlan(input, k).plan;
        // Other feasible plans too: Karpenter under a size cap, and on a random subset of the types.
        const capped = solve({ ...input, maxVcpu: cap });
        const fewer = solve({ ...input, types: subset });
        // THEN the LP's bound is at most each plan's cost, and the restricted master's value is at least the bound
        for (const plan of [k, b, capped, fewer]) if (plan.unplaced.length <= lp.excluded) expect(lp.boundUsdPerHour).toBeLessThanOrEqual(plan.costUsdPerHour + 1e-9);
        expect(lp.lpUsdPerHour).toBeGreaterThanOrEqual(lp.boundUsdPerHour - 1e-9);
      }),
      { numRuns: 40 },
    );
  });

  it('is at least as tight as the per-resource bound once column generation converges', () => {
    // GIVEN CPU-heavy and memory-heavy pods that only a mix packs well
    const pods = [...Array.from({ length: 60 }, (_, i) => pod({ id: `cpu#${i}`, cpuMillis: 2000, memoryMiB: 1024 })), ...Array.from({ length: 60 }, (_, i) => pod({ id: `mem#${i}`, cpuMillis: 250, memoryMiB: 8192 }))];
    const input = base(pods);
    // WHEN both bounds are computed THEN the LP's is no lower, and its restricted master is within 1% of it
    const lp = configLp(solver, input, pods, { maxIterations: 60, gap: 0.001 });
    expect(lp.boundUsdPerHour).toBeGreaterThanOrEqual(lowerBound(input).usdPerHour * 0.999);
    expect(lp.lpUsdPerHour).toBeLessThanOrEqual(lp.boundUsdPerHour * 1.01);
  });

  it('stays under a plan whose one node holds every pod (the duals put no weight on any resource)', () => {
    // GIVEN two CPU-heavy pods pinned to a zone and three pinned to amd64, which one c6a.16xlarge Spot node holds
    const zone: Term = [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['us-east-1a'] }];
    const amd: Term = [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }];
    const pods = [...[0, 1].map((i) => pod({ id: `z#${i}`, cpuMillis: 11_697, memoryMiB: 1, terms: [zone] })), ...[0, 1, 2].map((i) => pod({ id: `a#${i}`, cpuMillis: 12_159, memoryMiB: 1, terms: [amd] }))];
    const input = base(pods);
    // WHEN bounded THEN no more than Karpenter's plan, which is that one node
    const k = solve(input);
    expect(k.nodes).toHaveLength(1);
    expect(configLp(solver, input).boundUsdPerHour).toBeLessThanOrEqual(k.costUsdPerHour + 1e-9);
  });

  it('is the node price for pods that exactly fill one type', () => {
    // GIVEN one type only, and pods that fill its CPU after the DaemonSet exactly
    const t = some.find((x) => x.name === 'c6a.xlarge');
    if (!t) throw new Error('c6a.xlarge missing from the catalogue');
    const probe = solve({ ...base([pod({ cpuMillis: 1, memoryMiB: 1 })]), types: [t] }).nodes[0];
    if (!probe) throw new Error('no node for the probe');
    const free = probe.allocatableCpuMillis - probe.daemonSetCpuMillis;
    const pods = Array.from({ length: 8 }, (_, i) => pod({ id: `p#${i}`, cpuMillis: free / 2, memoryMiB: 100 }));
    // WHEN bounded THEN exactly four nodes' price (two pods per node, Spot being the cheapest offering)
    const lp = configLp(solver, { ...base(pods), types: [t] });
    expect(lp.boundUsdPerHour).toBeCloseTo(4 * (listPrice()(t, 'spot') as number), 9);
  });

  it('groups pods by the offerings they may use: arm64-only pods get only Graviton classes', () => {
    // GIVEN pods pinned to arm64 and unpinned pods of the same size
    const arm: Term = [{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }];
    const pods = [pod({ id: 'a#0', terms: [arm] }), pod({ id: 'b#0' })];
    const { groups, classes } = offerClasses(base(pods));
    // THEN two groups, and every class the pinned group may use is arm64
    expect(groups).toHaveLength(2);
    const pinned = groups.findIndex((g) => g.pods[0]?.id === 'a#0');
    expect(classes.filter((c) => c.member[pinned] === 1).every((c) => c.type.arch === 'arm64')).toBe(true);
    expect(classes.some((c) => c.type.arch === 'amd64')).toBe(true);
  });

  it('leaves out pods no offering can hold', () => {
    // GIVEN a pod larger than any type WHEN bounded THEN it is excluded and costs nothing
    const lp = configLp(solver, base([pod({ cpuMillis: 10_000_000 })]));
    expect(lp.excluded).toBe(1);
    expect(lp.boundUsdPerHour).toBe(0);
  });
});
