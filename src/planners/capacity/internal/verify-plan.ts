/**
 * Independent check of a plan: every pod's node satisfies its requirements and taints, and every node holds its
 * pods and DaemonSets within allocatable. Shared by the property tests and the bench; never used by solve().
 */
import { allocatable } from '../allocatable.js';
import { instanceLabels, LABEL } from '../instance-labels.js';
import type { NodePoolShape, Plan } from '../model.js';
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
  return out;
}
