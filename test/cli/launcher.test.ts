// The launcher (bin/keelson.js) as a user's shell runs it: a large JSON report piped to a slow reader arrives whole.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const built = existsSync(path.join(root, 'dist/cli/main.js'));
const dir = mkdtempSync(path.join(os.tmpdir(), 'keelson-launcher-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function deployment(i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${i}, namespace: shop}
spec:
  selector: {matchLabels: {app: app-${i}}}
  template:
    metadata: {labels: {app: app-${i}}}
    spec:
      containers: [{name: app, image: "nginx:latest"}]
`;
}

describe.skipIf(!built)('bin/keelson.js (needs `npm run build`)', () => {
  it('flushes a report larger than a pipe buffer before exiting, with the exit code of the findings', async () => {
    const file = path.join(dir, 'many.yaml');
    writeFileSync(file, Array.from({ length: 600 }, (_, i) => deployment(i)).join('---\n'));
    const child = spawn(process.execPath, [path.join(root, 'bin/keelson.js'), 'check', file, '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // A slow reader: the launcher fills the 64 KiB pipe and must wait for it rather than exit.
    child.stdout.pause();
    await new Promise((r) => setTimeout(r, 500));
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text.length).toBeGreaterThan(256 * 1024);
    const report = JSON.parse(text) as { findings: { ruleId: string }[] };
    expect(report.findings.filter((f) => f.ruleId === 'SEC-IMAGE-TAG')).toHaveLength(600);
    expect(code).toBe(1);
  }, 60_000);

  it('checks a plain manifest without loading the yaml library or aws-cdk-lib (start-up time)', () => {
    const file = path.join(dir, 'one.yaml');
    writeFileSync(file, deployment(1));
    const probe = `import { main } from ${JSON.stringify(path.join(root, 'dist/cli/main.js'))}; import { createRequire } from 'node:module';
await main(['node', 'keelson', 'check', ${JSON.stringify(file)}], { out() {}, err() {} });
const cache = Object.keys(createRequire(import.meta.url).cache);
console.log(JSON.stringify(['yaml', 'aws-cdk-lib'].filter((p) => cache.some((k) => k.includes(\`/node_modules/\${p}/\`)))));`;
    const loaded = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' })) as string[];
    expect(loaded).toEqual([]);
  }, 60_000);

  it('checks a plain manifest without loading zod (the definition parser), and loads it for a keelson definition', () => {
    // Node's ESM loader names the modules it translates and stores when NODE_DEBUG=esm (in words that differ between
    // Node 20 and 24, so any package URL it prints counts).
    const packagesLoaded = (file: string): string[] => {
      const run = spawnSync(process.execPath, [path.join(root, 'bin/keelson.js'), 'check', file, '--format', 'json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NODE_DEBUG: 'esm' } });
      expect(run.error).toBeUndefined();
      return [...new Set([...run.stderr.matchAll(/file:\/\/\S*?\/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].map((m) => m[1]!))];
    };
    const manifest = path.join(dir, 'plain.yaml');
    writeFileSync(manifest, deployment(2));
    const plain = packagesLoaded(manifest);
    expect(plain).toContain('js-yaml');
    expect(plain).not.toContain('zod');
    const definition = path.join(dir, 'keelson.yaml');
    writeFileSync(definition, 'name: prod\naccount: "123456789012"\nregion: eu-west-1\n');
    expect(packagesLoaded(definition)).toContain('zod');
  }, 60_000);
});
