// The indexed lookups must answer exactly what a scan of every PDB/HPA/workload of the namespace answers, in order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addFile } from '../../sources/read-inputs.js';
import { emptyInventory, objectsOfKind } from '../../sources/inventory.js';
import type { Inventory, K8sObject, WorkloadFact } from '../../sources/inventory.js';
import { valueAt } from '../../sources/fact.js';
import { selectorMatches } from '../../sources/kubernetes/k8s-objects.js';
import { hpasFor, pdbsFor, workloadsSelectedBy } from './workload-links.js';

const label = fc.record({ k: fc.constantFrom('app', 'tier', 'team'), v: fc.constantFrom('a', 'b', 'c') });
const labels = fc.uniqueArray(label, { selector: (l) => l.k, maxLength: 3 });
const selector = fc.record({
  matchLabels: labels,
  exprs: fc.array(fc.record({ k: fc.constantFrom('app', 'tier', 'team'), op: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'), v: fc.constantFrom('a', 'b') }), { maxLength: 2 }),
});
const ns = fc.constantFrom('one', 'two');
const flow = (ls: { k: string; v: string }[]): string => `{${ls.map((l) => `${l.k}: ${l.v}`).join(', ')}}`;

const inputs = fc.record({
  workloads: fc.array(fc.record({ ns, labels, kind: fc.constantFrom('Deployment', 'StatefulSet') }), { minLength: 1, maxLength: 8 }),
  pdbs: fc.array(fc.record({ ns, selector, v1: fc.boolean() }), { maxLength: 6 }),
  hpas: fc.array(fc.record({ ns, target: fc.nat({ max: 9 }), kind: fc.constantFrom('Deployment', 'StatefulSet') }), { maxLength: 6 }),
});

type Input = typeof inputs extends fc.Arbitrary<infer T> ? T : never;

function inventoryOf(x: Input): Inventory {
  const docs: string[] = [];
  x.workloads.forEach((w, i) => {
    docs.push(`apiVersion: apps/v1\nkind: ${w.kind}\nmetadata: {name: w${i}, namespace: ${w.ns}}\nspec:\n  selector: {matchLabels: ${flow(w.labels)}}\n  template:\n    metadata: {labels: ${flow(w.labels)}}\n    spec: {containers: [{name: c, image: x}]}\n`);
  });
  x.pdbs.forEach((p, i) => {
    const exprs = p.selector.exprs.map((e) => `{key: ${e.k}, operator: ${e.op}${e.op === 'In' || e.op === 'NotIn' ? `, values: [${e.v}]` : ''}}`).join(', ');
    docs.push(`apiVersion: policy/${p.v1 ? 'v1' : 'v1beta1'}\nkind: PodDisruptionBudget\nmetadata: {name: p${i}, namespace: ${p.ns}}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: ${flow(p.selector.matchLabels)}, matchExpressions: [${exprs}]}\n`);
  });
  x.hpas.forEach((h, i) => {
    docs.push(`apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h${i}, namespace: ${h.ns}}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: ${h.kind}, name: w${h.target}}\n  maxReplicas: 3\n`);
  });
  const inv = emptyInventory();
  addFile(inv, 'in.yaml', Buffer.from(docs.join('---\n')));
  return inv;
}

const names = (os: readonly K8sObject[]): string[] => os.map((o) => o.name);
const pdbSelects = (p: K8sObject, w: WorkloadFact): boolean => p.namespace === w.object.namespace && selectorMatches(valueAt(p.value, ['spec', 'selector']), w.podLabels, p.apiVersion === 'policy/v1');

describe('workload links', () => {
  it('find the same PDBs, HPAs and selected workloads as a scan of the namespace, in input order', () => {
    fc.assert(
      fc.property(inputs, (x) => {
        const inv = inventoryOf(x);
        const pdbs = objectsOfKind(inv, 'PodDisruptionBudget', 'policy');
        const hpas = objectsOfKind(inv, 'HorizontalPodAutoscaler', 'autoscaling');
        for (const w of inv.workloads) {
          expect(names(pdbsFor(inv, w))).toEqual(names(pdbs.filter((p) => pdbSelects(p, w))));
          expect(names(hpasFor(inv, w))).toEqual(names(hpas.filter((h) => h.namespace === w.object.namespace && valueAt(h.value, ['spec', 'scaleTargetRef', 'kind']) === w.object.kind && valueAt(h.value, ['spec', 'scaleTargetRef', 'name']) === w.object.name)));
        }
        for (const p of pdbs) expect(workloadsSelectedBy(inv, p).map((w) => w.object.name)).toEqual(inv.workloads.filter((w) => pdbSelects(p, w)).map((w) => w.object.name));
      }),
      { numRuns: 300 },
    );
  });

  it('see objects added after the first lookup', () => {
    const inv = emptyInventory();
    addFile(inv, 'a.yaml', Buffer.from('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: x}]}\n'));
    const w = inv.workloads[0]!;
    expect(pdbsFor(inv, w)).toEqual([]);
    addFile(inv, 'b.yaml', Buffer.from('apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: shop}\nspec: {maxUnavailable: 1, selector: {matchLabels: {app: web}}}\n'));
    expect(names(pdbsFor(inv, w))).toEqual(['web']);
  });
});
