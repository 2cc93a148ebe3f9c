/**
 * The capacity planner's view of the inventory: pods (replicas expanded, HPA-aware), DaemonSets and Karpenter
 * NodePools. An adapter over the shared Kubernetes reader (src/sources); it never reads YAML itself.
 */
import { isRecord } from '../../sources/detect.js';
import { stringRecord, valueAt } from '../../sources/fact.js';
import type { Inventory, K8sObject, WorkloadFact } from '../../sources/inventory.js';
import { objectsOfKind } from '../../sources/inventory.js';
import { isOwned } from '../internal/owned.js';
import { LABEL } from './instance-labels.js';
import type { DaemonSetShape, LabelSelector, NodePoolShape, PodAffinityTerm, PodShape, Taint, Toleration } from './model.js';
import { isSupportedTopology } from './pod-affinity.js';
import { cpuMillis, memoryMiB } from './quantity.js';
import { allowedValues, isOperator } from './requirements.js';
import type { Requirement, Term } from './requirements.js';

export type ReplicaChoice = 'current' | 'min' | 'max';

export interface WorkloadView {
  readonly pods: PodShape[];
  readonly daemonSets: DaemonSetShape[];
  readonly nodePools: NodePoolShape[];
  /** What the planner could not model, per workload: say it rather than guess. */
  readonly notes: string[];
}

/** Karpenter's recommended starting NodePool (its NodePool docs): c/m/r, generation > 2, Linux. Arch and capacity type come from the scenario. */
export const DEFAULT_NODE_POOL: NodePoolShape = {
  name: 'default',
  weight: 0,
  requirements: [
    { key: LABEL.os, operator: 'In', values: ['linux'] },
    { key: LABEL.category, operator: 'In', values: ['c', 'm', 'r'] },
    { key: LABEL.generation, operator: 'Gt', values: ['2'] },
  ],
  taints: [],
  labels: {},
};

function requests(spec: Record<string, unknown>): { cpu: number; mem: number; missing: boolean } {
  const one = (c: unknown) => {
    const res = isRecord(c) && isRecord(c.resources) ? c.resources : {};
    // Without requests, Kubernetes uses the limits as requests.
    const r = isRecord(res.requests) ? res.requests : isRecord(res.limits) ? res.limits : {};
    const lim = isRecord(res.limits) ? res.limits : {};
    return { cpu: cpuMillis(r.cpu ?? lim.cpu) ?? 0, mem: memoryMiB(r.memory ?? lim.memory) ?? 0, missing: r.cpu === undefined && r.memory === undefined && lim.cpu === undefined };
  };
  const app = (Array.isArray(spec.containers) ? spec.containers : []).map(one);
  const init = Array.isArray(spec.initContainers) ? spec.initContainers : [];
  // Sidecars (init containers that keep running) add to the pod; the others only need to fit one at a time.
  const sidecars = init.filter((c) => isRecord(c) && c.restartPolicy === 'Always').map(one);
  const plain = init.filter((c) => !(isRecord(c) && c.restartPolicy === 'Always')).map(one);
  const sum = [...app, ...sidecars].reduce((s, x) => ({ cpu: s.cpu + x.cpu, mem: s.mem + x.mem }), { cpu: 0, mem: 0 });
  return {
    cpu: Math.max(sum.cpu, ...plain.map((x) => x.cpu)),
    mem: Math.max(sum.mem, ...plain.map((x) => x.mem)),
    missing: app.length > 0 && app.every((x) => x.missing),
  };
}

function expressions(v: unknown): Requirement[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((e): Requirement[] => (isRecord(e) && typeof e.key === 'string' && isOperator(e.operator) ? [{ key: e.key, operator: e.operator, values: Array.isArray(e.values) ? e.values.map(String) : [] }] : []));
}

function podTerms(spec: Record<string, unknown>): Term[] {
  const selector: Requirement[] = Object.entries(stringRecord(spec.nodeSelector)).map(([key, v]) => ({ key, operator: 'In', values: [v] }));
  const terms = valueAt(spec, ['affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms']);
  const affinity = Array.isArray(terms) ? terms.map((t) => (isRecord(t) ? expressions(t.matchExpressions) : [])) : [];
  if (affinity.length === 0) return selector.length > 0 ? [selector] : [];
  return affinity.map((t) => [...selector, ...t]);
}

