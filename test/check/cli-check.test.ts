import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(path.resolve(repoRoot, '../shared'), 'fixtures');
const hasFixtures = existsSync(fixtures);

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

describe('keelson check through the CLI', () => {
  it('is registered and exits 2 without paths', async () => {
    const c = capture();
    expect(await main(['node', 'keelson', 'check'], c.io)).toBe(2);
    // Paths are optional only with --live; without either, say what to give.
    expect(c.err.join('')).toMatch(/give at least one file or directory/);
  });

  describe.skipIf(!hasFixtures)(hasFixtures ? 'on the real-world fixtures' : `skipped: ${fixtures} is absent`, () => {
    it('reads every fixture, reports JSON findings with lines, and exits 1', async () => {
      // GIVEN all the shared fixtures WHEN checked as JSON
      const c = capture();
      const code = await main(['node', 'keelson', 'check', fixtures, '--format', 'json'], c.io);
      const doc = JSON.parse(c.out.join('')) as { notices: unknown[]; findings: { id: string; outcome: string; location: { file: string; line?: number } }[] };
      // THEN nothing is unreadable, every failure has a line, and the known problems are there
      expect(code).toBe(1);
      expect(doc.notices).toEqual([]);
      const fails = doc.findings.filter((f) => f.outcome === 'fail');
      expect(fails.every((f) => typeof f.location.line === 'number' && f.location.line >= 1)).toBe(true);
      expect(fails.some((f) => f.id === 'NODE-IMDSV2[http-tokens]' && f.location.file.endsWith('05-advanced-nodegroups.yaml') && f.location.line === 20)).toBe(true);
      expect(fails.some((f) => f.id === 'KARP-LIMITS[memory]' && f.location.file.endsWith('100-cpu-limit.yaml'))).toBe(true);
    });
  });
});
