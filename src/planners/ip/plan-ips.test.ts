import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../catalogue/catalogue.js';
import type { InstanceType } from '../catalogue/catalogue.js';
import { planIps } from './plan-ips.js';
import type { IpPlanInput } from './plan-ips.js';
import { usableAddresses } from './subnets.js';
import { nodeAddressUse } from './warm-pool.js';

const cat = loadCatalogue();
function type(name: string): InstanceType {
  const t = cat.get(name);
  if (!t) throw new Error(`${name} missing from the catalogue`);
  return t;
}

/** A three-zone cluster of m5.xlarge nodes in secondary-IP mode; override what a test varies. */
function input(over: Partial<IpPlanInput> = {}): IpPlanInput {
  return {
    instanceType: type('m5.xlarge'),
    nodes: 30,
    mode: 'secondary-ip',
    warm: {},
    nodeSubnets: ['10.0.16.0/20', '10.0.32.0/20', '10.0.48.0/20'].map((cidr, i) => ({ name: `private-${'abc'[i]}`, cidr })),
    vpc: { cidr: '10.0.0.0/16', publicSubnetPrefix: 24, privateSubnetPrefix: 20 },
    ...over,
  };
}

describe('planIps', () => {
  it('spreads the nodes over the zones and charges each subnet its nodes times the per-node addresses', () => {
    // GIVEN 31 nodes over three subnets WHEN planned THEN 11/10/10 nodes and demand = nodes x per-node use
    const plan = planIps(input({ nodes: 31 }));
    expect(plan.subnets.map((s) => s.nodes)).toEqual([11, 10, 10]);
    const per = nodeAddressUse(type('m5.xlarge'), plan.podsPerNode, 'secondary-ip').addresses;
    for (const s of plan.subnets) expect(s.demand).toBe(s.nodes * per);
    expect(plan.ok).toBe(true);
    expect(plan.alternatives).toEqual([]);
  });

  it('says a subnet runs out, at which node, and offers re-solved fixes', () => {
    // GIVEN /24 node subnets and 60 full m5.xlarge nodes WHEN planned THEN every subnet runs out
    const small = input({ nodes: 60, nodeSubnets: ['10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24'].map((cidr, i) => ({ name: `s${i}`, cidr })), vpc: { cidr: '10.0.0.0/16', publicSubnetPrefix: 24, privateSubnetPrefix: 24 } });
    const plan = planIps(small);
    expect(plan.ok).toBe(false);
    const s = plan.subnets[0];
    expect(s?.runsOut).toBe(true);
    expect(s?.maxNodes).toBe(Math.floor(usableAddresses('10.0.1.0/24') / (s?.addressesPerNode ?? 1)));
    expect(plan.maxNodes).toBe((s?.maxNodes ?? 0) * 3);
    // THEN the alternatives name the definition fields, and each verdict is a fresh solve
    const changes = plan.alternatives.map((a) => a.change);
    expect(changes).toContain('addons.vpcCni.prefixDelegation: true');
    expect(changes.some((c) => c.startsWith('network.podSubnets:'))).toBe(true);
    const bigger = plan.alternatives.find((a) => a.change.startsWith('network.privateSubnetPrefix'));
    expect(bigger?.fits).toBe(true);
    const p = Number(bigger?.change.split(': ')[1]);
    expect(planIps({ ...small, nodeSubnets: small.nodeSubnets.map((x) => ({ ...x, cidr: `${x.cidr.split('/')[0]}/${p}` })) }).ok).toBe(true);
    expect(planIps({ ...small, nodeSubnets: small.nodeSubnets.map((x) => ({ ...x, cidr: `${x.cidr.split('/')[0]}/${p + 1}` })) }).ok).toBe(false);
  });

  it('moves pod addresses to the pod subnets with custom networking, leaving one per node in the node subnet', () => {
    // GIVEN pod subnets WHEN planned THEN node subnets hold only the primaries and pod subnets the rest
    const plan = planIps(input({ podSubnets: ['100.64.0.0/18', '100.64.64.0/18', '100.64.128.0/18'].map((cidr, i) => ({ name: `p${i}`, cidr })) }));
    const node = plan.subnets.filter((s) => s.role === 'node');
    const pod = plan.subnets.filter((s) => s.role === 'pod');
    expect(node.map((s) => s.demand)).toEqual(node.map((s) => s.nodes));
    expect(pod.map((s) => s.addressesPerNode)).toEqual(pod.map(() => plan.perNode.addresses - 1));
    expect(plan.perNode.pods).toBe((type('m5.xlarge').maxEni - 1) * (type('m5.xlarge').ipv4PerEni - 1));
  });

  it('flags /28 fragmentation when whole prefixes may not be left even though addresses are', () => {
    // GIVEN prefix delegation in a /22 with many individual addresses in use WHEN planned
    const frag = input({ mode: 'prefix-delegation', warm: { warmPrefixTarget: 1 }, nodes: 3, podsPerNode: 20, nodeSubnets: [{ name: 'a', cidr: '10.0.0.0/22', usedAddresses: 58 }] });
    const plan = planIps(frag);
    const s = plan.subnets[0];
    // THEN the address count fits but the worst case of scattered addresses leaves too few whole /28s
    expect(s?.runsOut).toBe(false);
    expect(s?.fragmentationRisk).toBe('high');
    expect(s?.maxNodesWorstCaseFragmentation).toBeLessThan(3);
    expect(plan.alternatives.some((a) => a.title.includes('create-subnet-cidr-reservation'))).toBe(true);
    // AND without the used addresses the same subnet is safe
    expect(planIps({ ...frag, nodeSubnets: [{ name: 'a', cidr: '10.0.0.0/22' }] }).subnets[0]?.fragmentationRisk).toBe('low');
  });

  it('refuses to plan without subnets', () => {
    // GIVEN no subnets THEN the error tells how to give them
    expect(() => planIps(input({ nodeSubnets: [] }))).toThrow(/--subnet/);
  });
});
