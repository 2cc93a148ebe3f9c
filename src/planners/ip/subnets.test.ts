import { describe, expect, it } from 'vitest';
import { smallestPrefixFor, usableAddresses, worstCaseFreePrefixBlocks } from './subnets.js';

describe('subnet arithmetic', () => {
  it('keeps the 5 addresses AWS reserves out of every subnet', () => {
    // GIVEN subnets from /16 to /28 THEN usable = size - 5
    for (let p = 16; p <= 28; p++) expect(usableAddresses(`10.0.0.0/${p}`)).toBe(2 ** (32 - p) - 5);
  });

  it('loses the first and last /28 to the reserved addresses and one more per scattered address', () => {
    // GIVEN a /24 (16 blocks) WHEN no, 3 and 100 individual addresses are in use THEN 14, 11 and 0 whole blocks remain
    expect(worstCaseFreePrefixBlocks('10.0.0.0/24', 0)).toBe(14);
    expect(worstCaseFreePrefixBlocks('10.0.0.0/24', 3)).toBe(11);
    expect(worstCaseFreePrefixBlocks('10.0.0.0/24', 100)).toBe(0);
    expect(worstCaseFreePrefixBlocks('10.0.0.0/29', 0)).toBe(0);
  });

  it('finds the smallest subnet that holds a number of addresses', () => {
    // GIVEN address counts around powers of two THEN the prefix is the smallest block whose usable count suffices
    for (const n of [1, 11, 12, 250, 251, 252, 4091, 4092, 60000]) {
      const p = smallestPrefixFor(n);
      expect(usableAddresses(`10.0.0.0/${p}`)).toBeGreaterThanOrEqual(n);
      if (p < 28) expect(usableAddresses(`10.0.0.0/${p + 1}`)).toBeLessThan(n);
    }
  });

  it('rejects what is not a CIDR', () => {
    // GIVEN a malformed CIDR THEN the error says what shape is expected
    expect(() => usableAddresses('10.0.0.0')).toThrow(/IPv4 CIDR like/);
  });
});
