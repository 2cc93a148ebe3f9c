/** Kubernetes manifests into inventory facts: objects, workloads with their pod templates, namespaces. */
import { child } from '../location.js';
import type { PathKey } from '../location.js';
import { isRecord } from '../detect.js';
import type { SourceObject } from '../detect.js';
import { factAt, stringRecord, valueAt } from '../fact.js';
import type { ContainerFact, Inventory, K8sObject, WorkloadFact } from '../inventory.js';

/** Where each workload kind keeps its pod spec, and whether it has a `replicas` field. */
const POD_SPEC_PATHS: Record<string, { spec: PathKey[]; replicas: boolean }> = {
  Deployment: { spec: ['spec', 'template', 'spec'], replicas: true },
  StatefulSet: { spec: ['spec', 'template', 'spec'], replicas: true },
  ReplicaSet: { spec: ['spec', 'template', 'spec'], replicas: true },
  DaemonSet: { spec: ['spec', 'template', 'spec'], replicas: false },
  Job: { spec: ['spec', 'template', 'spec'], replicas: false },
  CronJob: { spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'], replicas: false },
  Pod: { spec: ['spec'], replicas: false },
};

export function toK8sObject(obj: SourceObject): K8sObject {
  const v = obj.value;
  const meta = isRecord(v.metadata) ? v.metadata : {};
  return {
    apiVersion: String(v.apiVersion),
    kind: String(v.kind),
    name: typeof meta.name === 'string' ? meta.name : typeof meta.generateName === 'string' ? meta.generateName : '(unnamed)',
    namespace: typeof meta.namespace === 'string' ? meta.namespace : undefined,
    labels: stringRecord(meta.labels),
    annotations: stringRecord(meta.annotations),
    value: v,
    at: obj.at,
  };
}

export function addKubernetes(inv: Inventory, obj: SourceObject): void {
  const o = toK8sObject(obj);
  inv.objects.push(o);
  if (o.kind === 'Namespace') {
    inv.namespaces.push({ name: o.name, object: o, labels: o.labels, at: o.at });
  }
  const shape = POD_SPEC_PATHS[o.kind];
  if (!shape) return;
  const podSpec = valueAt(o.value, shape.spec);
  if (!isRecord(podSpec)) return;
  const templateMeta = valueAt(o.value, [...shape.spec.slice(0, -1), 'metadata']);
  const podLabels = o.kind === 'Pod' ? o.labels : stringRecord(isRecord(templateMeta) ? templateMeta.labels : undefined);
  const matchLabels = valueAt(o.value, ['spec', 'selector', 'matchLabels']);
  const containers: ContainerFact[] = [];
  for (const [field, init] of [['initContainers', true], ['containers', false]] as const) {
    const list = podSpec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((c, i) => {
      if (!isRecord(c)) return;
      containers.push({ name: String(c.name ?? `#${i}`), image: typeof c.image === 'string' ? c.image : undefined, init, value: c, at: child(o.at, ...shape.spec, field, i) });
    });
  }
  const workload: WorkloadFact = {
    object: o,
    podSpecPath: shape.spec,
    podSpec,
    podLabels,
    selector: isRecord(matchLabels) ? stringRecord(matchLabels) : undefined,
    // The API server defaults replicas to 1 when omitted.
    replicas: shape.replicas ? factAt<number>(o.value, o.at, ['spec', 'replicas'], 1) : { value: undefined, at: o.at },
    containers,
  };
  inv.workloads.push(workload);
}

/** Label selector match (matchLabels; matchExpressions In/NotIn/Exists/DoesNotExist). */
export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  if (!isRecord(selector)) return false;
  const ml = stringRecord(selector.matchLabels);
  for (const [k, v] of Object.entries(ml)) if (labels[k] !== v) return false;
  const exprs = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const e of exprs) {
    if (!isRecord(e)) return false;
    const key = String(e.key);
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const has = key in labels;
    switch (e.operator) {
      case 'In': if (!has || !values.includes(labels[key] as string)) return false; break;
      case 'NotIn': if (has && values.includes(labels[key] as string)) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return Object.keys(ml).length > 0 || exprs.length > 0;
}
