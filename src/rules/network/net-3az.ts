import { defineRule } from '../define-rule.js';
import { networkTargets, nodeSubnets, zoneName } from '../internal/network.js';

export default defineRule({
  id: 'NET-3AZ',
  title: 'Nodes and their subnets span at least 3 availability zones',
  severity: 'high',
  area: 'network',
  evidence: ['DEF', 'LIVE'],
  rationale: 'The guide deploys nodes across at least 3 AZs: with two, losing one zone halves capacity and leaves no quorum-friendly spread for zone-spread workloads; with one, a zone outage stops the cluster.',
  remediation: {
    keelson: 'list 3 zones in network.availabilityZones, or remove it to get the region\'s a, b and c zones',
    eksctl: 'list 3 zones in availabilityZones (or 3 entries under vpc.subnets.private)',
    cloudformation: 'give the node groups (and AWS::EKS::Cluster SubnetIds) private subnets in 3 zones',
    terraform: 'terraform-aws-modules/vpc: azs with 3 zones, and module.vpc.private_subnets as the node groups\' subnet_ids; raw resources: node aws_subnet resources with availability_zone in 3 zones',
  },
  ...networkTargets,
  check(n, ctx) {
    const subnets = nodeSubnets(n);
    if (subnets.length === 0) return [ctx.notEvaluated(`no node subnets of ${n.name} are in the inputs`, n.at)];
    const open = subnets.find((s) => s.availabilityZone.value === undefined);
    if (open) return [ctx.notEvaluated(`zone of subnet ${open.id}: ${open.availabilityZone.unresolved ?? 'unknown'}`, open.availabilityZone.at)];
    const zones = [...new Set(subnets.map((s) => s.availabilityZone.value!))];
    // `#n` zones and named zones cannot be compared: us-east-1a may or may not be the region's first zone.
    if (zones.some((z) => z.startsWith('#')) && zones.some((z) => !z.startsWith('#'))) {
      return [ctx.notEvaluated('node subnets mix named zones with Fn::GetAZs indices; the number of distinct zones is known only at deploy time', subnets[0]!.availabilityZone.at)];
    }
    if (zones.length >= 3) return [];
    return [ctx.fail(`node subnets of ${n.name} span ${zones.length} availability zone${zones.length === 1 ? '' : 's'} (${zones.map(zoneName).join(', ')}); at least 3 are needed`, subnets[0]!.availabilityZone.at)];
  },
});
