import { describe, expect, it } from 'vitest';
import { DEPRECATED_APIS } from '../../rules/upgrades/deprecated-apis.data.js';
import { inventoryFromText } from '../internal/inventory-from-text.js';
import { apiRemovals } from './api-removals.js';
import { compareMinor, minorString } from './lifecycle.js';

const once = (d: (typeof DEPRECATED_APIS)[number]): boolean => DEPRECATED_APIS.filter((x) => x.apiVersion === d.apiVersion && x.kind === d.kind).length === 1;
const k8s = DEPRECATED_APIS.filter((d) => once(d) && !d.removedIn.startsWith('karpenter-') && minorString(d.removedIn) && minorString(d.deprecatedIn) && minorString(d.deprecatedIn) !== minorString(d.removedIn));

describe('apiRemovals', () => {
  it('is silent before deprecation, warns between deprecation and removal, and blocks from the removal on', () => {
    // GIVEN every table entry with distinct deprecation and removal versions, as an object of that API
    for (const e of k8s) {
      const inv = inventoryFromText({ 'o.yaml': `apiVersion: ${e.apiVersion}\nkind: ${e.kind}\nmetadata: { name: o }\n` });
      const removed = minorString(e.removedIn) as string;
      const deprecated = minorString(e.deprecatedIn) as string;
      const [maj, min] = removed.split('.').map(Number) as [number, number];
      // WHEN planned for the removal version, the one before it, and the one before the deprecation
      expect(apiRemovals(inv, removed).map((f) => f.level), `${e.apiVersion} ${e.kind} @${removed}`).toEqual(['blocker']);
      const before = `${maj}.${min - 1}`;
      expect(apiRemovals(inv, before).map((f) => f.level), `${e.apiVersion} ${e.kind} @${before}`).toEqual(compareMinor(deprecated, before) <= 0 ? ['warning'] : []);
      const [dm, dn] = deprecated.split('.').map(Number) as [number, number];
      expect(apiRemovals(inv, `${dm}.${dn - 1}`)).toEqual([]);
    }
    expect(k8s.length).toBeGreaterThan(40);
  });

  it('takes the earliest removal when the table lists a pair twice', () => {
    // GIVEN a pair listed more than once WHEN planned for its earliest removal THEN a blocker
    const dup = DEPRECATED_APIS.filter((d) => !once(d));
    for (const d of dup) {
      const earliest = dup.filter((x) => x.apiVersion === d.apiVersion && x.kind === d.kind).map((x) => minorString(x.removedIn)).filter((x): x is string => x !== undefined).sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))[0];
      if (!earliest) continue;
      const inv = inventoryFromText({ 'o.yaml': `apiVersion: ${d.apiVersion}\nkind: ${d.kind}\nmetadata: { name: o }\n` });
      expect(apiRemovals(inv, earliest).map((f) => f.level)).toEqual(['blocker']);
    }
  });

  it('ignores objects on current APIs', () => {
    // GIVEN apps/v1 WHEN planned for any version THEN nothing
    expect(apiRemovals(inventoryFromText({ 'o.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: o }\n' }), '1.36')).toEqual([]);
  });
});
