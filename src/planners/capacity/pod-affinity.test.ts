import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bestPlan } from './best-plan.js';
import { configLp, loadLpSolver } from './config-lp.js';
import { consolidate } from './consolidation.js';
import { lowerBound } from './lower-bound.js';
import { daemonSet, listPrice, nodePool, pod, types, ZONES } from './internal/builders.js';
import { planViolations } from './internal/verify-plan.js';
import type { PodAffinityTerm, PodShape } from './model.js';
import { HOSTNAME } from './pod-affinity.js';
import { solve } from './solve.js';
import type { SolveInput } from './solve.js';

const solver = await loadLpSolver();
const some = types((t) => ['m7g', 'c7g', 'r7g', 'm6a', 'c6a'].includes(t.family));
const pools = [nodePool({ requirements: [...nodePool().requirements, { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] }] })];
const input = (pods: readonly PodShape[]): SolveInput => ({ pods, daemonSets: [daemonSet()], nodePools: pools, types: some, zones: ZONES, price: listPrice() });
const ZONE = 'topology.kubernetes.io/zone';
const term = (app: string, topologyKey: string): PodAffinityTerm => ({ topologyKey, selector: { matchLabels: { app } }, namespaces: ['default'] });
const replicas = (app: string, n: number, over: Partial<PodShape> = {}): PodShape[] => Array.from({ length: n }, (_, i) => pod({ id: `${app}#${i}`, workload: `Deployment default/${app}`, namespace: 'default', labels: { app }, ...over }));
const nodeOf = (plan: ReturnType<typeof solve>, id: string) => plan.nodes.findIndex((n) => n.pods.some((p) => p.id === id));

