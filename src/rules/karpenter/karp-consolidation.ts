import { child } from '../../sources/location.js';
import { valueAt } from '../../sources/fact.js';
import { defineRule } from '../define-rule.js';
import type { Verdict } from '../types.js';
import { isV1, nodePoolTargets } from './internal-nodepool.js';

export default defineRule({
  id: 'KARP-CONSOLIDATION',
  title: 'Consolidation: WhenEmptyOrUnderutilized with consolidateAfter above zero',
  severity: 'low',
  area: 'karpenter',
  evidence: ['K8S', 'LIVE'],
  rationale: 'The guide consolidates under-used nodes (WhenEmptyOrUnderutilized) but waits (consolidateAfter, e.g. 1m) so short bursts do not churn nodes.',
  practice: 'Karpenter v1 defaults consolidateAfter to 0s, i.e. immediate consolidation; the guide adds a delay.',
  remediation: { kubernetes: 'set spec.disruption: {consolidationPolicy: WhenEmptyOrUnderutilized, consolidateAfter: 1m}' },
  ...nodePoolTargets,
  check(p, ctx) {
    const out: Verdict[] = [];
    const at = child(p.at, 'spec', 'disruption');
    const policy = valueAt(p.value, ['spec', 'disruption', 'consolidationPolicy']);
    const good = isV1(p) ? 'WhenEmptyOrUnderutilized' : 'WhenUnderutilized';
    if (policy !== undefined && policy !== good) out.push(ctx.fail(`NodePool ${p.name} consolidates only ${String(policy)}`, child(at, 'consolidationPolicy'), { sub: 'policy' }));
    const after = valueAt(p.value, ['spec', 'disruption', 'consolidateAfter']);
    if (isV1(p) && (after === undefined || /^0[smh]?$/.test(String(after)))) out.push(ctx.fail(`NodePool ${p.name} consolidates immediately (consolidateAfter ${after === undefined ? 'unset, default 0s' : String(after)})`, child(at, 'consolidateAfter'), { sub: 'consolidate-after' }));
    return out;
  },
});
