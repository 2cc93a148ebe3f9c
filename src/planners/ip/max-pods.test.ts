import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../catalogue/catalogue.js';
import { sharedDataFile, skipReason } from '../internal/shared-data.js';
import { maxPods, maxPodsCap, maxPodsPrefixDelegation, maxPodsSecondaryIp } from './max-pods.js';

const tableFile = sharedDataFile('eni-max-pods.txt');
const published = new Map<string, number>();
if (tableFile) {
  for (const line of readFileSync(tableFile, 'utf8').split('\n')) {
    const m = /^([a-z0-9.-]+)\s+(\d+)\s*$/.exec(line.trim());
    if (m) published.set(m[1] as string, Number(m[2]));
  }
}

describe('max pods per instance type', () => {
  const cat = loadCatalogue();

  it.skipIf(!tableFile)(`equals the published eni-max-pods.txt for every type in the catalogue${tableFile ? '' : ` (${skipReason('eni-max-pods.txt')})`}`, () => {
    // GIVEN the VPC CNI's published table WHEN each catalogue type's secondary-IP max pods is computed THEN they agree
    const missing: string[] = [];
    const wrong: string[] = [];
    for (const t of cat.types) {
      const want = published.get(t.name);
      if (want === undefined) missing.push(t.name);
      else if (maxPodsSecondaryIp(t) !== want) wrong.push(`${t.name}: ${maxPodsSecondaryIp(t)} != ${want}`);
    }
    expect(wrong).toEqual([]);
    expect(missing).toEqual([]);
    expect(published.size).toBeGreaterThanOrEqual(cat.types.length);
  });

  it("equals Karpenter's own pods figure for every type", () => {
    // GIVEN Karpenter's documented allocatable pods WHEN compared with the formula THEN they agree on every row
    const wrong = cat.types.filter((t) => maxPodsSecondaryIp(t) !== t.karpenterAllocatable.pods).map((t) => t.name);
    expect(wrong).toEqual([]);
  });

  it('multiplies the secondary-IP slots by 16 with prefix delegation, on Nitro only', () => {
    // GIVEN every type WHEN prefix delegation is computed THEN Nitro types get 16x the slots and others none
    for (const t of cat.types) {
      const pd = maxPodsPrefixDelegation(t);
      if (!t.nitro) expect(pd, t.name).toBeUndefined();
      else expect(pd, t.name).toBe((maxPodsSecondaryIp(t) - 2) * 16 + 2);
    }
  });

  it('caps the recommended figure at 110 up to 30 vCPUs and 250 above, never raising it', () => {
    // GIVEN every type THEN the recommended figures are min(ENI limit, cap) with the cap chosen by vCPU count
    for (const t of cat.types) {
      const m = maxPods(t);
      expect(maxPodsCap(t)).toBe(t.vcpu > 30 ? 250 : 110);
      expect(m.secondaryIpRecommended).toBe(Math.min(m.secondaryIp, maxPodsCap(t)));
      if (m.prefixDelegation !== undefined) expect(m.prefixDelegationRecommended).toBe(Math.min(m.prefixDelegation, maxPodsCap(t)));
    }
  });

  it('leaves the primary ENI out with custom networking', () => {
    // GIVEN types with more than one ENI WHEN custom networking is on THEN one ENI fewer carries pods
    for (const t of cat.types.filter((x) => x.maxEni > 1)) {
      expect(maxPodsSecondaryIp(t, { customNetworking: true })).toBe(maxPodsSecondaryIp(t) - (t.ipv4PerEni - 1));
    }
  });
});
