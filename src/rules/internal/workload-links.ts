/** Cross-file links: which PDBs and HPAs apply to a workload, found by selector and target, not by file. */
import type { Inventory, K8sObject, WorkloadFact } from '../../sources/inventory.js';
import { objectsOfKind } from '../../sources/inventory.js';
import { isRecord } from '../../sources/detect.js';
import { stringRecord, valueAt } from '../../sources/fact.js';
import { selectorMatches } from '../../sources/kubernetes/k8s-objects.js';

/**
 * A namespace's PDBs, indexed by one label each selects on: a workload then looks only at PDBs that could select it,
 * not at every PDB of its namespace (100 workloads and 100 PDBs per namespace would be 10,000 selector matches).
 */
interface PdbIndex {
  readonly byLabel: Map<string, { readonly pdb: K8sObject; readonly n: number }[]>;
  /** PDBs whose selector has no matchLabels (matchExpressions only, or empty): matched against every workload. */
  readonly rest: { readonly pdb: K8sObject; readonly n: number }[];
}

const labelKey = (k: string, v: string): string => `${k}\u0000${v}`;

/** Which PDBs select which workloads, both ways, worked out once per inventory. */
interface PdbLinks {
  readonly size: number;
  readonly byWorkload: Map<WorkloadFact, K8sObject[]>;
  readonly byPdb: Map<K8sObject, WorkloadFact[]>;
}

const pdbLinkCache = new WeakMap<Inventory, PdbLinks>();
const hpaIndexes = new WeakMap<Inventory, { readonly size: number; readonly byWorkload: Map<WorkloadFact, K8sObject[]> }>();

function pdbLinks(inv: Inventory): PdbLinks {
  const cached = pdbLinkCache.get(inv);
  if (cached && cached.size === inv.objects.length + inv.workloads.length) return cached;
  const byNamespace = new Map<string, PdbIndex>();
  let n = 0;
  for (const pdb of objectsOfKind(inv, 'PodDisruptionBudget', 'policy')) {
    const ns = pdb.namespace ?? '';
    let entry = byNamespace.get(ns);
    if (!entry) byNamespace.set(ns, (entry = { byLabel: new Map(), rest: [] }));
    const selector = valueAt(pdb.value, ['spec', 'selector']);
    if (!isRecord(selector)) continue; // selects nothing
    const first = Object.entries(stringRecord(selector.matchLabels))[0];
    const item = { pdb, n: n++ };
    if (!first) entry.rest.push(item);
    else {
      const key = labelKey(first[0], first[1]);
      const list = entry.byLabel.get(key);
      if (list) list.push(item);
      else entry.byLabel.set(key, [item]);
    }
  }
  const byWorkload = new Map<WorkloadFact, K8sObject[]>();
  const byPdb = new Map<K8sObject, WorkloadFact[]>();
  for (const w of inv.workloads) {
    const index = byNamespace.get(w.object.namespace ?? '');
    if (!index) continue;
    const candidates = [...index.rest];
    for (const [k, v] of Object.entries(w.podLabels)) candidates.push(...(index.byLabel.get(labelKey(k, v)) ?? []));
    const pdbs = candidates
      .filter(({ pdb }) => selectorMatches(valueAt(pdb.value, ['spec', 'selector']), w.podLabels, pdb.apiVersion === 'policy/v1'))
      .sort((a, b) => a.n - b.n)
      .map(({ pdb }) => pdb);
    if (pdbs.length === 0) continue;
    byWorkload.set(w, pdbs);
    for (const pdb of pdbs) {
      const list = byPdb.get(pdb);
      if (list) list.push(w);
      else byPdb.set(pdb, [w]);
    }
  }
  const links = { size: inv.objects.length + inv.workloads.length, byWorkload, byPdb };
  pdbLinkCache.set(inv, links);
  return links;
}

/** The PDBs that select a workload's pods, in input order. */
export function pdbsFor(inv: Inventory, w: WorkloadFact): K8sObject[] {
  return [...(pdbLinks(inv).byWorkload.get(w) ?? [])];
}

/** The HPAs whose scaleTargetRef names a workload, in input order. */
export function hpasFor(inv: Inventory, w: WorkloadFact): K8sObject[] {
  let index = hpaIndexes.get(inv);
  if (!index || index.size !== inv.objects.length + inv.workloads.length) {
    const byTarget = new Map<string, K8sObject[]>();
    for (const h of objectsOfKind(inv, 'HorizontalPodAutoscaler', 'autoscaling')) {
      const ref = valueAt(h.value, ['spec', 'scaleTargetRef']);
      if (!isRecord(ref) || typeof ref.kind !== 'string' || typeof ref.name !== 'string') continue;
      const key = `${h.namespace ?? ''}\u0000${ref.kind}\u0000${ref.name}`;
      const list = byTarget.get(key);
      if (list) list.push(h);
      else byTarget.set(key, [h]);
    }
    // Answered per workload once: three rules ask for every workload's HPAs.
    const byWorkload = new Map<WorkloadFact, K8sObject[]>();
    if (byTarget.size > 0) {
      for (const x of inv.workloads) {
        const hpas = byTarget.get(`${x.object.namespace ?? ''}\u0000${x.object.kind}\u0000${x.object.name}`);
        if (hpas) byWorkload.set(x, hpas);
      }
    }
    index = { size: inv.objects.length + inv.workloads.length, byWorkload };
    hpaIndexes.set(inv, index);
  }
  return [...(index.byWorkload.get(w) ?? [])];
}

/** The workloads of a PDB's namespace whose pods its selector matches, in input order. */
export function workloadsSelectedBy(inv: Inventory, pdb: K8sObject): WorkloadFact[] {
  return [...(pdbLinks(inv).byPdb.get(pdb) ?? [])];
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
