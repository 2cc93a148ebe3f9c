import { child } from '../../sources/location.js';
import { valueAt } from '../../sources/fact.js';
import { defineRule } from '../define-rule.js';
import { nodePoolTargets } from './internal-nodepool.js';

export default defineRule({
  id: 'KARP-LIMITS',
  title: 'Every NodePool has cpu and memory limits',
  severity: 'medium',
  area: 'karpenter',
  evidence: ['K8S', 'LIVE'],
  rationale: 'The guide caps each NodePool with cpu and memory limits: without them a runaway Deployment or a scheduling bug scales the bill without bound.',
  remediation: { kubernetes: 'set spec.limits: {cpu: "1000", memory: 1000Gi} sized to the pool' },
  ...nodePoolTargets,
  check(p, ctx) {
    return (['cpu', 'memory'] as const)
      .filter((r) => valueAt(p.value, ['spec', 'limits', r]) === undefined)
      .map((r) => ctx.fail(`NodePool ${p.name} has no ${r} limit`, child(p.at, 'spec', 'limits', r), { sub: r }));
  },
});
