import { describe, expect, it } from 'vitest';
import { nodePool, pod, types } from './internal/builders.js';
import { DEFAULT_ASSUMPTIONS, onDemandForStateful, priceFn, scenarioSpecs } from './scenarios.js';

describe('scenarios', () => {
  const pools = [nodePool({ requirements: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }, { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['m'] }] })];
  const specs = scenarioSpecs(pools, [pod({ workload: 'StatefulSet shop/db' }), pod({ workload: 'Deployment shop/web' })]);

  it('decides arch and capacity type per scenario and keeps every other NodePool requirement', () => {
    // GIVEN a pool that says arm64 and category m WHEN recast THEN the baseline is amd64 on-demand, category kept
    const x86 = specs.find((s) => s.id === 'x86-on-demand');
    const reqs = x86?.nodePools[0]?.requirements ?? [];
    expect(reqs).toContainEqual({ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] });
    expect(reqs).toContainEqual({ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] });
    expect(reqs).toContainEqual({ key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['m'] });
    expect(reqs.filter((r) => r.key === 'kubernetes.io/arch')).toHaveLength(1);
  });

  it('puts a Graviton pool ahead of the x86 one, so pods that pin amd64 still land', () => {
    // GIVEN the Graviton scenarios THEN the arm64 pool weighs more than the amd64 fallback
    for (const s of specs.filter((x) => x.id !== 'x86-on-demand')) {
      const arm = s.nodePools.find((p) => p.requirements.some((r) => r.key === 'kubernetes.io/arch' && r.values.includes('arm64')));
      const amd = s.nodePools.find((p) => p.requirements.some((r) => r.key === 'kubernetes.io/arch' && r.values.includes('amd64')));
      expect((arm?.weight ?? 0) > (amd?.weight ?? 0)).toBe(true);
    }
  });

  it('keeps StatefulSet pods on on-demand in the Spot scenarios', () => {
    // GIVEN a StatefulSet pod and a Deployment pod WHEN prepared for Spot THEN only the StatefulSet gets on-demand
    const [db, web] = onDemandForStateful([pod({ workload: 'StatefulSet shop/db' }), pod({ workload: 'Deployment shop/web' })]);
    expect(db?.terms).toEqual([[{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] }]]);
    expect(web?.terms).toEqual([]);
  });

  it('prices Spot at the assumed discount and Savings Plans only on on-demand hours', () => {
    // GIVEN a priced type WHEN priced per scenario THEN Spot = OD x (1 - d), SP = OD x (1 - s) for on-demand only
    const t = types((x) => x.name === 'm7g.large')[0];
    if (!t) throw new Error('m7g.large missing');
    const od = t.onDemandUsdPerHour['us-east-1'] as number;
    const p = priceFn(DEFAULT_ASSUMPTIONS);
    expect(p(t, 'spot')).toBeCloseTo(od * (1 - DEFAULT_ASSUMPTIONS.spotDiscount), 12);
    const sp = specs.find((s) => s.id === 'graviton-spot-savings-plans');
    expect(sp?.price(t, 'on-demand')).toBeCloseTo(od * (1 - DEFAULT_ASSUMPTIONS.savingsPlanDiscount), 12);
    expect(sp?.price(t, 'spot')).toBeCloseTo(p(t, 'spot') as number, 12);
  });
});
