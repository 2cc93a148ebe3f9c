import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocatable } from './allocatable.js';
import { daemonSet, listPrice, nodePool, pod, types, ZONES } from './internal/builders.js';
import { planViolations } from './internal/verify-plan.js';
import type { PodShape } from './model.js';
import type { Term } from './requirements.js';
import { plannedNode, prepare, solve } from './solve.js';
import type { SolveInput } from './solve.js';

const general = types((t) => ['m7g', 'm7i', 'c7g', 'c7i', 'r7g', 'r7i', 'm6a', 'c6a'].includes(t.family));

function input(over: Partial<SolveInput> = {}): SolveInput {
  return { pods: [], daemonSets: [], nodePools: [nodePool()], types: general, zones: ZONES, price: listPrice(), ...over };
}

const summary = (p: ReturnType<typeof solve>) => ({
  cost: p.costUsdPerHour.toFixed(6),
  nodes: p.nodes.map((n) => `${n.type.name}/${n.capacityType}/${n.zone}:${n.pods.map((x) => x.id).sort().join(',')}`).sort(),
  unplaced: p.unplaced.map((u) => u.pod.id).sort(),
});

const arbTerm: fc.Arbitrary<Term> = fc.oneof(
  fc.constant([]),
  fc.constantFrom('amd64', 'arm64').map((a) => [{ key: 'kubernetes.io/arch', operator: 'In' as const, values: [a] }]),
  fc.constantFrom(...ZONES).map((z) => [{ key: 'topology.kubernetes.io/zone', operator: 'In' as const, values: [z] }]),
  fc.constantFrom('spot', 'on-demand').map((c) => [{ key: 'karpenter.sh/capacity-type', operator: 'In' as const, values: [c] }]),
  fc.constantFrom('m', 'c', 'r').map((c) => [{ key: 'karpenter.k8s.aws/instance-category', operator: 'NotIn' as const, values: [c] }]),
);
const arbPods: fc.Arbitrary<PodShape[]> = fc.array(
  fc.record({ cpu: fc.integer({ min: 0, max: 20_000 }), mem: fc.integer({ min: 1, max: 64_000 }), term: arbTerm, replicas: fc.integer({ min: 1, max: 6 }), tolerate: fc.boolean() }),
  { minLength: 1, maxLength: 12 },
).map((ws) => ws.flatMap((w, wi) => Array.from({ length: w.replicas }, (_, r) => pod({ id: `w${wi}#${r}`, workload: `Deployment default/w${wi}`, cpuMillis: w.cpu, memoryMiB: w.mem, terms: w.term.length ? [w.term] : [], tolerations: w.tolerate ? [{ key: 'dedicated', operator: 'Exists' }] : [] }))));
const pools = [
  nodePool({ requirements: [...nodePool().requirements, { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] }] }),
  nodePool({ name: 'tainted', weight: 10, taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }], labels: { team: 'x' } }),
];

