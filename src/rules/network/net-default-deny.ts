import type { Inventory, K8sObject } from '../../sources/inventory.js';
import { objectsOfKind } from '../../sources/inventory.js';
import { isRecord } from '../../sources/detect.js';
import { valueAt } from '../../sources/fact.js';
import type { At } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { isApplicationNamespace } from '../internal/targets.js';
import type { RemediationFormat, Verdict } from '../types.js';

/** An application namespace, or the namespace-less group of objects that `kubectl apply -n` will place. */
interface NamespaceTarget {
  readonly name: string | undefined;
  readonly at: At;
}

function denies(policy: K8sObject, direction: 'Ingress' | 'Egress'): boolean {
  const sel = valueAt(policy.value, ['spec', 'podSelector']);
  // podSelector {} (or empty matchLabels/matchExpressions) selects every pod of the namespace.
  const selectsAll = isRecord(sel) && Object.values(sel).every((v) => v === null || (Array.isArray(v) ? v.length === 0 : isRecord(v) && Object.keys(v).length === 0));
  if (!selectsAll) return false;
  const types = valueAt(policy.value, ['spec', 'policyTypes']);
  const field = direction === 'Ingress' ? 'ingress' : 'egress';
  const rules = valueAt(policy.value, ['spec', field]);
  // policyTypes defaults to Ingress only (plus Egress when egress rules exist).
  const listed = Array.isArray(types) ? types.includes(direction) : direction === 'Ingress';
  return listed && (rules === undefined || (Array.isArray(rules) && rules.length === 0));
}

export default defineRule({
  id: 'NET-DEFAULT-DENY',
  title: 'Every application namespace has a default-deny ingress and egress NetworkPolicy',
  severity: 'high',
  area: 'network',
  evidence: ['K8S', 'LIVE'],
  checklist: 11,
  rationale: 'The guide starts every application namespace from default deny (ingress and egress) and opens only the flows a service needs, so one compromised pod cannot reach everything.',
  practice: 'A default-deny egress policy also blocks DNS: add an allow rule to kube-dns on port 53 next to it.',
  remediation: { kubernetes: 'add a NetworkPolicy with podSelector: {} and policyTypes: [Ingress, Egress] (no rules) to the namespace' },
  targets(inv: Inventory): readonly NamespaceTarget[] {
    const out: NamespaceTarget[] = inv.namespaces.filter((n) => isApplicationNamespace(n.name)).map((n) => ({ name: n.name, at: n.at }));
    const loose = inv.workloads.find((w) => w.object.namespace === undefined);
    if (loose) out.push({ name: undefined, at: loose.object.at });
    return out;
  },
  locate: (t: NamespaceTarget) => t.at,
  format: (): RemediationFormat => 'kubernetes',
  check(t, ctx) {
    const policies = objectsOfKind(ctx.inventory, 'NetworkPolicy', 'networking.k8s.io').filter((p) => p.namespace === t.name);
    const label = t.name === undefined ? 'the objects without a namespace: their namespace' : `namespace "${t.name}"`;
    const out: Verdict[] = [];
    for (const dir of ['Ingress', 'Egress'] as const) {
      if (!policies.some((p) => denies(p, dir))) out.push(ctx.fail(`${label} has no default-deny ${dir.toLowerCase()} NetworkPolicy in the inputs`, t.at, { sub: dir.toLowerCase() }));
    }
    return out;
  },
});
