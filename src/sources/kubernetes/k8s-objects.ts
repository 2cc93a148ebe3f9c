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

/** Labels or annotations an object does not write: one shared empty map (frozen: nobody writes to it) for all of them. */
const NONE: Record<string, string> = Object.freeze({}) as Record<string, string>;

export function toK8sObject(obj: SourceObject): K8sObject {
  const v = obj.value;
  const meta = isRecord(v.metadata) ? v.metadata : {};
  return {
    apiVersion: String(v.apiVersion),
    kind: String(v.kind),
    name: typeof meta.name === 'string' ? meta.name : typeof meta.generateName === 'string' ? meta.generateName : '(unnamed)',
    namespace: typeof meta.namespace === 'string' ? meta.namespace : undefined,
    labels: isRecord(meta.labels) ? stringRecord(meta.labels) : NONE,
    annotations: isRecord(meta.annotations) ? stringRecord(meta.annotations) : NONE,
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
  if (o.kind === 'EC2NodeClass' && o.apiVersion.startsWith('karpenter.k8s.aws/')) addEc2NodeClass(inv, o);
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

/**
 * Label selector match (matchLabels; matchExpressions In/NotIn/Exists/DoesNotExist). An empty selector matches
 * nothing unless `emptyMatchesAll` (a policy/v1 PodDisruptionBudget with `selector: {}` covers every pod).
 */
export function selectorMatches(selector: unknown, labels: Record<string, string>, emptyMatchesAll = false): boolean {
  if (!isRecord(selector)) return false;
  const ml = stringRecord(selector.matchLabels);
  let matchLabels = 0;
  for (const k in ml) {
    matchLabels++;
    if (labels[k] !== ml[k]) return false;
  }
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
  return emptyMatchesAll || matchLabels > 0 || exprs.length > 0;
}

/**
 * The mapping Karpenter treats as the root volume (the one pods' ephemeral storage and images use): the one marked
 * rootVolume, else the AMI family's device (Bottlerocket's data volume /dev/xvdb, /dev/xvda otherwise), else the first.
 */
function rootMapping(bdm: unknown[], family: string | undefined): number {
  const marked = bdm.findIndex((b) => isRecord(b) && b.rootVolume === true);
  if (marked >= 0) return marked;
  const device = family === 'Bottlerocket' ? '/dev/xvdb' : '/dev/xvda';
  return Math.max(0, bdm.findIndex((b) => isRecord(b) && b.deviceName === device));
}

/**
 * A Karpenter EC2NodeClass as a node template fact. Karpenter's defaults apply when a field is omitted: IMDSv2
 * required; hop limit 1 in v1 (2 in v1beta1); an encrypted gp3 root volume when no blockDeviceMappings are given.
 */
export function addEc2NodeClass(inv: Inventory, o: K8sObject): void {
  const v1 = o.apiVersion === 'karpenter.k8s.aws/v1';
  const spec = ['spec'];
  const terms = valueAt(o.value, ['spec', 'amiSelectorTerms']);
  const aliasIndex = Array.isArray(terms) ? terms.findIndex((t) => isRecord(t) && typeof t.alias === 'string') : -1;
  const alias = aliasIndex >= 0 ? String((terms as Record<string, unknown>[])[aliasIndex]?.alias) : undefined;
  const familyRaw = alias ? alias.split('@')[0] : valueAt(o.value, ['spec', 'amiFamily']);
  const family = typeof familyRaw === 'string' ? ({ al2023: 'AmazonLinux2023', AL2023: 'AmazonLinux2023', bottlerocket: 'Bottlerocket', Bottlerocket: 'Bottlerocket', al2: 'AmazonLinux2', AL2: 'AmazonLinux2', windows2022: 'Windows', Windows2022: 'Windows' } as Record<string, string>)[familyRaw] ?? familyRaw : undefined;
  const familyAt = aliasIndex >= 0 ? child(o.at, 'spec', 'amiSelectorTerms', aliasIndex, 'alias') : child(o.at, 'spec', 'amiFamily');
  const bdm = valueAt(o.value, ['spec', 'blockDeviceMappings']);
  const rootIndex = Array.isArray(bdm) ? rootMapping(bdm, family) : -1;
  const ebs = [...spec, 'blockDeviceMappings', rootIndex, 'ebs'];
  inv.nodeGroups.push({
    kind: 'ec2NodeClass',
    source: 'kubernetes',
    name: o.name,
    at: o.at,
    managed: true,
    amiFamily: { value: family, at: familyAt },
    amiId: { value: undefined, at: child(o.at, 'spec', 'amiSelectorTerms') },
    httpTokens: factAt(o.value, o.at, [...spec, 'metadataOptions', 'httpTokens'], 'required'),
    hopLimit: factAt(o.value, o.at, [...spec, 'metadataOptions', 'httpPutResponseHopLimit'], v1 ? 1 : 2),
    podImdsBlocked: false,
    volumeEncrypted: rootIndex >= 0 ? factAt(o.value, o.at, [...ebs, 'encrypted'], false) : { value: true, at: child(o.at, 'spec'), defaulted: true },
    volumeType: rootIndex >= 0 ? factAt(o.value, o.at, [...ebs, 'volumeType'], 'gp2') : { value: 'gp3', at: child(o.at, 'spec'), defaulted: true },
    privateNetworking: { value: undefined, at: child(o.at, 'spec', 'subnetSelectorTerms') },
    taints: { value: [], at: o.at },
  });
}
