/**
 * The network of a keelson definition into facts: what keelson synth builds (src/synth/cdk/network.ts) — one private
 * and one public subnet per zone, tagged for load balancers and Karpenter, flow logs and NAT gateways as configured —
 * or, for an existing VPC, only what the definition says about subnets keelson does not own.
 */
import type { ClusterDefinition } from '../../model/schema.js';
import { child } from '../location.js';
import type { At } from '../location.js';
import type { Fact } from '../fact.js';
import type { Inventory, SubnetFact } from '../inventory.js';

export function addKeelsonNetwork(inv: Inventory, def: ClusterDefinition, at: At, has: (...keys: string[]) => boolean): void {
  const n = def.network;
  const netAt = child(at, 'network');
  const f = <T>(value: T, ...keys: string[]): Fact<T> => (has('network', ...keys) ? { value, at: child(netAt, ...keys) } : { value, at: netAt, defaulted: true });
  if (n.existing) {
    const ex = n.existing;
    const exAt = child(netAt, 'existing');
    const notOwned = 'keelson does not own this subnet; its zone and tags are not in the definition';
    const subnets: SubnetFact[] = ex.privateSubnetIds.map((id, i) => {
      const cidr = ex.privateSubnetCidrs?.[i];
      const m = cidr === undefined ? null : /\/(\d{1,2})$/.exec(cidr);
      return {
        id,
        at: child(exAt, 'privateSubnetIds', i),
        availabilityZone: { value: undefined, at: child(exAt, 'privateSubnetIds', i), unresolved: notOwned },
        prefixLength: m ? { value: Number(m[1]), at: child(exAt, 'privateSubnetCidrs', i) } : { value: undefined, at: child(exAt, 'privateSubnetIds', i), unresolved: 'network.existing.privateSubnetCidrs does not give its CIDR' },
        public: { value: false, at: child(exAt, 'privateSubnetIds', i) },
        tags: { value: undefined, at: child(exAt, 'privateSubnetIds', i), unresolved: notOwned },
        nodes: true,
      };
    });
    inv.networks.push({
      source: 'keelson',
      name: ex.vpcId,
      at: exAt,
      subnets,
      flowLogs: { value: undefined, at: exAt, unresolved: 'the flow logs of an existing VPC are not in the definition' },
      natGatewayAzs: { value: undefined, at: exAt, unresolved: 'the NAT gateways of an existing VPC are not in the definition' },
    });
    return;
  }
  const zones = n.availabilityZones ?? ['a', 'b', 'c'].map((z) => `${def.region}${z}`);
  const zoneAt = (i: number): At => (n.availabilityZones ? child(netAt, 'availabilityZones', i) : netAt);
  const subnet = (kind: 'private' | 'public', zone: string, i: number): SubnetFact => ({
    id: `${kind} subnet in ${zone}`,
    at: zoneAt(i),
    availabilityZone: { value: zone, at: zoneAt(i) },
    prefixLength: kind === 'private' ? f(n.privateSubnetPrefix, 'privateSubnetPrefix') : f(n.publicSubnetPrefix, 'publicSubnetPrefix'),
    public: { value: kind === 'public', at: netAt, defaulted: true },
    tags: {
      value: kind === 'private' ? { 'kubernetes.io/role/internal-elb': '1', 'karpenter.sh/discovery': def.name } : { 'kubernetes.io/role/elb': '1' },
      at: netAt,
      defaulted: true,
    },
    nodes: kind === 'private',
  });
  inv.networks.push({
    source: 'keelson',
    name: def.name,
    at: netAt,
    subnets: [...zones.map((z, i) => subnet('private', z, i)), ...zones.map((z, i) => subnet('public', z, i))],
    flowLogs: has('network', 'flowLogs', 'enabled') ? { value: n.flowLogs.enabled, at: child(netAt, 'flowLogs', 'enabled') } : { value: n.flowLogs.enabled, at: netAt, defaulted: true },
    natGatewayAzs: { ...f(n.natGateways, 'natGateways'), value: n.natGateways === 'one-per-az' ? zones : zones.slice(0, 1) },
  });
}
