import { describe, expect, it } from 'vitest';
import { stringRecord } from './fact.js';

describe('stringRecord', () => {
  it('returns a map of strings as it is, without a copy', () => {
    const labels = { app: 'web', tier: 'front' };
    expect(stringRecord(labels)).toBe(labels);
  });

  it('copies a map with other values: numbers and booleans as strings, null dropped', () => {
    const mixed = { replicas: 3, on: true, gone: null, name: 'x' };
    const out = stringRecord(mixed);
    expect(out).toEqual({ replicas: '3', on: 'true', name: 'x' });
    expect(out).not.toBe(mixed);
  });

  it('reads only plain objects: not lists, scalars, or class instances', () => {
    expect(stringRecord(['a'])).toEqual({});
    expect(stringRecord('a')).toEqual({});
    expect(stringRecord(new Map([['a', 'b']]))).toEqual({});
    const inherited = Object.create({ inheritedKey: 'x' }) as Record<string, string>;
    inherited.own = 'y';
    expect(stringRecord(inherited)).toEqual({ own: 'y' });
  });
});
