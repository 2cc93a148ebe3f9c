import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../catalogue/catalogue.js';
import type { InstanceType } from '../catalogue/catalogue.js';
import { maxPodsPrefixDelegation, maxPodsSecondaryIp } from './max-pods.js';
import { nodeAddressUse } from './warm-pool.js';

const cat = loadCatalogue();
const nitroTypes = cat.types.filter((t) => t.nitro && t.maxEni > 1);
const arbType = fc.constantFrom(...nitroTypes);
const byName = (n: string): InstanceType => {
  const t = cat.get(n);
  if (!t) throw new Error(`${n} missing from the catalogue`);
  return t;
};

describe('addresses one node takes, warm pool included', () => {
  it('with WARM_ENI_TARGET=1, fills the ENIs the pods need and one more', () => {
    // GIVEN m5.large (3 ENIs x 10 addresses) WHEN 5, 9 and 10 pods run THEN 2, 2 and 3 ENIs are attached, each full
    const t = byName('m5.large');
    const slots = t.ipv4PerEni - 1;
    for (const pods of [5, slots, slots + 1]) {
      const u = nodeAddressUse(t, pods, 'secondary-ip');
      const enis = Math.min(t.maxEni, Math.ceil(pods / slots) + 1);
      expect(u.enis).toBe(enis);
      expect(u.addresses).toBe(enis * t.ipv4PerEni);
      expect(u.warmAddresses).toBe(enis * slots - pods);
    }
  });

  it('with WARM_IP_TARGET and MINIMUM_IP_TARGET, allocates only max(pods + warm, minimum) secondary addresses', () => {
    // GIVEN any Nitro type and pod count WHEN IP targets are set THEN exactly that many secondaries, and ENIs to hold them
    fc.assert(
      fc.property(arbType, fc.nat(300), fc.nat(20), fc.nat(40), (t, podsWanted, warmIp, minIp) => {
        const u = nodeAddressUse(t, podsWanted, 'secondary-ip', { warmIpTarget: warmIp, minimumIpTarget: minIp });
        const max = t.maxEni * (t.ipv4PerEni - 1);
        expect(u.pods).toBe(Math.min(podsWanted, max));
        expect(u.secondaryIps).toBe(Math.min(max, Math.max(u.pods + warmIp, minIp)));
        expect(u.enis).toBe(Math.max(1, Math.ceil(u.secondaryIps / (t.ipv4PerEni - 1))));
        expect(u.addresses).toBe(u.enis + u.secondaryIps);
      }),
    );
  });

  it('with prefix delegation, takes whole /28s: ceil(pods/16) plus WARM_PREFIX_TARGET', () => {
    // GIVEN any Nitro type WHEN prefix delegation runs pods THEN prefixes and addresses follow the /28 rule
    fc.assert(
      fc.property(arbType, fc.nat(250), fc.integer({ min: 0, max: 3 }), (t, podsWanted, warmPrefix) => {
        const u = nodeAddressUse(t, podsWanted, 'prefix-delegation', { warmPrefixTarget: warmPrefix });
        const maxPrefixes = t.maxEni * (t.ipv4PerEni - 1);
        expect(u.prefixes).toBe(Math.min(maxPrefixes, Math.ceil(u.pods / 16) + warmPrefix));
        expect(u.addresses).toBe(u.enis + 16 * u.prefixes);
        expect(u.pods).toBeLessThanOrEqual((maxPodsPrefixDelegation(t) ?? 0) - 2);
      }),
    );
  });

  it('never hands out fewer addresses than the pods use, nor more than the ENIs hold', () => {
    // GIVEN any type, mode and pod count THEN pods <= addresses <= ENI limit and overflow is what did not fit
    fc.assert(
      fc.property(arbType, fc.nat(800), fc.constantFrom('secondary-ip' as const, 'prefix-delegation' as const), fc.boolean(), (t, podsWanted, mode, custom) => {
        const u = nodeAddressUse(t, podsWanted, mode, {}, { customNetworking: custom });
        expect(u.addresses).toBeGreaterThanOrEqual(u.pods + u.enis);
        const perEni = mode === 'prefix-delegation' ? 1 + (t.ipv4PerEni - 1) * 16 : t.ipv4PerEni;
        expect(u.addresses).toBeLessThanOrEqual(t.maxEni * perEni);
        expect(u.pods + u.overflow).toBe(podsWanted);
        if (mode === 'secondary-ip') expect(u.pods).toBeLessThanOrEqual(maxPodsSecondaryIp(t, { customNetworking: custom }) - 2);
      }),
    );
  });
});
