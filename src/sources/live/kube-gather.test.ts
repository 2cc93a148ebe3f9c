import { afterEach, describe, expect, it } from 'vitest';
import { KubeConfig } from '@kubernetes/client-node';
import { KARPENTER_RESOURCES, startFakeKube } from '../../../test/support/fake-kube-api.js';
import type { FakeKube } from '../../../test/support/fake-kube-api.js';
import { ClusterUnreachableError, gatherKubernetes } from './kube-gather.js';
import { auditClusterRole } from './kinds.js';

let api: FakeKube | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

function kubeconfig(server: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'test', server, skipTLSVerify: true }],
    users: [{ name: 'audit', token: 'not-a-real-token' }],
    contexts: [{ name: 'test', cluster: 'test', user: 'audit' }],
    currentContext: 'test',
  });
  return kc;
}

const pod = (ns: string, name: string): Record<string, unknown> => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns, managedFields: [{ manager: 'kubectl' }] },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
  status: { phase: 'Running', podIP: '10.0.0.1', conditions: [] },
});

describe('gatherKubernetes against a Kubernetes API server on 127.0.0.1', () => {
  it('lists every kind page by page, reads only with GET, and never touches Secrets', async () => {
    // GIVEN 1,234 pods, a namespace, a Secret, the CoreDNS ConfigMap and Karpenter's CRDs
    const objects: Record<string, unknown>[] = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'payments' }, data: { password: 'c2VjcmV0' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: '.:53 {}' } },
      { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name: 'general-purpose' }, spec: {} },
      ...Array.from({ length: 1234 }, (_, i) => pod('payments', `p${i}`)),
    ];
    api = await startFakeKube({ objects, resources: KARPENTER_RESOURCES });
    // WHEN gathered with pages of 100
    const snap = await gatherKubernetes(kubeconfig(api.url), { pageSize: 100 });
    // THEN every pod arrived, trimmed, and nothing was written or read that should not be
    expect(snap.objects.filter((o) => o.kind === 'Pod')).toHaveLength(1234);
    expect(snap.objects.find((o) => o.kind === 'Pod')!.metadata).not.toHaveProperty('managedFields');
    expect(snap.objects.find((o) => o.kind === 'Pod')!.status).toEqual({ phase: 'Running' });
    expect(snap.objects.some((o) => o.kind === 'NodePool')).toBe(true);
    expect(snap.objects.some((o) => o.kind === 'ConfigMap' && (o.metadata as { name: string }).name === 'coredns')).toBe(true);
    expect(api.requests.every((r) => r.method === 'GET')).toBe(true);
    expect(api.requests.some((r) => r.url.includes('/secrets'))).toBe(false);
    expect(JSON.stringify(snap.objects)).not.toContain('c2VjcmV0');
    // AND pagination followed continue tokens: 13 pod pages
    expect(api.requests.filter((r) => r.url.startsWith('/api/v1/pods?')).length).toBe(13);
    expect(snap.gaps.map((g) => g.what)).toContain('kyverno.io (not installed)');
  });

  it('reads the Secret-source, observability and signing custom resources when served, and does not list their absence', async () => {
    // GIVEN a cluster that serves External Secrets (and nothing else optional)
    const external = { group: 'external-secrets.io', version: 'v1', kind: 'ExternalSecret', resource: 'externalsecrets', namespaced: true };
    const objects = [{ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'db', namespace: 'payments' }, spec: { secretStoreRef: { name: 'aws', kind: 'ClusterSecretStore' }, target: { name: 'db' } } }];
    api = await startFakeKube({ objects, resources: [external] });
    const snap = await gatherKubernetes(kubeconfig(api.url));
    // THEN the ExternalSecret is read (a list, not a GET per object), and the missing optional groups are not gaps
    expect(snap.objects.filter((o) => o.kind === 'ExternalSecret').map((o) => (o.metadata as { name: string }).name)).toEqual(['db']);
    expect(api.requests.some((r) => r.url.startsWith('/apis/external-secrets.io/v1/externalsecrets'))).toBe(true);
    expect(snap.gaps.map((g) => g.what).filter((w) => /opentelemetry|sigstore|bitnami|cert-manager|monitoring\.coreos/.test(w))).toEqual([]);
    // AND the ClusterRole grants get/list on them
    const rules = (auditClusterRole() as { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] }).rules;
    expect(rules.find((r) => r.apiGroups.includes('external-secrets.io'))).toEqual({ apiGroups: ['external-secrets.io'], resources: ['externalsecrets', 'secretstores', 'clustersecretstores'], verbs: ['get', 'list'] });
  });

  it('turns a 403 into a gap that names the missing permission, and still reads the rest', async () => {
    api = await startFakeKube({ objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } }], forbidden: ['rolebindings'] });
    const snap = await gatherKubernetes(kubeconfig(api.url));
    const gap = snap.gaps.find((g) => g.what.startsWith('list rolebindings'));
    expect(gap?.reason).toMatch(/403/);
    expect(gap?.grant).toBe('get, list on rolebindings in apiGroup "rbac.authorization.k8s.io"');
    expect(snap.objects.some((o) => o.kind === 'Namespace')).toBe(true);
  });

  it('retries a 429 after the Retry-After the server asked for', async () => {
    api = await startFakeKube({ objects: [pod('a', 'x')], throttleOnce: ['pods'] });
    const waits: number[] = [];
    const snap = await gatherKubernetes(kubeconfig(api.url), { sleep: async (ms) => void waits.push(ms) });
    expect(waits).toEqual([1000]);
    expect(snap.objects.filter((o) => o.kind === 'Pod')).toHaveLength(1);
    expect(snap.gaps.filter((g) => g.what.includes('pods'))).toEqual([]);
  });

  it('an unreachable cluster is one clear error with the endpoint and the likely cause', async () => {
    const closed = await startFakeKube({ objects: [] });
    const url = closed.url;
    await closed.close();
    await expect(gatherKubernetes(kubeconfig(url))).rejects.toThrow(ClusterUnreachableError);
    await expect(gatherKubernetes(kubeconfig(url))).rejects.toThrow(new RegExp(`${url.replace(/[.]/g, '\\.')}: connection refused`));
  });

  it('the audit ClusterRole grants get/list only, and ConfigMaps by name only', () => {
    const role = auditClusterRole() as { rules: { verbs: string[]; resources: string[]; resourceNames?: string[] }[] };
    expect(new Set(role.rules.flatMap((r) => r.verbs))).toEqual(new Set(['get', 'list']));
    expect(role.rules.flatMap((r) => r.resources)).not.toContain('secrets');
    expect(role.rules.find((r) => r.resources.includes('configmaps'))!.resourceNames).toEqual(['coredns', 'aws-auth']);
  });
});
