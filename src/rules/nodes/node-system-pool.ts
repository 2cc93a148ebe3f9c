import type { NodeGroupFact } from '../../sources/inventory.js';
import { isRecord } from '../../sources/detect.js';
import { defineRule } from '../define-rule.js';
import { clusterTargets } from '../internal/targets.js';

function hasCriticalAddonsTaint(n: NodeGroupFact): boolean {
  // eksctl and keelson write key/effect, CloudFormation Key/Effect.
  return (n.taints.value ?? []).some((t) => isRecord(t) && (t.key ?? t.Key) === 'CriticalAddonsOnly' && /^(NoSchedule|NO_SCHEDULE|NoExecute|NO_EXECUTE)$/.test(String(t.effect ?? t.Effect)));
}

export default defineRule({
  id: 'NODE-SYSTEM-POOL',
  title: 'A separate system node group tainted CriticalAddonsOnly',
  severity: 'medium',
  area: 'nodes',
  evidence: ['DEF', 'LIVE'],
  rationale: 'The guide runs CoreDNS, Karpenter and the other critical add-ons on their own small managed node group tainted CriticalAddonsOnly, so application pods can never starve them and Karpenter never removes the nodes it runs on.',
  remediation: {
    keelson: 'keep systemNodeGroup.taints with CriticalAddonsOnly=true:NO_SCHEDULE (the default)',
    eksctl: 'add a managed node group with taints: [{key: CriticalAddonsOnly, value: "true", effect: NoSchedule}]',
    cloudformation: 'add an AWS::EKS::Nodegroup with Taints: [{Key: CriticalAddonsOnly, Value: "true", Effect: NO_SCHEDULE}]',
    terraform: 'aws_eks_node_group: taint { key = "CriticalAddonsOnly", value = "true", effect = "NO_SCHEDULE" }; terraform-aws-modules/eks: a node group with taints = { critical = { key = "CriticalAddonsOnly", value = "true", effect = "NO_SCHEDULE" } }',
  },
  ...clusterTargets,
  check(c, ctx) {
    // Node groups defined in the same document as the cluster belong to it.
    const groups = ctx.inventory.nodeGroups.filter((n) => n.kind === 'nodeGroup' && n.at.origin === c.at.origin);
    if (groups.some(hasCriticalAddonsTaint)) return [];
    return [ctx.fail(`no node group of cluster "${c.name}" is tainted CriticalAddonsOnly${groups.length === 0 ? ' (it defines no node groups)' : ''}`, groups[0]?.at ?? c.at)];
  },
});
