import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES } from './registry.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const catalogue = path.resolve(here, '../../../shared/RULES.md');

describe('rule registry', () => {
  it('has unique ids, each in a file named for it with a test beside it', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const files = readdirSync(here, { recursive: true, encoding: 'utf8' }).filter((f) => /^[a-z-]+\/[a-z0-9-]+\.ts$/.test(f.split(path.sep).join('/')) && !f.endsWith('.test.ts') && !f.includes('internal') && !f.includes('.data.') && !f.includes('.fixtures.'));
    const fileIds = files.map((f) => path.basename(f, '.ts').toUpperCase()).sort();
    expect(fileIds).toEqual([...ids].sort());
    for (const f of files) expect(existsSync(path.join(here, f.replace(/\.ts$/, '.test.ts'))), `${f} has no test`).toBe(true);
  });

  it('gives every rule a rationale and a remediation', () => {
    for (const r of RULES) {
      expect(r.rationale.length, r.id).toBeGreaterThan(40);
      expect(Object.keys(r.remediation).length, r.id).toBeGreaterThan(0);
    }
  });

  describe.skipIf(!existsSync(catalogue))(`catalogue (${existsSync(catalogue) ? catalogue : 'skipped: ../shared/RULES.md is absent'})`, () => {
    it('uses ids, severities and checklist marks exactly as RULES.md', () => {
      const text = readFileSync(catalogue, 'utf8');
      for (const r of RULES) {
        const row = text.split('\n').find((l) => l.startsWith(`| ${r.id} |`));
        expect(row, r.id).toBeTruthy();
        expect(row!.split('|')[3]?.trim(), r.id).toBe(r.severity);
        const cl = /\[CL-(\d+)\]/.exec(row!);
        expect(r.checklist, r.id).toBe(cl ? Number(cl[1]) : undefined);
      }
    });
  });
});
