/** Target selectors shared by rules, so each rule states what it judges in one line. */
import type { ClusterFact, Inventory, K8sObject, NodeGroupFact, WorkloadFact } from '../../sources/inventory.js';
import { objectsOfKind, SYSTEM_NAMESPACES } from '../../sources/inventory.js';
import type { RemediationFormat } from '../types.js';

export const clusterTargets = {
  targets: (inv: Inventory): readonly ClusterFact[] => inv.clusters,
  locate: (c: ClusterFact) => c.at,
  format: (c: ClusterFact): RemediationFormat => c.source,
};

export const nodeTargets = (kinds: readonly NodeGroupFact['kind'][] = ['nodeGroup', 'ec2NodeClass']) => ({
  targets: (inv: Inventory): readonly NodeGroupFact[] => inv.nodeGroups.filter((n) => kinds.includes(n.kind)),
  locate: (n: NodeGroupFact) => n.at,
  format: (n: NodeGroupFact): RemediationFormat => n.source,
});

export function isApplicationNamespace(ns: string | undefined): boolean {
  return ns === undefined || !SYSTEM_NAMESPACES.has(ns);
}

// A dozen rules judge the same application workloads: 20,000 workloads are filtered once per inventory, not per rule.
const applicationWorkloads = new WeakMap<Inventory, { readonly size: number; readonly all: readonly WorkloadFact[]; readonly byKinds: Map<string, readonly WorkloadFact[]> }>();

/** Workloads outside the platform's namespaces, of the given kinds (all kinds when undefined), in input order. */
export function applicationWorkloadsOf(inv: Inventory, kinds?: readonly string[]): readonly WorkloadFact[] {
  let cached = applicationWorkloads.get(inv);
  if (!cached || cached.size !== inv.workloads.length) {
    cached = { size: inv.workloads.length, all: inv.workloads.filter((w) => isApplicationNamespace(w.object.namespace)), byKinds: new Map() };
    applicationWorkloads.set(inv, cached);
  }
  if (kinds === undefined) return cached.all;
  const key = kinds.join(',');
  let list = cached.byKinds.get(key);
  if (!list) {
    list = cached.all.filter((w) => kinds.includes(w.object.kind));
    cached.byKinds.set(key, list);
  }
  return list;
}

export const workloadTargets = (kinds?: readonly string[]) => ({
  targets: (inv: Inventory): readonly WorkloadFact[] => applicationWorkloadsOf(inv, kinds),
  locate: (w: WorkloadFact) => w.object.at,
  format: (): RemediationFormat => 'kubernetes',
});

export const objectTargets = (kind: string, group?: string) => ({
  targets: (inv: Inventory): readonly K8sObject[] => objectsOfKind(inv, kind, group),
  locate: (o: K8sObject) => o.at,
  format: (): RemediationFormat => 'kubernetes',
});

export function describeWorkload(w: WorkloadFact): string {
  return `${w.object.kind} ${w.object.namespace ? `${w.object.namespace}/` : ''}${w.object.name}`;
}

/** Same namespace as written; objects that leave the namespace to `kubectl -n` match each other. */
export function sameNamespace(a: K8sObject, b: K8sObject): boolean {
  return (a.namespace ?? '') === (b.namespace ?? '');
}
