/**
 * PodDisruptionBudgets that stop a node drain, and pods that opt out of Karpenter's disruption. A drain evicts
 * through the PDB: when it allows no disruption, the node upgrade (managed node group rolling update, Karpenter
 * drift) waits until someone intervenes.
 */
import { isRecord } from '../../sources/detect.js';
import { valueAt } from '../../sources/fact.js';
import type { Inventory, K8sObject, WorkloadFact } from '../../sources/inventory.js';
import { objectsOfKind } from '../../sources/inventory.js';
import { selectorMatches } from '../../sources/kubernetes/k8s-objects.js';
import { child } from '../../sources/location.js';
import { isOwned } from '../internal/owned.js';
import { locate } from './finding.js';
import type { UpgradeFinding } from './finding.js';

/** Pods a PDB lets go at once; Kubernetes rounds percentages up for both fields. Undefined when not computable. */
export function disruptionsAllowed(pdb: K8sObject, replicas: number): number | undefined {
  const abs = (v: unknown): number | undefined => {
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && /^\d+%$/.test(v)) return Math.ceil((parseInt(v, 10) / 100) * replicas);
    if (typeof v === 'string' && /^\d+$/.test(v)) return parseInt(v, 10);
    return undefined;
  };
  const maxU = valueAt(pdb.value, ['spec', 'maxUnavailable']);
  if (maxU !== undefined && maxU !== null) return abs(maxU);
  const minA = valueAt(pdb.value, ['spec', 'minAvailable']);
  if (minA !== undefined && minA !== null) {
    const m = abs(minA);
    return m === undefined ? undefined : Math.max(0, replicas - m);
  }
  return undefined;
}

function ns(o: K8sObject): string {
  return o.namespace ?? 'default';
}

export function matchedWorkloads(inv: Inventory, pdb: K8sObject): WorkloadFact[] {
  const sel = valueAt(pdb.value, ['spec', 'selector']);
  return inv.workloads.filter((w) => !isOwned(w.object) && ns(w.object) === ns(pdb) && w.object.kind !== 'DaemonSet' && selectorMatches(sel, w.podLabels));
}

export function drainBlockers(inv: Inventory): UpgradeFinding[] {
  const out: UpgradeFinding[] = [];
  for (const pdb of objectsOfKind(inv, 'PodDisruptionBudget', 'policy')) {
    const name = `PodDisruptionBudget ${ns(pdb)}/${pdb.name}`;
    const spec = child(pdb.at, 'spec');
    const matched = matchedWorkloads(inv, pdb);
    if (matched.length === 0) {
      // No replicas known: only the budget's own numbers can decide.
      const maxU = valueAt(pdb.value, ['spec', 'maxUnavailable']);
      if (maxU === 0 || maxU === '0' || maxU === '0%' || valueAt(pdb.value, ['spec', 'minAvailable']) === '100%') {
        out.push({ area: 'pdb', level: 'blocker', message: `${name} allows no disruption at all`, fix: 'set maxUnavailable: 1', location: locate(spec) });
      }
      continue;
    }
    for (const w of matched) {
      const replicas = typeof w.replicas.value === 'number' ? w.replicas.value : 1;
      const allowed = disruptionsAllowed(pdb, replicas);
      if (allowed === 0) {
        out.push({
          area: 'pdb',
          level: 'blocker',
          message: `${name} allows 0 of ${replicas} ${w.object.kind} ${w.object.name} pods to be evicted: every drain of a node running one waits forever`,
          fix: replicas < 2 ? `run at least 2 replicas and set maxUnavailable: 1` : 'use maxUnavailable: 1 (or a minAvailable below the replica count)',
          location: locate(spec),
        });
      }
    }
  }
  for (const w of inv.workloads.filter((x) => !isOwned(x.object))) {
    const annPath = [...w.podSpecPath.slice(0, -1), 'metadata', 'annotations'];
    const raw = valueAt(w.object.value, annPath);
    const ann = isRecord(raw) ? raw : {};
    if (String(ann['karpenter.sh/do-not-disrupt']) === 'true') {
      out.push({
        area: 'pdb',
        level: 'warning',
        message: `${w.object.kind} ${ns(w.object)}/${w.object.name} pods carry karpenter.sh/do-not-disrupt: Karpenter will not drift their nodes to the new AMI until the pods leave (or the NodePool's terminationGracePeriod forces it)`,
        fix: 'schedule the upgrade when these pods have finished, or set terminationGracePeriod on the NodePool',
        location: locate(child(w.object.at, ...annPath)),
      });
    }
  }
  return out;
}
