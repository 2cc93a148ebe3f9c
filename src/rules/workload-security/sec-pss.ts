import type { Inventory, NamespaceFact } from '../../sources/inventory.js';
import { child } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { isApplicationNamespace } from '../internal/targets.js';
import type { RemediationFormat, Verdict } from '../types.js';

const MODES = ['enforce', 'audit', 'warn'] as const;

export default defineRule({
  id: 'SEC-PSS',
  title: 'Application namespaces enforce Pod Security "restricted"',
  severity: 'high',
  area: 'workload-security',
  evidence: ['K8S', 'LIVE'],
  checklist: 8,
  rationale: 'The guide labels every application namespace pod-security.kubernetes.io/enforce=restricted, with audit and warn, so the API server itself rejects privileged pods.',
  remediation: { kubernetes: 'label the Namespace pod-security.kubernetes.io/enforce: restricted, .../audit: restricted and .../warn: restricted' },
  targets: (inv: Inventory): readonly NamespaceFact[] => inv.namespaces.filter((n) => isApplicationNamespace(n.name)),
  locate: (n: NamespaceFact) => n.at,
  format: (): RemediationFormat => 'kubernetes',
  check(n, ctx) {
    if (!n.object) return [ctx.notEvaluated(`namespace "${n.name}" is used here but not declared in the inputs; its labels are unknown`, n.at)];
    const out: Verdict[] = [];
    for (const mode of MODES) {
      const key = `pod-security.kubernetes.io/${mode}`;
      const v = n.labels[key];
      if (v !== 'restricted') out.push(ctx.fail(`namespace "${n.name}" ${v === undefined ? `has no ${key} label` : `sets ${key}=${v}`}`, child(n.at, 'metadata', 'labels', key), { sub: mode }));
    }
    return out;
  },
});