describe('pod (anti-)affinity', () => {
  it('spreads hostname anti-affine replicas one per node, in both plans', () => {
    // GIVEN 5 small replicas that refuse to share a node with each other
    const pods = replicas('web', 5, { cpuMillis: 100, memoryMiB: 128, podAntiAffinity: [term('web', HOSTNAME)] });
    for (const plan of [solve(input(pods)), bestPlan(input(pods)).plan]) {
      // THEN five nodes, no violation
      expect(new Set(pods.map((p) => nodeOf(plan, p.id))).size).toBe(5);
      expect(planViolations(plan, pools)).toEqual([]);
    }
  });

  it('puts zone anti-affine replicas in different zones and reports the one too many with the reason', () => {
    // GIVEN 4 replicas, one per zone at most, in 3 zones
    const pods = replicas('db', 4, { podAntiAffinity: [term('db', ZONE)] });
    const plan = solve(input(pods));
    // THEN three zones used, and the fourth replica unplaced because of the anti-affinity
    expect(new Set(plan.nodes.map((n) => n.zone)).size).toBe(3);
    expect(plan.unplaced).toHaveLength(1);
    expect(plan.unplaced[0]?.reason).toMatch(/anti-affinity: every zone it may use \[us-east-1a,us-east-1b,us-east-1c\] already runs a pod matching \{app=db\} per zone/);
    expect(planViolations(plan, pools)).toEqual([]);
  });

  it('co-locates pods with their podAffinity target, or says none is placed', () => {
    // GIVEN a cache and sidecar-like pods that must share its node, and pods following an app that does not exist
    const cache = replicas('cache', 1, { cpuMillis: 1000 });
    const near = replicas('near', 3, { cpuMillis: 100, podAffinity: [term('cache', HOSTNAME)] });
    const lost = replicas('lost', 1, { podAffinity: [term('ghost', HOSTNAME)] });
    for (const plan of [solve(input([...near, ...lost, ...cache])), bestPlan(input([...near, ...lost, ...cache])).plan]) {
      // THEN every 'near' pod is on the cache's node, and the 'lost' pod is unplaced with the reason
      for (const p of near) expect(nodeOf(plan, p.id)).toBe(nodeOf(plan, 'cache#0'));
      expect(plan.unplaced.map((u) => [u.pod.id, u.reason])).toEqual([['lost#0', expect.stringMatching(/pod affinity \{app=ghost\} per node: no pod matching it is placed/)]]);
      expect(planViolations(plan, pools)).toEqual([]);
    }
  });

  it('honours anti-affinity both ways: a pod is kept off a node whose pods refuse it', () => {
    // GIVEN a pod that refuses 'batch' pods on its node, and small batch pods without any term
    const guard = replicas('guard', 1, { cpuMillis: 4000, podAntiAffinity: [term('batch', HOSTNAME)] });
    const batch = replicas('batch', 3, { cpuMillis: 100 });
    const plan = solve(input([...guard, ...batch]));
    // THEN no batch pod shares the guard's node
    for (const p of batch) expect(nodeOf(plan, p.id)).not.toBe(nodeOf(plan, 'guard#0'));
    expect(planViolations(plan, pools)).toEqual([]);
  });

  const apps = ['a', 'b', 'c', 'd'];
  const arbPods: fc.Arbitrary<PodShape[]> = fc
    .array(
      fc.record({
        app: fc.constantFrom(...apps),
        n: fc.integer({ min: 1, max: 5 }),
        cpu: fc.integer({ min: 50, max: 6000 }),
        mem: fc.integer({ min: 64, max: 16_000 }),
        anti: fc.option(fc.record({ app: fc.constantFrom(...apps), zone: fc.boolean() }), { nil: undefined }),
        aff: fc.option(fc.record({ app: fc.constantFrom(...apps), zone: fc.boolean() }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 6 },
    )
    .map((ws) =>
      ws.flatMap((w, wi) =>
        Array.from({ length: w.n }, (_, r) =>
          pod({
            id: `w${wi}#${r}`,
            workload: `Deployment default/w${wi}`,
            namespace: 'default',
            labels: { app: w.app },
            cpuMillis: w.cpu,
            memoryMiB: w.mem,
            podAntiAffinity: w.anti ? [term(w.anti.app, w.anti.zone ? ZONE : HOSTNAME)] : undefined,
            podAffinity: w.aff ? [term(w.aff.app, w.aff.zone ? ZONE : HOSTNAME)] : undefined,
          }),
        ),
      ),
    );
  const summary = (p: ReturnType<typeof solve>) => ({
    cost: p.costUsdPerHour.toFixed(6),
    nodes: p.nodes.map((n) => `${n.type.name}/${n.capacityType}/${n.zone}:${n.pods.map((x) => x.id).sort().join(',')}`).sort(),
    unplaced: p.unplaced.map((u) => `${u.pod.id}: ${u.reason}`).sort(),
  });

  it('every pod lands where it fits, its labels are satisfied and every term holds, or it is listed with a reason (property)', () => {
    fc.assert(
      fc.property(arbPods, (pods) => {
        // GIVEN random workloads with hostname/zone anti-affinity and affinity WHEN both plans (and consolidation) run
        const i = input(pods);
        const k = solve(i);
        const withLp = bestPlan(i, k, lowerBound(i), { solver, result: configLp(solver, i) }).plan;
        for (const plan of [k, bestPlan(i, k).plan, withLp, consolidate(k, i).plan]) {
          // THEN no violation of capacity, labels, taints or terms, and every pod placed once or listed with a reason
          expect(planViolations(plan, pools)).toEqual([]);
          const placed = plan.nodes.flatMap((n) => n.pods.map((p) => p.id));
          expect(new Set(placed).size).toBe(placed.length);
          expect(placed.length + plan.unplaced.length).toBe(pods.length);
          for (const u of plan.unplaced) expect(u.reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('does not depend on the order of the pods (property)', () => {
    fc.assert(
      fc.property(arbPods.chain((pods) => fc.tuple(fc.constant(pods), fc.shuffledSubarray(pods, { minLength: pods.length, maxLength: pods.length }))), ([pods, shuffled]) => {
        // GIVEN the same pods in another order THEN the same Karpenter plan and the same best plan
        expect(summary(solve(input(shuffled)))).toEqual(summary(solve(input(pods))));
        expect(summary(bestPlan(input(shuffled)).plan)).toEqual(summary(bestPlan(input(pods)).plan));
      }),
      { numRuns: 30 },
    );
  });
});
