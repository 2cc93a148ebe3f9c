import { child } from '../../sources/location.js';
import { valueAt } from '../../sources/fact.js';
import { objectsOfKind } from '../../sources/inventory.js';
import { defineRule } from '../define-rule.js';
import { nodePoolTargets } from './internal-nodepool.js';

export default defineRule({
  id: 'KARP-PRESENT',
  title: 'Karpenter NodePools reference an EC2NodeClass that exists',
  severity: 'medium',
  area: 'karpenter',
  evidence: ['K8S', 'LIVE'],
  checklist: 7,
  rationale: 'The guide runs Karpenter with at least one NodePool and its EC2NodeClass; a NodePool whose nodeClassRef names a missing class never launches a node.',
  remediation: { kubernetes: 'add the EC2NodeClass named in spec.template.spec.nodeClassRef, or fix the name' },
  ...nodePoolTargets,
  check(p, ctx) {
    const path = ['spec', 'template', 'spec', 'nodeClassRef', 'name'];
    const ref = valueAt(p.value, path);
    if (typeof ref !== 'string') return [ctx.fail(`NodePool ${p.name} has no nodeClassRef`, child(p.at, ...path))];
    const classes = objectsOfKind(ctx.inventory, 'EC2NodeClass', 'karpenter.k8s.aws');
    return classes.some((c) => c.name === ref) ? [] : [ctx.fail(`NodePool ${p.name} references EC2NodeClass "${ref}", which is not in the inputs`, child(p.at, ...path))];
  },
});
