/** keelson snapshot against an API server on 127.0.0.1, then keelson check of the snapshot, offline. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { run } from '../support/run-cli.js';
import { startFakeEks } from '../support/fake-eks-api.js';
import { startFakeKube } from '../support/fake-kube-api.js';
import type { FakeKube } from '../support/fake-kube-api.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'keelson-live-'));
let api: FakeKube;

function kubeconfigFile(server: string): string {
  const file = path.join(tmp, `kubeconfig-${path.basename(server).replace(/\W/g, '')}`);
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'prod', cluster: { server, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'auditor', user: { token: 'not-a-real-token' } }],
      contexts: [{ name: 'prod', context: { cluster: 'prod', user: 'auditor' } }],
      'current-context': 'prod',
    }),
  );
  return file;
}

beforeAll(async () => {
  api = await startFakeKube({
    objects: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop' } } },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
        spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:latest' }] } } },
      },
    ],
    forbidden: ['clusterrolebindings'],
  });
});
afterAll(async () => {
  await api.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('keelson snapshot, then keelson check of the snapshot', () => {
  it('writes the snapshot and says what it could not read and what to grant', async () => {
    const out = path.join(tmp, 'snap.yaml');
    const r = await run('snapshot', '--kubeconfig', kubeconfigFile(api.url), '-o', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/keelson snapshot: 2 objects from prod/);
    expect(r.out).toMatch(/list clusterrolebindings\.rbac\.authorization\.k8s\.io: forbidden \(403\)[\s\S]*grant: get, list on clusterrolebindings/);
    expect(readFileSync(out, 'utf8')).toMatch(/^kind: List$/m);
    expect(api.requests.every((q) => q.method === 'GET')).toBe(true);
  });

  it('the snapshot is audited offline like any manifest, at the object the finding is about', async () => {
    const snap = path.join(tmp, 'snap.yaml');
    const r = await run('check', snap, '--format', 'json');
    expect([0, 1]).toContain(r.code);
    const result = JSON.parse(r.out) as { findings: { ruleId: string; status?: string; outcome?: string; location?: { file?: string; line?: number } }[] };
    const latest = result.findings.find((f) => f.ruleId.startsWith('SEC-IMAGE-TAG'));
    expect(latest, r.out.slice(0, 500)).toBeTruthy();
    expect(latest!.location?.file).toContain('snap.yaml');
    const line = readFileSync(snap, 'utf8').split('\n')[latest!.location!.line! - 1]!;
    expect(line).toContain('nginx:latest');
  });

  it('with --eks-cluster the AWS side joins the snapshot and the DEF rules run on it', async () => {
    const eks = await startFakeEks({
      cluster: {
        name: 'prod',
        version: '1.36',
        resourcesVpcConfig: { subnetIds: ['subnet-1'], endpointPublicAccess: true, endpointPrivateAccess: true, publicAccessCidrs: ['0.0.0.0/0'] },
        logging: { clusterLogging: [{ types: ['api'], enabled: true }] },
      },
    });
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'not-a-secret';
    try {
      const out = path.join(tmp, 'snap-eks.yaml');
      const r = await run('snapshot', '--kubeconfig', kubeconfigFile(api.url), '-o', out, '--eks-cluster', 'prod', '--region', 'us-east-1', '--eks-endpoint', eks.url, '--no-account');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/EKS cluster prod: 1 resources/);
      const c = await run('check', out, '--format', 'json');
      const ids = (JSON.parse(c.out) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
      expect(ids.some((i) => i.startsWith('CP-ENDPOINT'))).toBe(true);
      expect(ids.some((i) => i.startsWith('CP-LOGGING'))).toBe(true);
      expect(eks.requests.every((q) => q.method === 'GET' || (q.method === 'POST' && q.path.endsWith('/insights')))).toBe(true);
    } finally {
      delete process.env.AWS_ACCESS_KEY_ID;
      delete process.env.AWS_SECRET_ACCESS_KEY;
      await eks.close();
    }
  });

  it('a kubeconfig the client refuses (plain HTTP without skip-verify) is one clear error, not 24 gaps', async () => {
    const file = path.join(tmp, 'kubeconfig-plain');
    writeFileSync(file, readFileSync(kubeconfigFile(api.url), 'utf8').replace(/\s+insecure-skip-tls-verify: true/, ''));
    const r = await run('snapshot', '--kubeconfig', file, '-o', path.join(tmp, 'never.yaml'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot reach the Kubernetes API server at http:\/\/127\.0\.0\.1:\d+: .*skipTLSVerify/);
  });

  it('an unreachable cluster gives one line with the endpoint and the likely cause, exit 2', async () => {
    const dead = await startFakeKube({ objects: [] });
    await dead.close();
    const r = await run('snapshot', '--kubeconfig', kubeconfigFile(dead.url), '-o', path.join(tmp, 'never.yaml'));
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain(dead.url);
    expect(r.err).toMatch(/connection refused/);
  });
});

describe('keelson check --live', () => {
  it('reads the cluster, audits it in one run, keeps the snapshot, and says what it could not read', async () => {
    const saved = path.join(tmp, 'live-saved.yaml');
    const r = await run('check', '--live', '--kubeconfig', kubeconfigFile(api.url), '--save-snapshot', saved, '--format', 'json');
    expect([0, 1]).toContain(r.code);
    const ids = (JSON.parse(r.out) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
    expect(ids.some((i) => i.startsWith('SEC-IMAGE-TAG'))).toBe(true);
    expect(readFileSync(saved, 'utf8')).toContain('nginx:latest');
    expect(r.err).toMatch(/could not read \(\d+\)[\s\S]*clusterrolebindings[\s\S]*grant: get, list on clusterrolebindings/);
    // The forbidden list leaves SEC-RBAC undecided: one not-evaluated finding naming the grant, never a pass
    const report = JSON.parse(r.out) as { findings: { ruleId: string; outcome: string; message: string }[]; rules: { ruleId: string; status: string }[] };
    expect(report.rules.find((x) => x.ruleId === 'SEC-RBAC')?.status).toBe('not-evaluated');
    expect(report.findings.filter((f) => f.ruleId === 'SEC-RBAC').map((f) => [f.outcome, f.message])).toEqual([
      ['not-evaluated', expect.stringMatching(/^not evaluated: the live audit could not read list clusterrolebindings\.rbac\.authorization\.k8s\.io \(forbidden \(403\).*\); grant get, list on clusterrolebindings in apiGroup "rbac\.authorization\.k8s\.io"$/)],
    ]);
    // AND the saved snapshot gives the same findings offline
    const offline = await run('check', saved, '--format', 'json');
    const offlineIds = (JSON.parse(offline.out) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
    expect(offlineIds).toEqual(ids);
  });
});