describe('solve', () => {
  it('puts every pod on a node whose labels, taints and allocatable satisfy it (property)', () => {
    // GIVEN random workloads with arch/zone/capacity-type/category constraints and two NodePools, one tainted
    fc.assert(
      fc.property(arbPods, (pods) => {
        const plan = solve(input({ pods, daemonSets: [daemonSet()], nodePools: pools }));
        // THEN no violation, and every pod is placed or reported
        expect(planViolations(plan, pools)).toEqual([]);
        expect(plan.nodes.reduce((s, n) => s + n.pods.length, 0) + plan.unplaced.length).toBe(pods.length);
      }),
      { numRuns: 60 },
    );
  });

  it('does not depend on the order of the pods (property)', () => {
    // GIVEN random workloads WHEN solved as given and shuffled THEN the same plan
    fc.assert(
      fc.property(arbPods.chain((pods) => fc.tuple(fc.constant(pods), fc.shuffledSubarray(pods, { minLength: pods.length, maxLength: pods.length }))), ([pods, shuffled]) => {
        expect(summary(solve(input({ pods: shuffled, nodePools: pools })))).toEqual(summary(solve(input({ pods, nodePools: pools }))));
      }),
      { numRuns: 40 },
    );
  });

  it('launches the cheapest type that still fits all pods of a node', () => {
    // GIVEN one small pod WHEN solved THEN its node is the cheapest type that fits it, among all allowed
    const p = pod({ cpuMillis: 900, memoryMiB: 1000 });
    const plan = solve(input({ pods: [p] }));
    const price = listPrice();
    const fits = general.filter((t) => allocatable(t).cpuMillis >= 900 && allocatable(t).memoryMiB >= 1000 && t.generation > 5);
    const cheapest = Math.min(...fits.flatMap((t) => [price(t, 'on-demand') ?? Infinity]));
    expect(plan.nodes).toHaveLength(1);
    expect(plan.costUsdPerHour).toBe(cheapest);
  });

  it('keeps DaemonSet overhead off the capacity of every node', () => {
    // GIVEN a DaemonSet as large as half a 2-vCPU node WHEN small pods are packed THEN each node holds pods + DaemonSet
    const ds = daemonSet({ cpuMillis: 900, memoryMiB: 1024 });
    const pods = Array.from({ length: 10 }, (_, i) => pod({ id: `p${i}`, cpuMillis: 400, memoryMiB: 256 }));
    const plan = solve(input({ pods, daemonSets: [ds] }));
    for (const n of plan.nodes) {
      expect(n.daemonSetCpuMillis).toBe(900);
      expect(n.podCpuMillis + n.daemonSetCpuMillis).toBeLessThanOrEqual(n.allocatableCpuMillis);
    }
  });

  it('reports a pod that no NodePool can take, with the reason', () => {
    // GIVEN a pod that needs s390x, one that does not tolerate the only pool's taint, and one too big for any type
    const pools2 = [nodePool({ taints: [{ key: 'gpu', effect: 'NoSchedule' }] })];
    const plan = solve(input({
      nodePools: [nodePool()],
      pods: [pod({ id: 'arch', terms: [[{ key: 'kubernetes.io/arch', operator: 'In', values: ['s390x'] }]] }), pod({ id: 'huge', cpuMillis: 10_000_000 })],
    }));
    expect(plan.unplaced.map((u) => u.pod.id).sort()).toEqual(['arch', 'huge']);
    expect(plan.unplaced.find((u) => u.pod.id === 'arch')?.reason).toContain('no instance type satisfies');
    expect(plan.unplaced.find((u) => u.pod.id === 'huge')?.reason).toMatch(/requests 10000000m CPU/);
    const tainted = solve(input({ nodePools: pools2, pods: [pod({ id: 't' })] }));
    expect(tainted.unplaced[0]?.reason).toContain('taint gpu:NoSchedule not tolerated');
  });

  it('stops opening nodes at the NodePool CPU limit', () => {
    // GIVEN a pool limited to 8 vCPU and 20 one-vCPU pods WHEN solved THEN the nodes stay within 8 vCPU and the rest wait
    const limited = nodePool({ limitCpuMillis: 8000 });
    const plan = solve(input({ nodePools: [limited], pods: Array.from({ length: 20 }, (_, i) => pod({ id: `p${i}`, cpuMillis: 1000, memoryMiB: 512 })) }));
    expect(plan.nodes.reduce((s, n) => s + n.type.vcpu, 0)).toBeLessThanOrEqual(8);
    expect(plan.unplaced.length).toBeGreaterThan(0);
    expect(plan.unplaced[0]?.reason).toContain('limits');
  });

  it('plannedNode takes allocatable, DaemonSet overhead and pod slots from the pool, and refuses a type the pool cannot use', () => {
    // GIVEN a pool with a DaemonSet, and one arm64-only pool that cannot use x86 types
    const ds = daemonSet({ cpuMillis: 250, memoryMiB: 300 });
    const arm = nodePool({ name: 'arm', requirements: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }] });
    const { pools } = prepare(input({ daemonSets: [ds], nodePools: [nodePool(), arm] }));
    const general = pools.find((p) => p.pool.name !== 'arm')!;
    const i = 0;
    const t = input().types[i]!;
    const a = allocatable(t);
    const launch = { type: t, capacityType: 'on-demand' as const, zone: ZONES[0], priceUsdPerHour: 0.1, pods: [], podCpuMillis: 0, podMemoryMiB: 0, candidates: 1, runnerUp: undefined };
    // WHEN a node of the general pool launches as that type
    const n = plannedNode(general, i, launch);
    // THEN its capacity is the type's allocatable, less the DaemonSet, as solve() reports it
    expect(n).toMatchObject({ nodePool: general.pool.name, allocatableCpuMillis: a.cpuMillis, allocatableMemoryMiB: a.memoryMiB, daemonSetCpuMillis: 250, daemonSetMemoryMiB: 300 });
    expect(n.podSlots).toBe(general.cap[i]!.pods);
    // AND a type the pool cannot use is an error, not a node with no capacity
    const x86 = input().types.findIndex((x) => x.arch === 'amd64');
    expect(() => plannedNode(pools.find((p) => p.pool.name === 'arm')!, x86, { ...launch, type: input().types[x86]! })).toThrow(/NodePool arm cannot use/);
  });
});
