/**
 * The IP plan's inputs from a keelson definition: the VPC CNI mode and warm settings, the node subnets (one per
 * zone, sized by network.privateSubnetPrefix) and the pod subnets of custom networking.
 */
import type { ClusterDefinition } from '../../model/index.js';
import { carve, parseCidr } from '../../model/internal/cidr.js';
import type { IpMode } from './max-pods.js';
import type { Subnet } from './subnets.js';
import type { WarmPoolSettings } from './warm-pool.js';

export interface DefinitionIpFacts {
  readonly mode: IpMode;
  readonly warm: WarmPoolSettings;
  readonly nodeSubnets: Subnet[];
  readonly podSubnets: Subnet[];
  readonly vpc: { cidr: string; publicSubnetPrefix: number; privateSubnetPrefix: number } | undefined;
  /** addons.coreDns.expectedNodes: the node count the definition already plans for. */
  readonly expectedNodes: number;
  readonly notes: string[];
}

export function ipFactsFromDefinition(d: ClusterDefinition): DefinitionIpFacts {
  const n = d.network;
  const notes: string[] = [];
  const zones = n.availabilityZones ?? ['a', 'b', 'c'].map((z) => `${d.region}${z}`);
  let nodeSubnets: Subnet[] = [];
  let vpc: DefinitionIpFacts['vpc'];
  if (n.existing) {
    const cidrs = n.existing.privateSubnetCidrs ?? [];
    nodeSubnets = n.existing.privateSubnetIds.flatMap((id, i) => (cidrs[i] ? [{ name: id, cidr: cidrs[i] as string }] : []));
    if (nodeSubnets.length < n.existing.privateSubnetIds.length) notes.push('network.existing.privateSubnetCidrs does not list every private subnet: pass --subnet CIDR for the missing ones');
  } else {
    // Only the sizes matter for the plan; the addresses shown are indicative, CDK picks the actual ranges.
    const base = parseCidr(n.cidr);
    if (base) {
      const publicBlocks = (zones.length * 2 ** (32 - n.publicSubnetPrefix)) / 2 ** (32 - n.privateSubnetPrefix);
      nodeSubnets = carve(base, n.privateSubnetPrefix, Math.ceil(publicBlocks), zones.length).map((c, i) => ({ name: `private-${zones[i]}`, cidr: c.text, zone: zones[i] }));
      vpc = { cidr: n.cidr, publicSubnetPrefix: n.publicSubnetPrefix, privateSubnetPrefix: n.privateSubnetPrefix };
    }
  }
  const pod = n.podSubnets;
  const podBase = pod ? parseCidr(pod.cidr) : undefined;
  const podSubnets: Subnet[] = pod && podBase ? carve(podBase, pod.subnetPrefix, 0, zones.length).map((c, i) => ({ name: `pods-${zones[i]}`, cidr: c.text, zone: zones[i] })) : [];
  const pd = d.addons.vpcCni.prefixDelegation;
  return {
    mode: pd ? 'prefix-delegation' : 'secondary-ip',
    warm: pd ? { warmPrefixTarget: d.addons.vpcCni.warmPrefixTarget } : {},
    nodeSubnets,
    podSubnets,
    vpc,
    expectedNodes: d.addons.coreDns.expectedNodes,
    notes,
  };
}
