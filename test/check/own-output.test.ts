/** keelson's own output must pass keelson's own checks: the synth of the example, templates and manifests. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadDefinition } from '../../src/model/load.js';
import { synthesize } from '../../src/synth/synthesize.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'keelson-own-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('keelson check of keelson synth output', () => {
  it('reports zero failures for the embedded example (templates and GitOps manifests)', async () => {
    // GIVEN the example synthesized to a cloud assembly and a kustomize tree
    const { definition } = await loadDefinition(path.resolve(import.meta.dirname, '../../examples/production/keelson.config.ts'));
    await synthesize(definition, { outDir: path.join(tmp, 'cdk.out'), manifestsDir: path.join(tmp, 'manifests'), validate: false });
    // WHEN both are checked
    let out = '';
    const code = await main(['node', 'keelson', 'check', path.join(tmp, 'cdk.out'), path.join(tmp, 'manifests'), '--format', 'json'], { out: (t) => (out += t), err: () => {} });
    const result = JSON.parse(out) as { findings: { ruleId: string; outcome: string; message: string; suppressed?: boolean }[] };
    // THEN nothing fails, and the rules did run (passes, not silence)
    expect(result.findings.filter((f) => f.outcome === 'fail').map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    expect(code).toBe(0);
    expect(result.findings.length).toBeGreaterThan(0);
    // AND the cloud assembly's manifest alone leads to the same template, with the same verdicts
    let viaManifest = '';
    const manifestCode = await main(['node', 'keelson', 'check', path.join(tmp, 'cdk.out', 'manifest.json'), '--format', 'json'], { out: (t) => (viaManifest += t), err: () => {} });
    const fromManifest = JSON.parse(viaManifest) as { summary: { clusters: number }; findings: { ruleId: string; outcome: string }[] };
    expect(manifestCode).toBe(0);
    expect(fromManifest.summary.clusters).toBe(1);
    expect(fromManifest.findings.filter((f) => f.outcome === 'fail')).toEqual([]);
  });
});
