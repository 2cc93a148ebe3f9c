/**
 * `npm run typecheck` covers the benchmarks too: a bench that no longer compiles against the code it times would
 * otherwise fail only when someone runs it (bench/report was left out of tsconfig.json once).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

function benchSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : benchSources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('tsconfig.json', () => {
  it('includes every TypeScript file under bench/, so the typecheck sees them', () => {
    // GIVEN the files tsconfig.json resolves to, as tsc reads it
    const file = ts.findConfigFile(root, ts.sys.fileExists, 'tsconfig.json')!;
    const { config } = ts.readConfigFile(file, ts.sys.readFile) as { config: unknown };
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root);
    const included = new Set(parsed.fileNames.map((f) => path.resolve(f)));
    // THEN every bench source is among them
    const bench = benchSources(path.join(root, 'bench'));
    expect(bench.map((f) => path.relative(root, f))).toContain(path.join('bench', 'report', 'run.ts'));
    expect(bench.filter((f) => !included.has(f)).map((f) => path.relative(root, f))).toEqual([]);
  });
});
