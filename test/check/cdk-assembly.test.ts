/** CDK cloud assemblies: a manifest.json is followed to every stack template it lists, nested stage assemblies included. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import cpEndpoint from '../../src/rules/control-plane/cp-endpoint.js';
import { runRules } from '../../src/rules/engine.js';
import { detectKind } from '../../src/sources/detect.js';
import { readInputs, readInputsAsync } from '../../src/sources/read-inputs.js';

const ASSEMBLY = path.join(import.meta.dirname, 'fixtures', 'cdk-assembly');
const shown = (f: string): string => path.relative(ASSEMBLY, f).split(path.sep).join('/');

describe('CDK cloud assemblies', () => {
  it('reads the templates a manifest lists, nested assemblies too, with lines in each template', async () => {
    // GIVEN only the top manifest.json (templates are not given, and one sits in a nested stage assembly)
    const inv = await readInputsAsync([path.join(ASSEMBLY, 'manifest.json')], shown);
    // THEN both stacks are read: the network stack's VPC and the stage's cluster
    expect(inv.documents.map((d) => d.origin.file)).toEqual(['manifest.json', 'Network.template.json', 'assembly-Prod/manifest.json', 'assembly-Prod/ProdCluster.template.json']);
    expect(inv.networks.map((n) => n.name)).toEqual(['Vpc']);
    expect(inv.clusters.map((c) => c.name)).toEqual(['Cluster']);
    // AND the manifests are recognised, not counted as unknown objects
    expect(inv.unknownObjects).toBe(0);
    // AND a finding in the nested template points at its line there
    const r = runRules([cpEndpoint], inv);
    expect(r.findings.map((f) => `${f.id} ${f.location.file}:${f.location.line}`)).toEqual(['CP-ENDPOINT[public] assembly-Prod/ProdCluster.template.json:13']);
  });

  it('reads each template once when the directory is given as well', () => {
    // GIVEN the assembly directory (whose walk finds the templates) and its manifest again
    const inv = readInputs([ASSEMBLY, path.join(ASSEMBLY, 'manifest.json')], shown);
    const files = inv.documents.map((d) => d.origin.file);
    expect(files.filter((f) => f.endsWith('.template.json')).sort()).toEqual(['Network.template.json', 'assembly-Prod/ProdCluster.template.json']);
    expect(inv.clusters).toHaveLength(1);
  });

  it('reports a template the manifest lists but that is missing, and reads the rest', () => {
    // GIVEN a copy of the assembly without the network template
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keelson-asm-'));
    try {
      cpSync(ASSEMBLY, dir, { recursive: true });
      rmSync(path.join(dir, 'Network.template.json'));
      const inv = readInputs([path.join(dir, 'manifest.json')], (f) => path.relative(dir, f));
      expect(inv.notices.map((n) => [n.kind, n.location.file, n.message])).toEqual([['skipped', 'manifest.json', 'skipped: Network.template.json is listed in this cloud assembly manifest but missing']]);
      expect(inv.clusters).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('detects a manifest by content, not by name', () => {
    expect(detectKind({ version: '48.0.0', artifacts: { S: { type: 'aws:cloudformation:stack', properties: { templateFile: 'S.template.json' } } } })).toBe('cdk-assembly');
    expect(detectKind({ version: '1', artifacts: { x: { type: 'npm:package' } } })).toBe('unknown');
  });

  it('recognises the bookkeeping files cdk synth writes beside the templates, so they are not unknown objects', () => {
    // (shapes as aws-cdk-lib 2 writes them into cdk.out)
    expect(detectKind({ version: 'tree-0.1', tree: { id: 'App', path: '' } })).toBe('cdk-assembly');
    expect(detectKind({ version: '55.0.0', files: { abc: { displayName: 'x' } }, dockerImages: {} })).toBe('cdk-assembly');
    expect(detectKind({ '/Stack': [{ type: 'aws:cdk:acknowledged-rules', data: {} }, { type: 'aws:cdk:templateFile', data: 'S.template.json' }] })).toBe('cdk-assembly');
    expect(detectKind({ version: '55.0.0', title: 'Validation Report', pluginReports: [] })).toBe('cdk-assembly');
    // AND look-alikes are not
    expect(detectKind({ '/path': [{ type: 'npm:thing' }] })).toBe('unknown');
    expect(detectKind({ version: '1.0', files: {} })).toBe('unknown');
  });
});
