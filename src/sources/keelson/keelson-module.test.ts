// keelson.config.ts as an input of `keelson check`: loaded as synth loads it, located in its own source.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readInputsAsync } from '../read-inputs.js';
import { runRules } from '../../rules/engine.js';
import cpEndpoint from '../../rules/control-plane/cp-endpoint.js';
import { moduleOffset } from './module-locator.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'keelson-module-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONFIG = `// A cluster whose API is open to the internet.
const tags = { Team: 'platform', Environment: 'dev' };

export default {
  name: 'open-cluster', // "quotes" and {braces} in comments do not count
  account: '123456789012',
  region: 'eu-west-1',
  tags,
  network: { cidr: '10.0.0.0/16' },
  endpoint: {
    privateAccess: true,
    publicAccess: true,
    publicAccessCidrs: ['0.0.0.0/0'],
    acknowledgePublicAccessFromAnywhere: 'a demo cluster',
  },
};
`;

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

describe('keelson.config.ts in keelson check', () => {
  it('loads the module and places findings on the property as written', async () => {
    const sub = path.join(dir, 'open');
    mkdirSync(sub);
    writeFileSync(path.join(sub, 'keelson.config.ts'), CONFIG);
    // GIVEN the directory (keelson.config.ts is picked out of it by name)
    const inv = await readInputsAsync([sub], (f) => path.relative(dir, f));
    expect(inv.notices).toEqual([]);
    expect(inv.clusters.map((c) => [c.source, c.name])).toEqual([['keelson', 'open-cluster']]);
    // THEN the open endpoint fails at publicAccessCidrs (or publicAccess), on its line of the .ts file
    const fails = runRules([cpEndpoint], inv).findings.filter((f) => f.outcome === 'fail');
    expect(fails.length).toBeGreaterThan(0);
    for (const f of fails) {
      expect(f.location.file).toBe(path.join('open', 'keelson.config.ts'));
      expect([lineOf(CONFIG, 'publicAccess: true'), lineOf(CONFIG, 'publicAccessCidrs')]).toContain(f.location.line);
      expect(f.fix).toMatch(/endpoint\./);
    }
  });

  it('does not run a script that neither is keelson.config.* nor calls defineCluster', async () => {
    const marker = path.join(dir, 'ran');
    const script = path.join(dir, 'deploy.ts');
    writeFileSync(script, `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'x');\nexport default { name: 'a', account: '1', region: 'r' };\n`);
    const inv = await readInputsAsync([script]);
    expect(existsSync(marker)).toBe(false);
    expect(inv.notices.map((n) => n.kind)).toEqual(['skipped']);
    expect(inv.clusters).toEqual([]);
  });

  it('reports a module that fails to load or to validate as a notice, not a crash', async () => {
    const broken = path.join(dir, 'broken');
    mkdirSync(broken);
    writeFileSync(path.join(broken, 'keelson.config.ts'), "throw new Error('boom');\n");
    const invalid = path.join(dir, 'invalid');
    mkdirSync(invalid);
    writeFileSync(path.join(invalid, 'keelson.config.mjs'), "export default { name: 'x', account: 'not-an-account', region: 'eu-west-1' };\n");
    const inv = await readInputsAsync([broken, invalid], (f) => path.relative(dir, f));
    expect(inv.notices.find((n) => n.location.file === path.join('broken', 'keelson.config.ts'))?.message).toMatch(/not loaded: .*boom/);
    expect(inv.notices.find((n) => n.location.file === path.join('invalid', 'keelson.config.mjs'))?.message).toMatch(/invalid keelson definition: .*account/);
    expect(inv.clusters).toEqual([]);
  });

  it('reads the example definition the README runs', async () => {
    const example = path.resolve(import.meta.dirname, '../../../examples/production/keelson.config.ts');
    const inv = await readInputsAsync([example]);
    expect(inv.notices).toEqual([]);
    expect(inv.clusters.map((c) => c.name)).toEqual(['prod-cluster']);
  });
});

describe('moduleOffset', () => {
  const text = `import { defineCluster } from 'keelson';
export default defineCluster({
  name: 'c', // a comment with 'quotes', { braces } and key: value
  "quoted-key": { inner: 1 },
  list: [
    /* a comment, with a comma */ { name: 'first' },
    'second, with a comma',
    { name: 'third', deep: { x: [1, 2] } },
  ],
  spreadable: { ...base, own: true },
});
`;
  const at = (p: (string | number)[]): string => text.slice(moduleOffset(text, p)).split('\n')[0]!;

  it('finds properties, quoted keys and array items as written', () => {
    expect(at(['name'])).toBe("name: 'c', // a comment with 'quotes', { braces } and key: value");
    expect(at(['quoted-key', 'inner'])).toBe('inner: 1 },');
    expect(at(['list', 0, 'name'])).toBe("name: 'first' },");
    expect(at(['list', 1])).toBe("'second, with a comma',");
    expect(at(['list', 2, 'deep', 'x', 1])).toBe('2] } },');
    expect(at(['spreadable', 'own'])).toBe('own: true },');
  });

  it('falls back to the nearest property written, then to the literal', () => {
    expect(at(['list', 7])).toBe('list: [');
    expect(at(['spreadable', 'fromBase'])).toBe('spreadable: { ...base, own: true },');
    expect(at(['missing'])).toBe('{');
    expect(moduleOffset('const x = 1;\n', ['name'])).toBe(0);
  });
});
