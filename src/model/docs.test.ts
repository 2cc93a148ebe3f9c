import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderDefinitionDocs } from './docs.js';

describe('docs/definition.md', () => {
  const docs = renderDefinitionDocs();

  it('is up to date with the schema (run `npm run docs` after changing it)', () => {
    expect(readFileSync(new URL('../../docs/definition.md', import.meta.url), 'utf8')).toBe(docs);
  });

  it('gives every field a reason', () => {
    const undocumented = docs
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .filter((l) => l.split(' | ')[3]!.replace(/\|$/, '').trim() === '');
    expect(undocumented).toEqual([]);
  });

  it.each(['endpoint.publicAccessCidrs', 'network.privateSubnetPrefix', 'systemNodeGroup.taints', 'addons.vpcCni.prefixDelegation', 'workloadIdentities[].mode'])(
    'documents %s with a default and a reason',
    (field) => {
      const row = docs.split('\n').find((l) => l.startsWith(`| \`${field}\``));
      expect(row, field).toBeTruthy();
      const cells = row!.split(' | ');
      expect(cells[2]!.trim().length).toBeGreaterThan(0);
      expect(cells[3]!.replace(/\|$/, '').trim().length).toBeGreaterThan(10);
    },
  );
});
