/** Cross-file links: which PDBs and HPAs apply to a workload, found by selector and target, not by file. */
import type { Inventory, K8sObject, WorkloadFact } from '../../sources/inventory.js';
import { objectsOfKindIn } from '../../sources/inventory.js';
import { isRecord } from '../../sources/detect.js';
import { valueAt } from '../../sources/fact.js';
import { selectorMatches } from '../../sources/kubernetes/k8s-objects.js';
import { sameNamespace } from './targets.js';

export function pdbsFor(inv: Inventory, w: WorkloadFact): K8sObject[] {
  return objectsOfKindIn(inv, 'PodDisruptionBudget', 'policy', w.object.namespace).filter((p) => sameNamespace(p, w.object) && selectorMatches(valueAt(p.value, ['spec', 'selector']), w.podLabels, p.apiVersion === 'policy/v1'));
}

export function hpasFor(inv: Inventory, w: WorkloadFact): K8sObject[] {
  return objectsOfKindIn(inv, 'HorizontalPodAutoscaler', 'autoscaling', w.object.namespace).filter((h) => {
    const ref = valueAt(h.value, ['spec', 'scaleTargetRef']);
    return sameNamespace(h, w.object) && isRecord(ref) && ref.kind === w.object.kind && ref.name === w.object.name;
  });
}

/** Pods a PDB lets go at once, given the workload's replicas; 0 means it blocks every voluntary eviction. */
export function allowedDisruptions(pdb: K8sObject, replicas: number): number | undefined {
  const maxU = valueAt(pdb.value, ['spec', 'maxUnavailable']);
  const minA = valueAt(pdb.value, ['spec', 'minAvailable']);
  const abs = (v: unknown, roundUp: boolean): number | undefined => {
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && /^\d+%$/.test(v)) {
      const x = (parseInt(v, 10) / 100) * replicas;
      return roundUp ? Math.ceil(x) : Math.floor(x);
    }
    if (typeof v === 'string' && /^\d+$/.test(v)) return parseInt(v, 10);
    return undefined;
  };
  // Kubernetes rounds percentages up for both fields.
  if (maxU !== undefined) return abs(maxU, true);
  if (minA !== undefined) {
    const m = abs(minA, true);
    return m === undefined ? undefined : Math.max(0, replicas - m);
  }
  return undefined;
}