function tolerations(spec: Record<string, unknown>): Toleration[] {
  const v = spec.tolerations;
  if (!Array.isArray(v)) return [];
  return v.filter(isRecord).map((t) => ({
    key: typeof t.key === 'string' ? t.key : undefined,
    operator: t.operator === 'Exists' ? 'Exists' : 'Equal',
    value: typeof t.value === 'string' ? t.value : undefined,
    effect: typeof t.effect === 'string' && t.effect !== '' ? t.effect : undefined,
  }));
}

function labelSelector(v: unknown): LabelSelector | undefined {
  if (!isRecord(v)) return undefined;
  const exprs = Array.isArray(v.matchExpressions) ? v.matchExpressions : [];
  const ops = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);
  return {
    matchLabels: stringRecord(v.matchLabels),
    matchExpressions: exprs.flatMap((e) =>
      isRecord(e) && typeof e.key === 'string' && typeof e.operator === 'string' && ops.has(e.operator)
        ? [{ key: e.key, operator: e.operator as 'In' | 'NotIn' | 'Exists' | 'DoesNotExist', values: Array.isArray(e.values) ? e.values.map(String) : [] }]
        : [],
    ),
  };
}

/** Required (anti-)affinity terms the planner models; what it cannot is reported, not guessed. */
function interPodTerms(spec: Record<string, unknown>, kind: 'podAffinity' | 'podAntiAffinity', namespace: string, name: string, notes: string[]): PodAffinityTerm[] {
  const required = valueAt(spec, ['affinity', kind, 'requiredDuringSchedulingIgnoredDuringExecution']);
  const out: PodAffinityTerm[] = [];
  for (const t of Array.isArray(required) ? required : []) {
    if (!isRecord(t) || typeof t.topologyKey !== 'string') continue;
    const selector = labelSelector(t.labelSelector);
    if (!isSupportedTopology(t.topologyKey)) {
      notes.push(`${name}: required ${kind} on ${t.topologyKey} is not modelled (only kubernetes.io/hostname and the zone are)`);
      continue;
    }
    // No selector selects nothing; a namespaceSelector widens the term beyond what the planner can see.
    if (!selector) continue;
    if (isRecord(t.namespaceSelector)) notes.push(`${name}: ${kind} namespaceSelector is not modelled; the term is applied to the namespaces listed (or the pod's own)`);
    const namespaces = Array.isArray(t.namespaces) && t.namespaces.length > 0 ? t.namespaces.map(String) : [namespace];
    out.push({ topologyKey: t.topologyKey, selector, namespaces });
  }
  return out;
}

function hpaFor(inv: Inventory, w: WorkloadFact): K8sObject | undefined {
  return objectsOfKind(inv, 'HorizontalPodAutoscaler').find((h) => {
    const ref = valueAt(h.value, ['spec', 'scaleTargetRef']);
    return (h.namespace ?? 'default') === (w.object.namespace ?? 'default') && isRecord(ref) && ref.kind === w.object.kind && ref.name === w.object.name;
  });
}

function replicasOf(inv: Inventory, w: WorkloadFact, choice: ReplicaChoice): number {
  const kind = w.object.kind;
  if (kind === 'Job') return Number(valueAt(w.object.value, ['spec', 'parallelism']) ?? 1);
  if (kind === 'CronJob') return Number(valueAt(w.object.value, ['spec', 'jobTemplate', 'spec', 'parallelism']) ?? 1);
  if (kind === 'Pod') return 1;
  const current = typeof w.replicas.value === 'number' ? w.replicas.value : 1;
  const hpa = hpaFor(inv, w);
  if (!hpa) return current;
  const min = Number(valueAt(hpa.value, ['spec', 'minReplicas']) ?? 1);
  const max = Number(valueAt(hpa.value, ['spec', 'maxReplicas']) ?? current);
  return choice === 'min' ? min : choice === 'max' ? max : Math.min(max, Math.max(min, current));
}

