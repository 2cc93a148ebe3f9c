import { child } from '../../sources/location.js';
import { valueAt } from '../../sources/fact.js';
import { defineRule } from '../define-rule.js';
import { nodePoolTargets } from './internal-nodepool.js';

export default defineRule({
  id: 'KARP-BUDGETS',
  title: 'Every NodePool has disruption budgets',
  severity: 'medium',
  area: 'karpenter',
  evidence: ['K8S', 'LIVE'],
  checklist: 7,
  rationale: 'The guide sets disruption budgets on every NodePool (e.g. nodes: "10%", and zero during business hours) so consolidation and drift never replace too many nodes at once.',
  practice: 'Karpenter applies a default budget of nodes: 10% when none is set; the guide asks for budgets written out, with a schedule that protects business hours.',
  remediation: { kubernetes: 'set spec.disruption.budgets, e.g. [{nodes: "10%"}, {nodes: "0", schedule: "0 9 * * mon-fri", duration: 8h}]' },
  ...nodePoolTargets,
  check(p, ctx) {
    const b = valueAt(p.value, ['spec', 'disruption', 'budgets']);
    return Array.isArray(b) && b.length > 0 ? [] : [ctx.fail(`NodePool ${p.name} sets no disruption budgets (Karpenter's implicit default is nodes: 10%)`, child(p.at, 'spec', 'disruption', 'budgets'))];
  },
});
