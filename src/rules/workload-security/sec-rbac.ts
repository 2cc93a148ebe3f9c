import type { Inventory, K8sObject } from '../../sources/inventory.js';
import { objectsOfGroup } from '../../sources/inventory.js';
import { isRecord } from '../../sources/detect.js';
import { valueAt } from '../../sources/fact.js';
import { child } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import type { RemediationFormat, Verdict } from '../types.js';

/** Bindings marked as break-glass are the one accepted use of cluster-admin. */
export const BREAK_GLASS_ANNOTATION = 'keelson.io/break-glass';

const EXEC = new Set(['pods/exec', 'pods/attach', 'pods/portforward', 'pods/*']);

export default defineRule({
  id: 'SEC-RBAC',
  title: 'No cluster-admin beyond break-glass, no wildcards, exec restricted',
  severity: 'high',
  area: 'workload-security',
  evidence: ['K8S', 'LIVE'],
  rationale: 'The guide grants least privilege: cluster-admin only to a break-glass role, no "*" verbs or resources, and pods/exec and port-forward only to the few who need them.',
  remediation: { kubernetes: `bind a narrower role; for the break-glass binding, annotate it ${BREAK_GLASS_ANNOTATION}: "<reason>"` },
  targets: (inv: Inventory): readonly K8sObject[] =>
    objectsOfGroup(inv, 'rbac.authorization.k8s.io').filter((o) => ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'].includes(o.kind) && !o.name.startsWith('system:')),
  locate: (o: K8sObject) => o.at,
  format: (): RemediationFormat => 'kubernetes',
  check(o, ctx) {
    const out: Verdict[] = [];
    if (o.kind.endsWith('Binding')) {
      if (valueAt(o.value, ['roleRef', 'name']) === 'cluster-admin' && !(BREAK_GLASS_ANNOTATION in o.annotations)) {
        out.push(ctx.fail(`${o.kind} ${o.name} grants cluster-admin`, child(o.at, 'roleRef', 'name'), { sub: 'cluster-admin' }));
      }
      return out;
    }
    const rules = valueAt(o.value, ['rules']);
    if (!Array.isArray(rules)) return out;
    rules.forEach((r, i) => {
      if (!isRecord(r)) return;
      const verbs = Array.isArray(r.verbs) ? r.verbs.map(String) : [];
      const resources = Array.isArray(r.resources) ? r.resources.map(String) : [];
      const at = child(o.at, 'rules', i);
      if (verbs.includes('*')) out.push(ctx.fail(`${o.kind} ${o.name} allows every verb ("*")`, child(at, 'verbs'), { sub: 'wildcard-verbs' }));
      if (resources.includes('*')) out.push(ctx.fail(`${o.kind} ${o.name} covers every resource ("*")`, child(at, 'resources'), { sub: 'wildcard-resources' }));
      const exec = resources.filter((x) => EXEC.has(x));
      if (exec.length > 0 && (verbs.includes('create') || verbs.includes('*') || verbs.includes('get'))) out.push(ctx.fail(`${o.kind} ${o.name} allows ${exec.join(', ')}`, child(at, 'resources'), { sub: 'exec' }));
    });
    return out;
  },
});
