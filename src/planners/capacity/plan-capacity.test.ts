import { describe, expect, it } from 'vitest';
import { daemonSet, nodePool, pod, types, ZONES } from './internal/builders.js';
import { planCapacity } from './plan-capacity.js';
import { HOURS_PER_MONTH } from '../upgrade/lifecycle.js';

const all = types((t) => ['m7g', 'c7g', 'r7g', 'm6a', 'c6a', 'r6a', 'm7i', 'c7i', 'r7i', 'm6i'].includes(t.family));

describe('planCapacity', () => {
  const pods = [
    ...Array.from({ length: 20 }, (_, i) => pod({ id: `web#${i}`, workload: 'Deployment shop/web', cpuMillis: 500, memoryMiB: 1024 })),
    ...Array.from({ length: 3 }, (_, i) => pod({ id: `db#${i}`, workload: 'StatefulSet shop/db', cpuMillis: 1000, memoryMiB: 8192 })),
    pod({ id: 'x86#0', workload: 'Deployment shop/legacy', cpuMillis: 1000, memoryMiB: 1024, terms: [[{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }]] }),
  ];
  const plan = planCapacity({ pods, daemonSets: [daemonSet()], nodePools: [nodePool()], types: all, zones: ZONES });

  it('solves the four scenarios, baseline first, each no cheaper than its lower bound', () => {
    // GIVEN mixed pods WHEN planned THEN four scenarios with ratios >= 1 and the best plan no dearer than Karpenter's
    expect(plan.scenarios.map((s) => s.id)).toEqual(['x86-on-demand', 'graviton-on-demand', 'graviton-spot', 'graviton-spot-savings-plans']);
    for (const s of plan.scenarios) {
      expect(s.figures.best.ratioToLowerBound).toBeGreaterThanOrEqual(1 - 1e-9);
      expect(s.figures.karpenter.ratioToLowerBound).toBeGreaterThanOrEqual(1 - 1e-9);
      expect(s.figures.best.usdPerMonth).toBeLessThanOrEqual(s.figures.karpenter.usdPerMonth + 1e-9);
      expect(s.figures.best.usdPerMonth).toBeCloseTo(s.best.plan.costUsdPerHour * HOURS_PER_MONTH, 6);
      expect(s.best.plan.unplaced).toEqual([]);
    }
  });

  it('reports savings against the baseline and keeps the pinned pod on x86 and the StatefulSet off Spot', () => {
    // THEN savings are relative to the baseline's best plan, and constraints survive the scenarios
    const base = plan.scenarios[0];
    for (const s of plan.scenarios.slice(1)) expect(s.savingVsBaseline).toBeCloseTo(1 - s.figures.best.usdPerMonth / (base?.figures.best.usdPerMonth ?? 1), 9);
    expect(base?.savingVsBaseline).toBeUndefined();
    const spot = plan.scenarios.find((s) => s.id === 'graviton-spot');
    const nodeOf = (id: string) => spot?.best.plan.nodes.find((n) => n.pods.some((p) => p.id === id));
    expect(nodeOf('x86#0')?.type.arch).toBe('amd64');
    expect(['db#0', 'db#1', 'db#2'].map((id) => nodeOf(id)?.capacityType)).toEqual(['on-demand', 'on-demand', 'on-demand']);
    expect(nodeOf('web#0')?.type.arch).toBe('arm64');
  });
});
