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
  /** Label key -> label value -> PDBs whose first matchLabels entry is that label. */
  readonly byLabel: Map<string, Map<string, PdbEntry[]>>;
  /** PDBs whose selector has no matchLabels (matchExpressions only, or empty): matched against every workload. */
  readonly rest: PdbEntry[];
}

interface PdbEntry {
  readonly pdb: K8sObject;
  readonly selector: Record<string, unknown>;
  /** Input order, to list a workload's PDBs as written. */
  readonly n: number;
}

/** Which PDBs select which workloads, both ways, worked out once per inventory. */
interface PdbLinks {
  readonly size: number;
  readonly byWorkload: Map<WorkloadFact, K8sObject[]>;
  readonly byPdb: Map<K8sObject, WorkloadFact[]>;
}

// Shared answers: callers only read them.
const NONE: readonly K8sObject[] = [];

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
    const labels = stringRecord(selector.matchLabels);
    let first: string | undefined;
    for (const k in labels) {
      first = k;
      break;
    }
    const item = { pdb, selector, n: n++ };
    if (first === undefined) entry.rest.push(item);
    else {
      let values = entry.byLabel.get(first);
      if (!values) entry.byLabel.set(first, (values = new Map()));
      const list = values.get(labels[first]!);
      if (list) list.push(item);
      else values.set(labels[first]!, [item]);
    }
  }
  const byWorkload = new Map<WorkloadFact, K8sObject[]>();
  const byPdb = new Map<K8sObject, WorkloadFact[]>();
  for (const w of inv.workloads) {
    const index = byNamespace.get(w.object.namespace ?? '');
    if (!index) continue;
    // Each PDB sits in one list (its first label's, or rest), so no PDB is considered twice.
    let matched = consider(index.rest, w, undefined);
    for (const k in w.podLabels) {
      const list = index.byLabel.get(k)?.get(w.podLabels[k]!);
      if (list) matched = consider(list, w, matched);
    }
    if (!matched) continue;
    if (matched.length > 1) matched.sort((a, b) => a.n - b.n);
    const pdbs = matched.map((e) => e.pdb);
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

/** `matched`, plus the entries of `list` whose selector matches the workload's pods. */
function consider(list: readonly PdbEntry[], w: WorkloadFact, matched: PdbEntry[] | undefined): PdbEntry[] | undefined {
  for (const e of list) if (selectorMatches(e.selector, w.podLabels, e.pdb.apiVersion === 'policy/v1')) (matched ??= []).push(e);
  return matched;
}

/** The PDBs that select a workload's pods, in input order. */
export function pdbsFor(inv: Inventory, w: WorkloadFact): readonly K8sObject[] {
  return pdbLinks(inv).byWorkload.get(w) ?? NONE;
}

/** The HPAs whose scaleTargetRef names a workload, in input order. */
export function hpasFor(inv: Inventory, w: WorkloadFact): readonly K8sObject[] {
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
  return index.byWorkload.get(w) ?? NONE;
}

/** The workloads of a PDB's namespace whose pods its selector matches, in input order. */
export function workloadsSelectedBy(inv: Inventory, pdb: K8sObject): readonly WorkloadFact[] {
  return pdbLinks(inv).byPdb.get(pdb) ?? [];
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
