import { defineRule } from '../define-rule.js';
import { nodeTargets } from '../internal/targets.js';

export default defineRule({
  id: 'NET-PRIVATE-NODES',
  title: 'Worker nodes run only in private subnets',
  severity: 'critical',
  area: 'network',
  evidence: ['DEF', 'LIVE'],
  rationale: 'The guide places every node in private subnets behind NAT: a node with a public IP is reachable from the internet on every port its security group lets through.',
  remediation: {
    keelson: 'keelson always places nodes in private subnets',
    eksctl: 'set privateNetworking: true on every node group',
    cloudformation: 'give the node group only private subnets (no route to an internet gateway)',
    terraform: 'pass only private subnet IDs (module.vpc.private_subnets) to the node groups',
  },
  ...nodeTargets(['nodeGroup']),
  check(n, ctx) {
    const p = n.privateNetworking;
    if (p.unresolved) return [ctx.notEvaluated(`subnets: ${p.unresolved}`, p.at)];
    if (p.value === undefined) return [ctx.notEvaluated(`whether the subnets of "${n.name}" are private is not in the inputs`, p.at)];
    if (p.value !== true) return [ctx.fail(`node group "${n.name}" runs in public subnets${p.defaulted ? ' (privateNetworking defaults to false)' : ''}`, p.at)];
    return [];
  },
});
