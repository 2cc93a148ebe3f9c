import { child } from '../../sources/location.js';
import { isRecord } from '../../sources/detect.js';
import { valueAt } from '../../sources/fact.js';
import { defineRule } from '../define-rule.js';
import { nodePoolTargets } from './internal-nodepool.js';

/** Requirement keys that pin a NodePool to few instance types when constrained to a single value. */
const NARROWING = ['node.kubernetes.io/instance-type', 'karpenter.k8s.aws/instance-family'];

export default defineRule({
  id: 'KARP-SPOT-DIVERSITY',
  title: 'Spot NodePools allow many instance types',
  severity: 'medium',
  area: 'karpenter',
  evidence: ['K8S', 'LIVE'],
  checklist: 17,
  rationale: 'The guide diversifies spot across instance families and sizes: with one type, a single spot pool running dry interrupts or blocks every node of the pool at once.',
  remediation: { kubernetes: 'constrain by karpenter.k8s.aws/instance-category and instance-generation instead of one instance type or family' },
  ...nodePoolTargets,
  check(p, ctx) {
    const reqs = valueAt(p.value, ['spec', 'template', 'spec', 'requirements']);
    if (!Array.isArray(reqs)) return [];
    const spot = reqs.some((r) => isRecord(r) && r.key === 'karpenter.sh/capacity-type' && r.operator === 'In' && Array.isArray(r.values) && r.values.includes('spot'));
    if (!spot) return [];
    const i = reqs.findIndex((r) => isRecord(r) && NARROWING.includes(String(r.key)) && r.operator === 'In' && Array.isArray(r.values) && r.values.length === 1);
    if (i < 0) return [];
    const r = reqs[i] as Record<string, unknown>;
    return [ctx.fail(`spot NodePool ${p.name} allows a single ${String(r.key).split('/')[1]} (${String((r.values as unknown[])[0])})`, child(p.at, 'spec', 'template', 'spec', 'requirements', i, 'values'))];
  },
});
