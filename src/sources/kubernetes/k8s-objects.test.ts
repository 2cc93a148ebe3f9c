import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { addFile } from '../read-inputs.js';
import { emptyInventory } from '../inventory.js';
import { locationOf } from '../location.js';
import { selectorMatches } from './k8s-objects.js';

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/);
const image = fc.tuple(name, fc.stringMatching(/^[0-9]\.[0-9]{1,2}$/)).map(([n, t]) => `registry.example/${n}:${t}`);
const deployment = fc.record({ name, ns: fc.option(name, { nil: undefined }), images: fc.array(image, { minLength: 1, maxLength: 3 }), replicas: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }) });

describe('Kubernetes reader (properties)', () => {
  it('locates every container image at the line that holds it, in any multi-document stream', () => {
    fc.assert(
      fc.property(fc.array(deployment, { minLength: 1, maxLength: 5 }), fc.boolean(), (deps, asList) => {
        // GIVEN generated Deployments, as separate documents or as one v1 List
        const objs = deps.map((d) => ({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: d.name, ...(d.ns ? { namespace: d.ns } : {}) },
          spec: { ...(d.replicas === undefined ? {} : { replicas: d.replicas }), template: { spec: { containers: d.images.map((img, i) => ({ name: `c${i}`, image: img })) } } },
        }));
        const text = asList ? stringify({ apiVersion: 'v1', kind: 'List', items: objs }) : objs.map((o) => stringify(o)).join('---\n');
        // WHEN read
        const inv = emptyInventory();
        addFile(inv, 'gen.yaml', Buffer.from(text));
        const lines = text.split('\n');
        // THEN every workload is found with its replicas default, and each image's location is its line
        expect(inv.workloads).toHaveLength(deps.length);
        inv.workloads.forEach((w, i) => {
          expect(w.replicas.value).toBe(deps[i]!.replicas ?? 1);
          for (const c of w.containers) {
            const loc = locationOf({ origin: c.at.origin, path: [...c.at.path, 'image'] });
            expect(lines[(loc.line ?? 0) - 1]).toContain(`image: ${c.image}`);
          }
        });
      }),
      { numRuns: 60 },
    );
  });
});

describe('selectorMatches', () => {
  it('matches labels and expressions', () => {
    const labels = { app: 'web', tier: 'front' };
    expect(selectorMatches({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'api' } }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, labels)).toBe(false);
    expect(selectorMatches({}, labels)).toBe(false);
    expect(selectorMatches({}, labels, true)).toBe(true);
  });
});
