import { detectKind, isRecord } from '../../sources/detect.js';
import { stringRecord, valueAt } from '../../sources/fact.js';
import type { Inventory, WorkloadFact } from '../../sources/inventory.js';
import { objectsOfKind } from '../../sources/inventory.js';
import { child } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { cfnResources, tfAddress, tfBlocks } from '../internal/definitions.js';
import { describeWorkload, workloadTargets } from '../internal/targets.js';

const KARPENTER_CAPACITY = 'karpenter.sh/capacity-type';
const EKS_CAPACITY = 'eks.amazonaws.com/capacityType';
/** Labels Karpenter sets from the instance it picks: a pod may select them without the NodePool naming them. */
const WELL_KNOWN = /^(kubernetes\.io\/(arch|os|hostname)|topology\.kubernetes\.io\/(zone|region)|node\.kubernetes\.io\/instance-type|karpenter\.k8s\.aws\/.+|topology\.k8s\.aws\/.+)$/;

interface Expr {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

/** Stateful: a StatefulSet, or a pod that mounts a PersistentVolumeClaim. */
function isStateful(w: WorkloadFact): boolean {
  if (w.object.kind === 'StatefulSet') return true;
  const volumes = w.podSpec.volumes;
  return Array.isArray(volumes) && volumes.some((v) => isRecord(v) && isRecord(v.persistentVolumeClaim));
}

function exprs(list: unknown): Expr[] {
  return Array.isArray(list) ? list.flatMap((e) => (isRecord(e) && typeof e.key === 'string' ? [{ key: e.key, operator: String(e.operator), values: Array.isArray(e.values) ? e.values.map(String) : [] }] : [])) : [];
}

/** The pod's node constraints: nodeSelector as In expressions, and the ORed terms of required node affinity. */
function podTerms(w: WorkloadFact): Expr[][] {
  const selector = Object.entries(stringRecord(w.podSpec.nodeSelector)).map(([key, v]) => ({ key, operator: 'In', values: [v] }));
  const terms = valueAt(w.podSpec, ['affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms']);
  const required = Array.isArray(terms) ? terms.map((t) => exprs(valueAt(t, ['matchExpressions']))) : [];
  return required.length === 0 ? [selector] : required.map((t) => [...selector, ...t]);
}

function holds(e: Expr, value: string | undefined): boolean {
  switch (e.operator) {
    case 'In': return value !== undefined && e.values.includes(value);
    case 'NotIn': return value === undefined || !e.values.includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    default: return false;
  }
}

/** Whether a spot node could satisfy a term, on capacity-type labels only (undefined: the term does not mention them). */
function termAllowsSpot(term: Expr[]): boolean | undefined {
  const cap = term.filter((e) => e.key === KARPENTER_CAPACITY || e.key === EKS_CAPACITY);
  if (cap.length === 0) return undefined;
  return cap.every((e) => holds(e, e.key === KARPENTER_CAPACITY ? 'spot' : 'SPOT'));
}

/** Where spot nodes can come from: a Karpenter NodePool, or a node group of a cluster definition. */
interface Pool {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly requirements: Expr[];
  readonly taints: { key: string; value: string | undefined; effect: string }[];
  readonly spot: boolean;
  /** The capacity labels its spot nodes carry. */
  readonly capacity: Record<string, string>;
}

const EFFECTS: Record<string, string> = { NO_SCHEDULE: 'NoSchedule', NO_EXECUTE: 'NoExecute', PREFER_NO_SCHEDULE: 'PreferNoSchedule' };

function taintList(v: unknown, keys = { key: 'key', value: 'value', effect: 'effect' }): Pool['taints'] {
  return Array.isArray(v) ? v.flatMap((t) => (isRecord(t) && typeof t[keys.key] === 'string' ? [{ key: String(t[keys.key]), value: typeof t[keys.value] === 'string' ? String(t[keys.value]) : undefined, effect: EFFECTS[String(t[keys.effect])] ?? String(t[keys.effect]) }] : [])) : [];
}

function nodePools(inv: Inventory): Pool[] {
  return objectsOfKind(inv, 'NodePool', 'karpenter.sh').map((o) => {
    const spec = valueAt(o.value, ['spec', 'template', 'spec']);
    const requirements = exprs(valueAt(spec, ['requirements']));
    // Karpenter launches spot for a pool only when its capacity-type requirement allows it (the default is on-demand).
    const cap = requirements.filter((r) => r.key === KARPENTER_CAPACITY);
    return {
      name: `NodePool ${o.name}`,
      labels: stringRecord(valueAt(o.value, ['spec', 'template', 'metadata', 'labels'])),
      requirements,
      taints: taintList(valueAt(spec, ['taints'])),
      spot: cap.length > 0 && cap.every((r) => holds(r, 'spot')),
      capacity: { [KARPENTER_CAPACITY]: 'spot' },
    };
  });
}

/** Node groups of the cluster definitions (eksctl, CloudFormation, Terraform); managed spot nodes carry eks.amazonaws.com/capacityType=SPOT. */
function nodeGroups(inv: Inventory): Pool[] {
  const out: Pool[] = [];
  const add = (name: string, spot: boolean, managed: boolean, labels: unknown, taints: Pool['taints']): void => {
    out.push({ name, labels: stringRecord(labels), requirements: [], taints, spot, capacity: managed ? { [EKS_CAPACITY]: 'SPOT' } : {} });
  };
  for (const doc of inv.documents) {
    if (!isRecord(doc.value) || detectKind(doc.value) !== 'eksctl') continue;
    for (const [key, managed] of [['managedNodeGroups', true], ['nodeGroups', false]] as const) {
      const list = doc.value[key];
      if (!Array.isArray(list)) continue;
      for (const ng of list) {
        if (!isRecord(ng)) continue;
        // Self-managed groups run spot through instancesDistribution (on-demand above base capacity defaults to 100%).
        const onDemand = valueAt(ng, ['instancesDistribution', 'onDemandPercentageAboveBaseCapacity']);
        const spot = managed ? ng.spot === true : isRecord(ng.instancesDistribution) && typeof onDemand === 'number' && onDemand < 100;
        const taints = Array.isArray(ng.taints) ? taintList(ng.taints) : isRecord(ng.taints) ? Object.entries(ng.taints).map(([k, v]) => ({ key: k, value: String(v).split(':')[0], effect: String(v).split(':')[1] ?? 'NoSchedule' })) : [];
        add(`${key} ${String(ng.name)}`, spot, managed, ng.labels, taints);
      }
    }
  }
  for (const r of cfnResources(inv, 'AWS::EKS::Nodegroup')) add(`AWS::EKS::Nodegroup ${r.id}`, r.properties.CapacityType === 'SPOT', true, r.properties.Labels, taintList(r.properties.Taints, { key: 'Key', value: 'Value', effect: 'Effect' }));
  for (const b of tfBlocks(inv, 'resource', 'aws_eks_node_group')) add(tfAddress(b), b.value.capacity_type === 'SPOT', true, b.value.labels, taintList(b.value.taint));
  return out;
}

/** Karpenter is part of the cluster (a definition says so), so capacity may come from NodePools the inputs lack. */
function karpenterUsed(inv: Inventory): boolean {
  if (inv.features.some((f) => f.feature === 'karpenter' && f.enabled.value === true)) return true;
  if (inv.documents.some((d) => isRecord(d.value) && detectKind(d.value) === 'eksctl' && isRecord(d.value.karpenter))) return true;
  return tfBlocks(inv, 'module').some((m) => typeof m.value.source === 'string' && /karpenter/.test(m.value.source));
}

// Read once per inventory, not once per workload: 100,000-object inputs stay linear.
const capacityCache = new WeakMap<Inventory, { size: number; pools: Pool[]; all: Pool[]; karpenter: boolean }>();
function capacityOf(inv: Inventory): { pools: Pool[]; all: Pool[]; karpenter: boolean } {
  const cached = capacityCache.get(inv);
  if (cached && cached.size === inv.objects.length + inv.documents.length) return cached;
  const pools = nodePools(inv);
  const entry = { size: inv.objects.length + inv.documents.length, pools, all: [...pools, ...nodeGroups(inv)], karpenter: karpenterUsed(inv) };
  capacityCache.set(inv, entry);
  return entry;
}

/** Can the pool give a node whose label `e.key` satisfies `e`? */
function poolSatisfies(p: Pool, e: Expr): boolean {
  if (e.key === KARPENTER_CAPACITY || e.key === EKS_CAPACITY) return holds(e, p.capacity[e.key]);
  if (e.key in p.labels) return holds(e, p.labels[e.key]);
  const req = p.requirements.filter((r) => r.key === e.key);
  if (req.length > 0) {
    const offered = req.find((r) => r.operator === 'In');
    return offered ? offered.values.some((v) => holds(e, v)) : e.operator !== 'DoesNotExist';
  }
  if (WELL_KNOWN.test(e.key)) return true;
  // A label neither the pool nor Karpenter sets is absent from its nodes.
  return holds(e, undefined);
}

function tolerates(w: WorkloadFact, t: Pool['taints'][number]): boolean {
  if (t.effect === 'PreferNoSchedule') return true;
  const list = w.podSpec.tolerations;
  return Array.isArray(list) && list.some((x) => {
    if (!isRecord(x)) return false;
    if (x.effect !== undefined && x.effect !== t.effect) return false;
    if (x.key === undefined || x.key === '') return x.operator === 'Exists';
    if (x.key !== t.key) return false;
    return x.operator === 'Exists' || String(x.value ?? '') === (t.value ?? '');
  });
}

/** The spot NodePools these pods can be scheduled on. */
function spotPoolsFor(w: WorkloadFact, all: Pool[]): Pool[] {
  const terms = podTerms(w);
  return all.filter((p) => p.spot && p.taints.every((t) => tolerates(w, t)) && terms.some((term) => term.every((e) => poolSatisfies(p, e))));
}

export default defineRule({
  id: 'WL-SPOT-STATEFUL',
  title: 'Stateful workloads are kept off spot capacity',
  severity: 'high',
  area: 'workload-resilience',
  evidence: ['K8S', 'LIVE'],
  rationale: 'A spot node is reclaimed with two minutes\' notice. The guide runs only stateless services on spot: databases, StatefulSets and anything without a fast restart belong on on-demand capacity, where an EBS-backed replica is not repeatedly detached, re-attached and re-synced.',
  practice: 'With Karpenter a NodePool launches spot only when its karpenter.sh/capacity-type requirement allows it; node groups run spot with eksctl spot: true (or instancesDistribution), CapacityType: SPOT or capacity_type = "SPOT", and this rule reads those from the cluster definitions in the inputs; a pod keeps off spot with nodeSelector karpenter.sh/capacity-type: on-demand (managed node groups: eks.amazonaws.com/capacityType: ON_DEMAND), a required node affinity, or a taint on the spot pool it does not tolerate. A preferred affinity does not keep it off. When the NodePools are not in the inputs, the rule cannot tell where unconstrained pods land and says so.',
  remediation: {
    kubernetes: 'add nodeSelector: {karpenter.sh/capacity-type: on-demand} (or a required nodeAffinity excluding spot) to the pod template of stateful workloads, or taint the spot NodePool',
  },
  ...workloadTargets(['StatefulSet', 'Deployment', 'ReplicaSet', 'Pod']),
  check(w, ctx) {
    if (!isStateful(w)) return [];
    const spec = [...w.podSpecPath];
    const terms = podTerms(w);
    const allowsSpot = terms.map(termAllowsSpot);
    // Every way the pod can be placed names capacity and each one is spot: it asks for spot.
    if (allowsSpot.every((a) => a === true)) {
      const selects = stringRecord(w.podSpec.nodeSelector);
      const key = [KARPENTER_CAPACITY, EKS_CAPACITY].find((k) => k in selects);
      const at = key ? child(w.object.at, ...spec, 'nodeSelector', key) : child(w.object.at, ...spec, 'affinity', 'nodeAffinity');
      return [ctx.fail(`${describeWorkload(w)} is stateful and selects spot capacity`, at)];
    }
    if (allowsSpot.every((a) => a === false)) return [];
    const inv = ctx.inventory;
    const { pools, all, karpenter } = capacityOf(inv);
    const where = child(w.object.at, ...spec, 'nodeSelector');
    const spot = spotPoolsFor(w, all);
    if (spot.length > 0) return [ctx.fail(`${describeWorkload(w)} is stateful and can be placed on spot: ${spot.map((p) => p.name).join(', ')} allow${spot.length === 1 ? 's' : ''} spot and nothing in the pod spec keeps it off`, where)];
    // Karpenter in use without its NodePools in the inputs: its capacity is unknown.
    const karpenterUnseen = pools.length === 0 && karpenter;
    if (all.length === 0 || karpenterUnseen) return [ctx.notEvaluated(`${describeWorkload(w)} is stateful and nothing in its pod spec keeps it off spot; whether it can land on spot depends on NodePools or node groups not in the inputs`, where)];
    return [];
  },
});
