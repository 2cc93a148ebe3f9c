import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../support/run-cli.js';
import { loadDefinition } from '../../src/model/load.js';
import { parseDefinition } from '../../src/model/parse.js';

const root = path.resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'keelson-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('keelson --version', () => {
  it('prints the package version', async () => {
    const r = await run('--version');
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(pkg.version);
  });
});

describe('keelson synth', () => {
  it('writes the cloud assembly and prints where it went and what it contains', async () => {
    // GIVEN a YAML definition WHEN synthesized without validation THEN a deployable assembly and a summary
    const cfg = path.join(tmp, 'ok.yaml');
    writeFileSync(cfg, 'name: demo\naccount: "123456789012"\nregion: eu-west-1\n');
    const out = path.join(tmp, 'out-ok');
    const r = await run('synth', '--config', cfg, '--out', out, '--manifests', path.join(tmp, 'manifests-ok'), '--no-validation');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('demo (account 123456789012, eu-west-1, Kubernetes 1.36)');
    expect(r.out).toMatch(/AWS::EKS::Cluster\s+1/);
    expect(r.out).toContain(`npx cdk deploy --app`);
    expect(r.out).not.toContain('second cluster admin');
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['manifest.json', 'demo-eks.template.json']));
    expect(r.out).toMatch(/manifests\s+\S*manifests-ok\/\s+\(kustomize tree: namespaces, karpenter, kyverno/);
    expect(readdirSync(path.join(tmp, 'manifests-ok'))).toEqual(expect.arrayContaining(['karpenter', 'kustomization.yaml', 'kyverno', 'namespaces']));
  });

  it('delivery cdk: the summary says the kubectl provider role is a second cluster admin; gitops says nothing', async () => {
    // GIVEN the same definition delivered by the CDK app
    const cfg = path.join(tmp, 'cdk.yaml');
    writeFileSync(cfg, 'name: demo\naccount: "123456789012"\nregion: eu-west-1\ndelivery: cdk\n');
    const r = await run('synth', '--config', cfg, '--out', path.join(tmp, 'out-cdk'), '--no-validation');
    // THEN the trade-off is printed before the deploy command
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/note\s+delivery: cdk: the CDK kubectl provider's role is a second cluster admin/);
    expect(r.out.indexOf('note')).toBeLessThan(r.out.indexOf('npx cdk deploy'));
    // AND the template holds exactly that access entry besides the break-glass ones
    const t = JSON.parse(readFileSync(path.join(tmp, 'out-cdk', 'demo-eks.template.json'), 'utf8')) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    const admins = Object.values(t.Resources).filter(
      (res) => res.Type === 'AWS::EKS::AccessEntry' && JSON.stringify(res.Properties.AccessPolicies).includes('AmazonEKSClusterAdminPolicy'),
    );
    expect(admins.some((a) => JSON.stringify(a.Properties.PrincipalArn).includes('KubectlProvider'))).toBe(true);
  });

  it('exits 2 with file:line:column, the value and the fix, and writes nothing', async () => {
    const cfg = path.join(tmp, 'bad.yaml');
    writeFileSync(cfg, ['name: demo', 'account: "123456789012"', 'region: eu-west-1', 'endpoint:', '  publicAccess: true', '  publicAccessCidrs: ["0.0.0.0/0"]', ''].join('\n'));
    const out = path.join(tmp, 'out-bad');
    const r = await run('synth', '--config', cfg, '--out', out, '--manifests', path.join(tmp, 'manifests-bad'));
    expect(r.code).toBe(2);
    expect(existsSync(path.join(tmp, 'manifests-bad'))).toBe(false);
    expect(r.err).toMatch(/bad\.yaml:6:23 endpoint\.publicAccessCidrs\[0\]: 0\.0\.0\.0\/0 opens the API server/);
    expect(r.err).toMatch(/fix: list specific CIDRs/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.startsWith('.keelson-tmp'))).toEqual([]);
  });

  it('leaves a previous good output untouched when a later synth fails', async () => {
    const out = path.join(tmp, 'out-ok');
    const before = readFileSync(path.join(out, 'demo-eks.template.json'), 'utf8');
    const r = await run('synth', '--config', path.join(tmp, 'bad.yaml'), '--out', out, '--manifests', path.join(tmp, 'manifests-ok'));
    expect(r.code).toBe(2);
    expect(readFileSync(path.join(out, 'demo-eks.template.json'), 'utf8')).toBe(before);
  });

  it('says how to start when no config is found', async () => {
    const r = await run('synth', '--config', path.join(tmp, 'missing.ts'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/file not found[\s\S]*keelson init/);
  });

  it('rejects unknown options as bad usage', async () => {
    const r = await run('synth', '--frobnicate');
    expect(r.code).toBe(2);
  });
});

describe('keelson init', () => {
  it('scaffolds a project whose spelled-out config equals the production defaults', async () => {
    // GIVEN an empty directory WHEN init runs THEN the config, package.json and README are written
    const dir = path.join(tmp, 'proj');
    const r = await run('init', dir, '--name', 'payments-prod');
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['.gitignore', 'README.md', 'keelson.config.ts', 'package.json']);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.synth).toContain('keelson synth');
    // AND the scaffolded config, loaded for real, is exactly the schema defaults
    const cfg = path.join(dir, 'keelson.config.ts');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace("from 'keelson'", `from '${pathToFileURL(path.join(root, 'src/model/parse.ts')).href}'`));
    const loaded = await loadDefinition(cfg);
    expect(loaded.definition).toEqual(parseDefinition({ name: 'payments-prod', account: '123456789012', region: 'us-east-1' }));
  });

  it('refuses to overwrite without --force', async () => {
    const r = await run('init', path.join(tmp, 'proj'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/already exists[\s\S]*--force/);
  });
});
