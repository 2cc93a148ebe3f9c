import { defineRule } from '../define-rule.js';
import { networkTargets, nodeSubnets, zoneName } from '../internal/network.js';

export default defineRule({
  id: 'NET-NAT-HA',
  title: 'One NAT gateway per availability zone',
  severity: 'medium',
  area: 'network',
  evidence: ['DEF', 'LIVE'],
  rationale: 'The guide runs one NAT gateway per AZ ("HighlyAvailable"): with a single NAT gateway, an outage of its zone cuts internet egress (image pulls from public registries, AWS APIs without endpoints) for nodes in every zone, and cross-zone traffic to it is billed.',
  remediation: {
    keelson: 'set network.natGateways: one-per-az (the default)',
    eksctl: 'set vpc.nat.gateway: HighlyAvailable',
    cloudformation: 'add an AWS::EC2::NatGateway in a public subnet of every zone and route each zone\'s private subnets to it (CDK: natGateways equal to the number of zones)',
    terraform: 'terraform-aws-modules/vpc: one_nat_gateway_per_az = true and single_nat_gateway = false; raw resources: an aws_nat_gateway in a public aws_subnet of every zone, each zone\'s private route table routed to its own',
  },
  ...networkTargets,
  check(n, ctx) {
    const nat = n.natGatewayAzs;
    if (nat.value === undefined) return [ctx.notEvaluated(`NAT gateways of ${n.name}: ${nat.unresolved ?? 'unknown'}`, nat.at)];
    // Public subnets leave through the internet gateway: only private subnets need a NAT gateway in their zone.
    const nodes = nodeSubnets(n);
    const privateNodes = nodes.filter((s) => s.public.value !== true);
    const subnets = privateNodes.length > 0 ? privateNodes : n.subnets.filter((s) => s.public.value === false);
    const kind = privateNodes.length > 0 ? 'node subnets' : 'private subnets';
    const open = subnets.find((s) => s.availabilityZone.value === undefined);
    if (open) return [ctx.notEvaluated(`zone of subnet ${open.id}: ${open.availabilityZone.unresolved ?? 'unknown'}`, open.availabilityZone.at)];
    const zones = [...new Set(subnets.map((s) => s.availabilityZone.value!))];
    if (zones.length === 0) {
      const why = nodes.length > 0 ? `the node subnets of ${n.name} are public (they reach the internet through its internet gateway) and it has no private subnets` : `no node subnets of ${n.name} are in the inputs`;
      return [ctx.notEvaluated(`${why}: no subnet here needs a NAT gateway`, n.at)];
    }
    if (nat.value.length === 0) return [ctx.fail(`VPC ${n.name} has no NAT gateway; if nodes reach AWS only through VPC endpoints by design, suppress this with that reason`, nat.at, { sub: 'none' })];
    const missing = zones.filter((z) => !nat.value!.includes(z));
    if (missing.length === 0) return [];
    return [ctx.fail(`${nat.value.length} NAT gateway${nat.value.length === 1 ? '' : 's'} for ${kind} in ${zones.length} zones; ${missing.map(zoneName).join(', ')} ${missing.length === 1 ? 'has' : 'have'} none of ${missing.length === 1 ? 'its' : 'their'} own${nat.defaulted ? ' (eksctl defaults to a single NAT gateway)' : ''}`, nat.at, { sub: 'per-az' })];
  },
});
