/**
 * Independent check of a plan: every pod's node satisfies its requirements and taints, and every node holds its
 * pods and DaemonSets within allocatable. Shared by the property tests and the bench; never used by solve().
 */
import { allocatable } from '../allocatable.js';
import { instanceLabels, LABEL } from '../instance-labels.js';
import type { NodePoolShape, Plan } from '../model.js';
import { describeTerm, isZoneKey, termMatches } from '../pod-affinity.js';
import { termSatisfied } from '../requirements.js';
import { toleratesAll } from '../taints.js';

export function planViolations(plan: Plan, pools: readonly NodePoolShape[]): string[] {
  const out: string[] = [];
  for (const [i, n] of plan.nodes.entries()) {
    const pool = pools.find((p) => p.name === n.nodePool);
    if (!pool) {
      out.push(`node ${i}: unknown NodePool ${n.nodePool}`);
      continue;
    }
    const labels = { ...instanceLabels(n.type), ...pool.labels, [LABEL.nodePool]: pool.name, [LABEL.zone]: n.zone, [LABEL.capacityType]: n.capacityType };
    if (!termSatisfied(pool.requirements, labels)) out.push(`node ${i}: ${n.type.name} breaks NodePool ${pool.name}'s requirements`);
    const cpu = n.pods.reduce((s, p) => s + p.cpuMillis, 0) + n.daemonSetCpuMillis;
    const mem = n.pods.reduce((s, p) => s + p.memoryMiB, 0) + n.daemonSetMemoryMiB;
    // CPU allocatable does not depend on maxPods, so it can be checked against the type itself.
    const a = allocatable(n.type);
    if (cpu > n.allocatableCpuMillis || n.allocatableCpuMillis > a.cpuMillis) out.push(`node ${i}: ${cpu}m CPU on ${n.type.name} (${n.allocatableCpuMillis}m allocatable)`);
    if (mem > n.allocatableMemoryMiB + 1e-6) out.push(`node ${i}: ${mem}Mi on ${n.type.name} (${n.allocatableMemoryMiB}Mi allocatable)`);
    for (const p of n.pods) {
      if (p.terms.length > 0 && !p.terms.some((t) => termSatisfied(t, labels))) out.push(`node ${i}: pod ${p.id} requirements not met by ${n.type.name}/${n.zone}/${n.capacityType}`);
      if (toleratesAll(p.tolerations, pool.taints)) out.push(`node ${i}: pod ${p.id} does not tolerate ${pool.name}'s taints`);
    }
  }
  out.push(...interPodViolations(plan));
  return out;
}

/** Required pod anti-affinity and affinity, checked pod by pod against where every other pod landed. */
export function interPodViolations(plan: Plan): string[] {
  const out: string[] = [];
  if (!plan.nodes.some((n) => n.pods.some((p) => (p.podAntiAffinity?.length ?? 0) > 0 || (p.podAffinity?.length ?? 0) > 0))) return out;
  const where = plan.nodes.flatMap((n, i) => n.pods.map((p) => ({ p, node: i, zone: n.zone })));
  const firstOf = new Set<string>();
  for (const a of where) {
    const same = (t: { topologyKey: string }, b: (typeof where)[number]) => (isZoneKey(t.topologyKey) ? b.zone === a.zone : b.node === a.node);
    for (const t of a.p.podAntiAffinity ?? []) {
      const clash = where.find((b) => b.p !== a.p && same(t, b) && termMatches(t, b.p));
      if (clash) out.push(`pod ${a.p.id}: anti-affinity ${describeTerm(t)} broken by ${clash.p.id}`);
    }
    for (const t of a.p.podAffinity ?? []) {
      const others = where.filter((b) => b.p !== a.p && termMatches(t, b.p));
      if (others.some((b) => same(t, b))) continue;
      // The scheduler lets a pod its own term matches go anywhere when it is the first such pod: one per term.
      const key = JSON.stringify(t);
      if (termMatches(t, a.p) && !firstOf.has(key)) {
        firstOf.add(key);
        continue;
      }
      out.push(`pod ${a.p.id}: affinity ${describeTerm(t)} not met`);
    }
  }
  return out;
}
