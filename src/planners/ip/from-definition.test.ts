import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../model/index.js';
import { ipFactsFromDefinition } from './from-definition.js';
import { prefixLength } from './subnets.js';

/** A minimal valid definition; override the fields a test varies. */
function definition(over: Record<string, unknown> = {}) {
  return parseDefinition({ name: 'demo', account: '123456789012', region: 'eu-west-1', ...over });
}

describe('IP facts from a keelson definition', () => {
  it('takes the VPC CNI mode, warm target, node subnets and expected nodes from the definition', () => {
    // GIVEN prefix delegation off, /22 private subnets in four zones and 40 expected nodes
    const d = definition({
      network: { privateSubnetPrefix: 22, availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c', 'eu-west-1d'] },
      addons: { vpcCni: { prefixDelegation: false }, coreDns: { expectedNodes: 40 } },
    });
    // WHEN read THEN four /22 node subnets, secondary-IP mode and 40 nodes
    const f = ipFactsFromDefinition(d);
    expect(f.mode).toBe('secondary-ip');
    expect(f.nodeSubnets.map((s) => prefixLength(s.cidr))).toEqual([22, 22, 22, 22]);
    expect(f.nodeSubnets.map((s) => s.zone)).toEqual(d.network.availabilityZones);
    expect(f.expectedNodes).toBe(40);
    expect(f.podSubnets).toEqual([]);
    expect(f.vpc?.privateSubnetPrefix).toBe(22);
  });

  it('carves one pod subnet per zone from the secondary CIDR with custom networking', () => {
    // GIVEN network.podSubnets WHEN read THEN one pod subnet of subnetPrefix per zone, inside the pod CIDR
    const d = definition({ network: { podSubnets: { cidr: '100.64.0.0/16', subnetPrefix: 19 } } });
    const f = ipFactsFromDefinition(d);
    expect(f.podSubnets).toHaveLength(f.nodeSubnets.length);
    expect(f.podSubnets.every((s) => s.cidr.startsWith('100.64.') && prefixLength(s.cidr) === 19)).toBe(true);
    expect(f.mode).toBe(d.addons.vpcCni.prefixDelegation ? 'prefix-delegation' : 'secondary-ip');
    expect(f.warm.warmPrefixTarget).toBe(d.addons.vpcCni.warmPrefixTarget);
  });
});
