import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../support/run-cli.js';
import { EKS_LIFECYCLE } from '../../src/planners/upgrade/lifecycle.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'keelson-plan-upgrade-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const manifests = path.join(tmp, 'apps.yaml');
writeFileSync(
  manifests,
  [
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api, namespace: shop }\nspec:\n  replicas: 2\n  selector: { matchLabels: { app: api } }\n  template: { metadata: { labels: { app: api } }, spec: { containers: [{ name: c, image: x }] } }\n',
    'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: api, namespace: shop }\nspec:\n  minAvailable: 2\n  selector: { matchLabels: { app: api } }\n',
  ].join('---\n'),
);
const today = EKS_LIFECYCLE.versions.find((v) => v.version === '1.36')?.eksRelease ?? '2026-06-02';

describe('keelson plan upgrade', () => {
  it('lists the located blockers and exits 1', async () => {
    // GIVEN a PDB that blocks drains WHEN planning 1.35 -> 1.36 THEN a blocker at the PDB's spec, exit 1
    const r = await run('plan', 'upgrade', '--from', '1.35', '--to', '1.36', '--today', today, manifests);
    expect(r.code).toBe(1);
    expect(r.out).toContain('blue-green');
    expect(r.out).toMatch(/blocker\s+pdb\s+\S*apps\.yaml:12:1 spec\s+PodDisruptionBudget shop\/api allows 0 of 2/);
  });

  it('writes the Markdown runbook atomically with --output and prints it with --format markdown', async () => {
    // GIVEN --output WHEN planned THEN the file holds the same runbook --format markdown prints
    const file = path.join(tmp, 'runbook.md');
    await run('plan', 'upgrade', '--from', '1.35', '--to', '1.36', '--today', today, '--output', file, manifests);
    const md = await run('plan', 'upgrade', '--from', '1.35', '--to', '1.36', '--today', today, '--format', 'markdown', manifests);
    expect(readFileSync(file, 'utf8')).toBe(md.out);
    expect(md.out).toMatch(/^# Upgrade runbook: /);
  });

  it('exits 0 when nothing blocks, and 2 for a target that is not a version', async () => {
    // GIVEN no manifests WHEN planning a patch THEN exit 0; GIVEN --to banana THEN exit 2 with the known versions
    expect((await run('plan', 'upgrade', '--from', '1.36', '--to', '1.36', '--today', today)).code).toBe(0);
    const bad = await run('plan', 'upgrade', '--to', 'banana');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--to banana is not a Kubernetes version[\s\S]*fix: pass --to 1\.36/);
  });

  it('says where the lifecycle table ends for a version beyond it, exit 2', async () => {
    // GIVEN a target newer than every version in the embedded table WHEN planning
    const r = await run('plan', 'upgrade', '--from', '1.36', '--to', '1.40', '--today', today);
    // THEN a usage error naming the newest known version and how to extend the table
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--to 1\.40: keelson's EKS lifecycle table ends at 1\.36[\s\S]*fix: pass --to 1\.36 or older; once EKS releases 1\.40, add it to/);
  });

  it("judges the definition's own Karpenter objects and version with --config", async () => {
    // GIVEN a definition on 1.35 (its EC2NodeClass pins an AMI alias) WHEN planning 1.36 without --from
    const cfg = path.join(tmp, 'keelson.yaml');
    writeFileSync(cfg, 'name: demo\naccount: "123456789012"\nregion: eu-west-1\nkubernetesVersion: "1.35"\n');
    const r = await run('plan', 'upgrade', '--config', cfg, '--to', '1.36', '--today', today, '--format', 'json');
    const j = JSON.parse(r.out) as { from: string; clusterName: string; findings: { area: string; message: string; location?: { file?: string } }[] };
    // THEN the version and name come from the definition and the pinned alias is located in the rendered objects
    expect(j).toMatchObject({ from: '1.35', clusterName: 'demo' });
    expect(j.findings.some((f) => f.area === 'nodes' && /pins al2023@/.test(f.message) && (f.location?.file ?? '').includes('rendered by keelson synth'))).toBe(true);
  });

  it('emits the plan as JSON', async () => {
    // GIVEN --format json THEN the blockers count and strategy are fields
    const r = await run('plan', 'upgrade', '--from', '1.35', '--to', '1.36', '--today', today, '--format', 'json', manifests);
    const j = JSON.parse(r.out) as { strategy: string; blockers: number };
    expect(j).toMatchObject({ strategy: 'blue-green', blockers: 1 });
  });
});
