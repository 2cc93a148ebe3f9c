import { isRecord } from '../../sources/detect.js';
import { valueAt } from '../../sources/fact.js';
import type { Fact } from '../../sources/fact.js';
import type { Inventory, K8sObject, WorkloadFact } from '../../sources/inventory.js';
import { objectsOfKindIn } from '../../sources/inventory.js';
import { selectorMatches } from '../../sources/kubernetes/k8s-objects.js';
import { child } from '../../sources/location.js';
import type { At } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { configFlag, definedAddons } from '../internal/addon-specs.js';
import { awsNode, envVar } from '../internal/cni.js';
import { configMapData } from '../internal/components.js';
import { describeWorkload, sameNamespace, workloadTargets } from '../internal/targets.js';
import type { Verdict } from '../types.js';

/** RDS and Aurora endpoints, ElastiCache endpoints (Redis/Valkey/Memcached). */
const ENDPOINT = /[a-z0-9-]+\.(?:[a-z0-9-]+\.)*(?:[a-z]{2}(?:-gov)?-[a-z]+-\d\.)?(rds|cache)\.amazonaws\.com(\.cn)?/i;

interface Reach {
  readonly service: 'RDS' | 'ElastiCache';
  readonly endpoint: string;
  readonly at: At;
}

function reachOf(text: string, at: At): Reach | undefined {
  const m = ENDPOINT.exec(text);
  return m ? { service: m[1]?.toLowerCase() === 'rds' ? 'RDS' : 'ElastiCache', endpoint: m[0], at } : undefined;
}

/** Where a workload names an RDS or ElastiCache endpoint: a container env value, or a ConfigMap value it reads through env. */
function reachesDatabase(inv: Inventory, w: WorkloadFact): Reach | undefined {
  for (const c of w.containers) {
    const env = c.value.env;
    if (Array.isArray(env)) {
      for (const [i, e] of env.entries()) {
        if (!isRecord(e)) continue;
        if (typeof e.value === 'string') {
          const r = reachOf(e.value, child(c.at, 'env', i, 'value'));
          if (r) return r;
        }
        const ref = valueAt(e, ['valueFrom', 'configMapKeyRef']);
        if (isRecord(ref) && typeof ref.name === 'string' && typeof ref.key === 'string') {
          const cm = configMap(inv, w, ref.name);
          const v = cm ? configMapData(cm)[ref.key] : undefined;
          if (cm && v !== undefined) {
            const r = reachOf(v, child(cm.at, 'data', ref.key));
            if (r) return r;
          }
        }
      }
    }
    const envFrom = c.value.envFrom;
    if (Array.isArray(envFrom)) {
      for (const e of envFrom) {
        const name = valueAt(e, ['configMapRef', 'name']);
        const cm = typeof name === 'string' ? configMap(inv, w, name) : undefined;
        if (!cm) continue;
        for (const [k, v] of Object.entries(configMapData(cm))) {
          const r = reachOf(v, child(cm.at, 'data', k));
          if (r) return r;
        }
      }
    }
  }
  return undefined;
}

function configMap(inv: Inventory, w: WorkloadFact, name: string): K8sObject | undefined {
  return objectsOfKindIn(inv, 'ConfigMap', '', w.object.namespace).find((c) => c.name === name && sameNamespace(c, w.object));
}

/** The SecurityGroupPolicy that puts this workload's pods in their own security groups, if any. */
function policyFor(inv: Inventory, w: WorkloadFact): K8sObject | undefined {
  const saName = typeof w.podSpec.serviceAccountName === 'string' ? w.podSpec.serviceAccountName : 'default';
  const sa = objectsOfKindIn(inv, 'ServiceAccount', '', w.object.namespace).find((o) => o.name === saName);
  return objectsOfKindIn(inv, 'SecurityGroupPolicy', 'vpcresources.k8s.aws', w.object.namespace).find((p) => {
    if (!sameNamespace(p, w.object)) return false;
    const pods = valueAt(p.value, ['spec', 'podSelector']);
    const accounts = valueAt(p.value, ['spec', 'serviceAccountSelector']);
    return (pods !== undefined && selectorMatches(pods, w.podLabels, true)) || (accounts !== undefined && sa !== undefined && selectorMatches(accounts, sa.labels, true));
  });
}

/** ENABLE_POD_ENI as the definition (vpc-cni add-on configuration) or a rendered aws-node sets it. */
function podEni(inv: Inventory): Fact<boolean> | undefined {
  const cni = definedAddons(inv).find((a) => a.name === 'vpc-cni');
  if (cni) return configFlag(cni, ['env', 'ENABLE_POD_ENI']);
  const node = awsNode(inv);
  const v = node ? envVar(node, 'ENABLE_POD_ENI') : undefined;
  if (node) return { value: v?.value === 'true' || v?.value === true, at: v?.at ?? node.object.at };
  return undefined;
}

export default defineRule({
  id: 'NET-SG-FOR-PODS',
  title: 'Workloads that reach RDS or ElastiCache use security groups for pods',
  severity: 'info',
  area: 'network',
  evidence: ['K8S', 'LIVE'],
  rationale: 'Without security groups for pods, a database security group can only admit the node security group, so every pod on every node can reach RDS or ElastiCache. The guide attaches a security group to the pods that need the database (a SecurityGroupPolicy, with ENABLE_POD_ENI=true on the VPC CNI) and admits only that group.',
  practice: 'Advice, not a requirement: security groups for pods need Nitro instances, count against the branch-ENI limit of each instance type, and change how such pods are scheduled. The endpoint is found in container env values and in the ConfigMap values they read; connection strings kept in Secrets are not read.',
  remediation: {
    kubernetes: 'add a SecurityGroupPolicy (vpcresources.k8s.aws/v1beta1) whose podSelector or serviceAccountSelector matches the workload, with the security group the database admits, and set ENABLE_POD_ENI=true on the VPC CNI',
  },
  ...workloadTargets(),
  targets: (inv: Inventory): readonly WorkloadFact[] => workloadTargets().targets(inv).filter((w) => reachesDatabase(inv, w) !== undefined),
  check(w, ctx) {
    const inv = ctx.inventory;
    const reach = reachesDatabase(inv, w) as Reach;
    const policy = policyFor(inv, w);
    if (!policy) return [ctx.fail(`${describeWorkload(w)} reaches ${reach.service} (${reach.endpoint}) but no SecurityGroupPolicy selects its pods: the database must admit every node instead`, reach.at)];
    const eni = podEni(inv);
    const out: Verdict[] = [];
    if (eni?.value === false || (eni !== undefined && eni.value === undefined && !eni.unresolved)) {
      out.push(ctx.fail(`SecurityGroupPolicy ${policy.name} selects ${describeWorkload(w)}, but the VPC CNI does not set ENABLE_POD_ENI=true, so the policy has no effect`, eni.at, { sub: 'pod-eni', fix: 'set ENABLE_POD_ENI: "true" in the vpc-cni add-on configuration (env) or on aws-node' }));
    }
    return out;
  },
});
