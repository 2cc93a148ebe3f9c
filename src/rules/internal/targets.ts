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

export const workloadTargets = (kinds?: readonly string[]) => ({
  targets: (inv: Inventory): readonly WorkloadFact[] =>
    inv.workloads.filter((w) => (kinds === undefined || kinds.includes(w.object.kind)) && isApplicationNamespace(w.object.namespace)),
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
