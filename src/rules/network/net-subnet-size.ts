import { defineRule } from '../define-rule.js';
import { distinct, networkTargets, nodeSubnets } from '../internal/network.js';

export default defineRule({
  id: 'NET-SUBNET-SIZE',
  title: 'Node subnets are /22 or larger',
  severity: 'medium',
  area: 'network',
  evidence: ['DEF', 'LIVE'],
  rationale: 'With the VPC CNI every pod takes an IP of the node subnet, so a small subnet runs out of addresses long before nodes run out of CPU; the guide sizes node subnets at /22 (about 1,000 IPs) or larger.',
  remediation: {
    keelson: 'set network.privateSubnetPrefix to 22 or less (default 20)',
    eksctl: 'give vpc.subnets.private.<zone>.cidr a /22 or larger, or a vpc.cidr of /19 or larger so eksctl cuts /22 subnets',
    cloudformation: 'set CidrBlock of each node subnet to a /22 or larger (CDK: cidrMask 22 or less)',
    terraform: 'terraform-aws-modules/vpc: /22 or larger private_subnets (e.g. cidrsubnet(local.vpc_cidr, 4, k) of a /16 gives /20s); raw resources: a /22 or larger cidr_block on each node aws_subnet',
  },
  ...networkTargets,
  check(n, ctx) {
    const subnets = nodeSubnets(n);
    // No subnet to judge is not a pass: the nodes may sit in subnets the inputs do not show.
    if (subnets.length === 0) {
      const known = n.subnets.length === 0 ? 'the inputs define no subnets in it' : `none of its ${n.subnets.length} subnet${n.subnets.length === 1 ? '' : 's'} is named by the cluster or a node group, or known to be private`;
      return [ctx.notEvaluated(`no node subnets are known for VPC ${n.name}: ${known}`, n.at)];
    }
    return distinct(
      subnets.flatMap((s) => {
        const p = s.prefixLength;
        if (p.value === undefined) return [ctx.notEvaluated(`size of subnet ${s.id}: ${p.unresolved ?? 'unknown'}`, p.at)];
        if (p.value > 22) return [ctx.fail(`node subnet ${s.id} is a /${p.value} (${2 ** (32 - p.value) - 5} usable IPs); node subnets need /22 or larger`, p.at)];
        return [];
      }),
    );
  },
});
