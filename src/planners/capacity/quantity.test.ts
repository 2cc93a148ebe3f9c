import { describe, expect, it } from 'vitest';
import { cpuMillis, memoryMiB, parseQuantity } from './quantity.js';

describe('quantities', () => {
  it.each([
    ['500m', 500],
    ['1', 1000],
    ['1.5', 1500],
    [2, 2000],
    ['0.1', 100],
    ['1e3m', 1000],
  ])('CPU %s is %i millicores', (q, want) => {
    // GIVEN a CPU quantity THEN millicores, rounded up as the API server does
    expect(cpuMillis(q)).toBe(want);
  });

  it.each([
    ['512Mi', 512],
    ['1Gi', 1024],
    ['1G', 1e9 / 2 ** 20],
    ['1048576', 1],
    ['128974848', 123],
    ['1.5Gi', 1536],
  ])('memory %s is %f MiB', (q, want) => {
    // GIVEN a memory quantity THEN MiB with binary and decimal suffixes
    expect(memoryMiB(q)).toBeCloseTo(want, 9);
  });

  it('rejects what is not a quantity', () => {
    // GIVEN malformed input THEN undefined, never NaN
    for (const bad of ['', 'abc', '1Zi', null, {}, '1 Gi']) expect(parseQuantity(bad)).toBeUndefined();
  });
});
