import { child } from '../../sources/location.js';
import { valueAt } from '../../sources/fact.js';
import { defineRule } from '../define-rule.js';
import { isV1, nodePoolTargets } from './internal-nodepool.js';

export default defineRule({
  id: 'KARP-EXPIRE',
  title: 'NodePools expire nodes (expireAfter)',
  severity: 'low',
  area: 'karpenter',
  evidence: ['K8S', 'LIVE'],
  rationale: 'The guide sets expireAfter (720h) so every node is recycled at least monthly, picking up patched AMIs even when drift does not fire.',
  practice: 'Karpenter defaults expireAfter to 720h when it is omitted; only "Never" turns recycling off.',
  remediation: { kubernetes: 'set spec.template.spec.expireAfter: 720h (v1; spec.disruption.expireAfter in v1beta1)' },
  ...nodePoolTargets,
  check(p, ctx) {
    const path = isV1(p) ? ['spec', 'template', 'spec', 'expireAfter'] : ['spec', 'disruption', 'expireAfter'];
    const v = valueAt(p.value, path);
    return v === 'Never' ? [ctx.fail(`NodePool ${p.name} never expires its nodes`, child(p.at, ...path))] : [];
  },
});
