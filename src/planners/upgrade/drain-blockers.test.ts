import { describe, expect, it } from 'vitest';
import { inventoryFromText } from '../internal/inventory-from-text.js';
import { disruptionsAllowed, drainBlockers } from './drain-blockers.js';

const pdbObject = (spec: string) => {
  const inv = inventoryFromText({ 'p.yaml': `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: p }\nspec:\n  ${spec}\n  selector: { matchLabels: { app: a } }\n` });
  const o = inv.objects[0];
  if (!o) throw new Error('no object read');
  return o;
};

describe('disruptionsAllowed', () => {
  it.each([
    ['maxUnavailable: 1', 3, 1],
    ['maxUnavailable: 0', 3, 0],
    ['maxUnavailable: "34%"', 3, 2],
    ['minAvailable: 2', 3, 1],
    ['minAvailable: 3', 3, 0],
    ['minAvailable: "50%"', 3, 1],
    ['minAvailable: "100%"', 5, 0],
  ])('%s with %i replicas lets %i go (percentages round up)', (spec, replicas, want) => {
    // GIVEN a PDB spec and a replica count WHEN computed THEN the Kubernetes disruption arithmetic holds
    expect(disruptionsAllowed(pdbObject(spec), replicas)).toBe(want);
  });
});

describe('drainBlockers', () => {
  it('blocks on a PDB that matches a single-replica workload with minAvailable 1, and only on that one', () => {
    // GIVEN two workloads, each covered by a PDB; one of them can never lose a pod
    const inv = inventoryFromText({
      'w.yaml': ['one', 'three'].map((n, i) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${n} }\nspec:\n  replicas: ${i === 0 ? 1 : 3}\n  selector: { matchLabels: { app: ${n} } }\n  template: { metadata: { labels: { app: ${n} } }, spec: { containers: [{ name: c, image: x }] } }\n`).join('---\n'),
      'p.yaml': ['one', 'three'].map((n) => `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: ${n} }\nspec:\n  minAvailable: 1\n  selector: { matchLabels: { app: ${n} } }\n`).join('---\n'),
    });
    // WHEN analysed THEN exactly one blocker, for "one", with the replicas fix
    const f = drainBlockers(inv);
    expect(f.map((x) => x.message.split(' allows')[0])).toEqual(['PodDisruptionBudget default/one']);
    expect(f[0]?.fix).toContain('at least 2 replicas');
    expect(f[0]?.location?.file).toBe('p.yaml');
  });

  it('blocks on maxUnavailable 0 even when no workload in the inputs matches', () => {
    // GIVEN a PDB alone WHEN analysed THEN its own numbers decide
    expect(drainBlockers(inventoryFromText({ 'p.yaml': 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: z }\nspec:\n  maxUnavailable: 0\n  selector: { matchLabels: { app: q } }\n' })).map((x) => x.level)).toEqual(['blocker']);
    expect(drainBlockers(inventoryFromText({ 'p.yaml': 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: z }\nspec:\n  maxUnavailable: 1\n  selector: { matchLabels: { app: q } }\n' }))).toEqual([]);
  });
});