function zoneSpread(spec: Record<string, unknown>): boolean {
  const c = spec.topologySpreadConstraints;
  return Array.isArray(c) && c.some((x) => isRecord(x) && x.topologyKey === LABEL.zone && (x.whenUnsatisfiable ?? 'DoNotSchedule') === 'DoNotSchedule');
}

export function workloadsFrom(inv: Inventory, zones: readonly string[], choice: ReplicaChoice = 'current'): WorkloadView {
  const pods: PodShape[] = [];
  const daemonSets: DaemonSetShape[] = [];
  const notes: string[] = [];
  for (const w of inv.workloads) {
    if (isOwned(w.object)) continue;
    const spec = w.podSpec;
    const name = `${w.object.kind} ${w.object.namespace ?? 'default'}/${w.object.name}`;
    const r = requests(spec);
    if (r.missing) notes.push(`${name}: no CPU or memory requests; planned as 0 (set requests, or the plan undercounts it)`);
    const base = { workload: name, cpuMillis: r.cpu, memoryMiB: r.mem, terms: podTerms(spec), tolerations: tolerations(spec) };
    if (w.object.kind === 'DaemonSet') {
      daemonSets.push(base);
      continue;
    }
    const namespace = w.object.namespace ?? 'default';
    const podAntiAffinity = interPodTerms(spec, 'podAntiAffinity', namespace, name, notes);
    const podAffinity = interPodTerms(spec, 'podAffinity', namespace, name, notes);
    const inter = { namespace, labels: w.podLabels, ...(podAntiAffinity.length ? { podAntiAffinity } : {}), ...(podAffinity.length ? { podAffinity } : {}) };
    const n = replicasOf(inv, w, choice);
    // Zone spread with DoNotSchedule: replicas take the zones in turn, which meets any maxSkew >= 1.
    const spread = zoneSpread(spec);
    for (let i = 0; i < n; i++) {
      let terms = base.terms;
      if (spread) {
        const candidates = base.terms.length > 0 ? zones.filter((z) => base.terms.some((t) => allowedValues(t, LABEL.zone, [z]).length > 0)) : [...zones];
        const z = candidates[i % Math.max(1, candidates.length)];
        if (z) {
          const pin: Requirement = { key: LABEL.zone, operator: 'In', values: [z] };
          terms = base.terms.length > 0 ? base.terms.map((t) => [...t, pin]) : [[pin]];
        }
      }
      pods.push({ ...base, ...inter, id: `${name}#${i}`, terms });
    }
  }
  return { pods, daemonSets, nodePools: nodePoolsFrom(inv), notes };
}

function quantityLimit(v: unknown, parse: (x: unknown) => number | undefined, scale: number): number | undefined {
  const q = parse(v);
  return q === undefined ? undefined : q * scale;
}

export function nodePoolsFrom(inv: Inventory): NodePoolShape[] {
  return objectsOfKind(inv, 'NodePool', 'karpenter.sh').map((o) => {
    const tmpl = ['spec', 'template'];
    const taints = valueAt(o.value, [...tmpl, 'spec', 'taints']);
    return {
      name: o.name,
      weight: Number(valueAt(o.value, ['spec', 'weight']) ?? 0),
      requirements: expressions(valueAt(o.value, [...tmpl, 'spec', 'requirements'])),
      taints: Array.isArray(taints)
        ? taints.filter(isRecord).map((t): Taint => ({ key: String(t.key), value: typeof t.value === 'string' ? t.value : undefined, effect: t.effect === 'NoExecute' ? 'NoExecute' : t.effect === 'PreferNoSchedule' ? 'PreferNoSchedule' : 'NoSchedule' }))
        : [],
      labels: stringRecord(valueAt(o.value, [...tmpl, 'metadata', 'labels'])),
      limitCpuMillis: quantityLimit(valueAt(o.value, ['spec', 'limits', 'cpu']), cpuMillis, 1),
      limitMemoryMiB: quantityLimit(valueAt(o.value, ['spec', 'limits', 'memory']), memoryMiB, 1),
    };
  });
}
