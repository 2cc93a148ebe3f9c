/**
 * A Kubernetes API server on 127.0.0.1 for tests: discovery, paginated lists (limit/continue), named reads, and
 * configurable 403 and 429 answers. It records every request so tests can prove an audit is read-only.
 * The real @kubernetes/client-node talks to it over HTTP; no client is mocked.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeResource {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly resource: string;
  readonly namespaced: boolean;
}

export interface FakeKubeOptions {
  readonly objects: Record<string, unknown>[];
  /** Resources (plural names) that answer 403. */
  readonly forbidden?: readonly string[];
  /** Resources that answer 429 with Retry-After once before succeeding. */
  readonly throttleOnce?: readonly string[];
  /** Extra served resources, e.g. Karpenter's. */
  readonly resources?: readonly FakeResource[];
}

export const CORE_RESOURCES: readonly FakeResource[] = [
  { group: '', version: 'v1', kind: 'Namespace', resource: 'namespaces', namespaced: false },
  { group: '', version: 'v1', kind: 'Node', resource: 'nodes', namespaced: false },
  { group: '', version: 'v1', kind: 'Pod', resource: 'pods', namespaced: true },
  { group: '', version: 'v1', kind: 'Service', resource: 'services', namespaced: true },
  { group: '', version: 'v1', kind: 'ServiceAccount', resource: 'serviceaccounts', namespaced: true },
  { group: '', version: 'v1', kind: 'ConfigMap', resource: 'configmaps', namespaced: true },
  { group: '', version: 'v1', kind: 'Secret', resource: 'secrets', namespaced: true },
  { group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments', namespaced: true },
  { group: 'apps', version: 'v1', kind: 'StatefulSet', resource: 'statefulsets', namespaced: true },
  { group: 'apps', version: 'v1', kind: 'DaemonSet', resource: 'daemonsets', namespaced: true },
  { group: 'batch', version: 'v1', kind: 'Job', resource: 'jobs', namespaced: true },
  { group: 'batch', version: 'v1', kind: 'CronJob', resource: 'cronjobs', namespaced: true },
  { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', resource: 'poddisruptionbudgets', namespaced: true },
  { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler', resource: 'horizontalpodautoscalers', namespaced: true },
  { group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy', resource: 'networkpolicies', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', resource: 'clusterroles', namespaced: false },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding', resource: 'clusterrolebindings', namespaced: false },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', resource: 'roles', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding', resource: 'rolebindings', namespaced: true },
];

export const KARPENTER_RESOURCES: readonly FakeResource[] = [
  { group: 'karpenter.sh', version: 'v1', kind: 'NodePool', resource: 'nodepools', namespaced: false },
  { group: 'karpenter.sh', version: 'v1', kind: 'NodeClaim', resource: 'nodeclaims', namespaced: false },
  { group: 'karpenter.k8s.aws', version: 'v1', kind: 'EC2NodeClass', resource: 'ec2nodeclasses', namespaced: false },
];

export interface FakeKube {
  readonly url: string;
  readonly requests: { method: string; url: string }[];
  close(): Promise<void>;
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function status(code: number, reason: string, message: string): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

export async function startFakeKube(options: FakeKubeOptions): Promise<FakeKube> {
  const resources = [...CORE_RESOURCES, ...(options.resources ?? [])];
  const throttled = new Set<string>();
  const requests: { method: string; url: string }[] = [];
  const apiVersionOf = (r: FakeResource): string => (r.group ? `${r.group}/${r.version}` : r.version);
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '' });
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean);
    if (req.method !== 'GET') return json(res, 405, status(405, 'MethodNotAllowed', 'read-only fake'));
    if (url.pathname === '/apis') {
      const groups = [...new Set(resources.filter((r) => r.group).map((r) => r.group))].map((g) => {
        const v = resources.find((r) => r.group === g)!.version;
        return { name: g, versions: [{ groupVersion: `${g}/${v}`, version: v }], preferredVersion: { groupVersion: `${g}/${v}`, version: v } };
      });
      return json(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups });
    }
    // /api/v1 or /apis/{group}/{version}: resource discovery
    const isCore = parts[0] === 'api';
    const group = isCore ? '' : parts[1];
    const version = isCore ? parts[1] : parts[2];
    const rest = parts.slice(isCore ? 2 : 3);
    const served = resources.filter((r) => r.group === group && r.version === version);
    if (served.length === 0) return json(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
    if (rest.length === 0) {
      return json(res, 200, {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: group ? `${group}/${version}` : version,
        resources: served.map((r) => ({ name: r.resource, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'list', 'watch'] })),
      });
    }
    // Named read: /api/v1/namespaces/{ns}/{resource}/{name}
    if (rest[0] === 'namespaces' && rest.length === 4) {
      const r = served.find((x) => x.resource === rest[2]);
      if (!r) return json(res, 404, status(404, 'NotFound', 'no such resource'));
      if (options.forbidden?.includes(r.resource)) return json(res, 403, status(403, 'Forbidden', `${r.resource} is forbidden`));
      const obj = options.objects.find((o) => o.kind === r.kind && (o.metadata as { namespace?: string; name?: string }).namespace === rest[1] && (o.metadata as { name?: string }).name === rest[3]);
      return obj ? json(res, 200, obj) : json(res, 404, status(404, 'NotFound', `${rest[2]} "${rest[3]}" not found`));
    }
    if (rest.length !== 1) return json(res, 404, status(404, 'NotFound', 'unsupported path'));
    const r = served.find((x) => x.resource === rest[0]);
    if (!r) return json(res, 404, status(404, 'NotFound', 'no such resource'));
    if (options.forbidden?.includes(r.resource)) return json(res, 403, status(403, 'Forbidden', `${r.resource} is forbidden: User "audit" cannot list resource "${r.resource}"`));
    if (options.throttleOnce?.includes(r.resource) && !throttled.has(r.resource)) {
      throttled.add(r.resource);
      return json(res, 429, status(429, 'TooManyRequests', 'slow down'), { 'retry-after': '1' });
    }
    const all = options.objects.filter((o) => o.kind === r.kind && o.apiVersion === apiVersionOf(r));
    const limit = Number(url.searchParams.get('limit') ?? all.length) || all.length;
    const start = Number(url.searchParams.get('continue') ?? 0);
    const items = all.slice(start, start + limit);
    const next = start + limit < all.length ? String(start + limit) : undefined;
    return json(res, 200, { kind: `${r.kind}List`, apiVersion: apiVersionOf(r), metadata: { resourceVersion: '1', ...(next ? { continue: next } : {}) }, items });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
