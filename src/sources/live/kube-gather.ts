/**
 * Reads a running cluster through @kubernetes/client-node: discovery, then one paginated list per kind with
 * bounded concurrency, retries on throttling, and a gap (never a crash, never a silent pass) for whatever the
 * credentials may not read. Read-only: only GET requests are ever sent.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { LIVE_KINDS, NAMED_CONFIGMAPS, RULES_BY_RESOURCE } from './kinds.js';
import type { KindSpec } from './kinds.js';
import { trimObject } from './trim.js';

export interface Gap {
  /** What could not be read, e.g. `list pods` or `karpenter.sh (not installed)`. */
  readonly what: string;
  readonly reason: string;
  /** The RBAC grant that would close the gap, when the cause is a missing permission. */
  readonly grant?: string;
  /** The rules this gap leaves undecided: they are reported `not evaluated`, never passed or failed on half the evidence. */
  readonly rules?: readonly string[];
}

export interface KubeSnapshot {
  readonly server: string;
  readonly context: string;
  readonly objects: Record<string, unknown>[];
  readonly gaps: Gap[];
  readonly requests: number;
  /** Groups served by the API server that keelson looked for (karpenter.sh, kyverno.io, ...). */
  readonly customGroups: Record<string, string>;
}

export interface GatherOptions {
  readonly pageSize?: number;
  readonly concurrency?: number;
  readonly maxRetries?: number;
  /** Per-request timeout. @default 30 s */
  readonly timeoutMs?: number;
  readonly onProgress?: (phase: string, objects: number) => void;
  /** For tests: how long to wait before a retry (Retry-After in seconds when the server sent one). */
  readonly sleep?: (ms: number) => Promise<void>;
}

const BUILTIN_VERSIONS: Record<string, string> = {
  '': 'v1',
  apps: 'v1',
  batch: 'v1',
  policy: 'v1',
  autoscaling: 'v2',
  'networking.k8s.io': 'v1',
  'rbac.authorization.k8s.io': 'v1',
};

interface ApiError {
  code?: number;
  headers?: Record<string, string>;
  message?: string;
  cause?: { code?: string };
}

export class ClusterUnreachableError extends Error {
  constructor(readonly server: string, cause: string) {
    super(`cannot reach the Kubernetes API server at ${server}: ${cause}`);
  }
}

function describeNetworkError(e: unknown): string | undefined {
  const err = e as ApiError & { code?: unknown };
  const code = typeof err.code === 'string' ? err.code : err.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused (is the endpoint private and you are outside the VPC, or is the cluster gone?)';
  if (code === 'ENOTFOUND') return 'the host name does not resolve (check the kubeconfig context and region)';
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'connection timed out (a private endpoint needs a VPN or bastion; a public one may not allow your IP)';
  return undefined;
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(Object.assign(new Error(`timed out after ${ms} ms`), { code: 'ETIMEDOUT' })), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export async function gatherKubernetes(kc: KubeConfig, options: GatherOptions = {}): Promise<KubeSnapshot> {
  const k8s = await import('@kubernetes/client-node');
  const pageSize = options.pageSize ?? 500;
  const concurrency = options.concurrency ?? 4;
  const maxRetries = options.maxRetries ?? 5;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const server = kc.getCurrentCluster()?.server ?? '(no cluster in kubeconfig)';
  const objects: Record<string, unknown>[] = [];
  const gaps: Gap[] = [];
  let requests = 0;

  /** One request with throttling retries; network failures become ClusterUnreachableError. */
  async function call<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      requests++;
      try {
        return await withTimeout(fn(), timeoutMs);
      } catch (e) {
        const err = e as ApiError;
        if (err.code === 429 && attempt < maxRetries) {
          const retryAfter = Number(err.headers?.['retry-after'] ?? err.headers?.['Retry-After']);
          await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 2 ** attempt * 250);
          continue;
        }
        const network = describeNetworkError(e);
        if (network) throw new ClusterUnreachableError(server, network);
        throw e;
      }
    }
  }

  const apis = kc.makeApiClient(k8s.ApisApi);
  const customGroups: Record<string, string> = {};
  try {
    const groups = await call(() => apis.getAPIVersions());
    for (const g of groups.groups) if (g.preferredVersion) customGroups[g.name] = g.preferredVersion.version;
  } catch (e) {
    if (e instanceof ClusterUnreachableError) throw e;
    // No HTTP status at all means the client never got an answer (TLS, proxy, scheme): nothing else will work.
    if (typeof (e as ApiError).code !== 'number') throw new ClusterUnreachableError(server, errorReason(e));
    gaps.push({ what: 'API discovery (/apis)', reason: errorReason(e) });
  }

  const objectsApi = k8s.KubernetesObjectApi.makeApiClient(kc);
  const listKind = async (spec: KindSpec): Promise<void> => {
    const version = spec.custom ? customGroups[spec.group] : BUILTIN_VERSIONS[spec.group];
    if (!version) {
      if (spec.custom && !spec.optional && !gaps.some((g) => g.what === `${spec.group} (not installed)`)) gaps.push({ what: `${spec.group} (not installed)`, reason: 'the API server does not serve this group' });
      return;
    }
    const apiVersion = spec.group ? `${spec.group}/${version}` : version;
    let continueToken: string | undefined;
    try {
      do {
        const token = continueToken;
        const page = await call(() => objectsApi.list(apiVersion, spec.kind, undefined, undefined, undefined, undefined, undefined, undefined, pageSize, token));
        for (const item of page.items) objects.push(trimObject({ apiVersion, kind: spec.kind, ...(item as unknown as Record<string, unknown>) }));
        continueToken = page.metadata?._continue || undefined;
        options.onProgress?.(`${spec.kind}`, objects.length);
      } while (continueToken);
    } catch (e) {
      if (e instanceof ClusterUnreachableError) throw e;
      gaps.push({ what: `list ${spec.resource}${spec.group ? `.${spec.group}` : ''}`, reason: errorReason(e), grant: (e as ApiError).code === 403 ? `get, list on ${spec.resource} in apiGroup "${spec.group}"` : undefined, rules: RULES_BY_RESOURCE[spec.resource] ?? [] });
    }
  };

  const queue = [...LIVE_KINDS];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let spec = queue.shift(); spec; spec = queue.shift()) await listKind(spec);
    }),
  );

  const core = kc.makeApiClient(k8s.CoreV1Api);
  for (const cm of NAMED_CONFIGMAPS) {
    try {
      const obj = await call(() => core.readNamespacedConfigMap({ name: cm.name, namespace: cm.namespace }));
      objects.push(trimObject({ apiVersion: 'v1', kind: 'ConfigMap', ...(obj as unknown as Record<string, unknown>) }));
    } catch (e) {
      if (e instanceof ClusterUnreachableError) throw e;
      if ((e as ApiError).code === 404) continue;
      gaps.push({ what: `get configmap ${cm.namespace}/${cm.name}`, reason: errorReason(e), grant: (e as ApiError).code === 403 ? `get on configmaps named ${cm.name}` : undefined, rules: RULES_BY_RESOURCE[`configmaps/${cm.name}`] ?? [] });
    }
  }
  // Stable order: the same cluster gives the same snapshot, whatever order the pages arrived in.
  objects.sort((a, b) => key(a).localeCompare(key(b)));
  return { server, context: kc.getCurrentContext(), objects, gaps, requests, customGroups };
}

function key(o: Record<string, unknown>): string {
  const m = (o.metadata ?? {}) as { namespace?: string; name?: string };
  return `${String(o.apiVersion)}|${String(o.kind)}|${m.namespace ?? ''}|${m.name ?? ''}`;
}

function errorReason(e: unknown): string {
  const err = e as ApiError;
  if (err.code === 403) return 'forbidden (403): the credentials may not read this';
  if (err.code === 401) return 'unauthorized (401): the credentials were rejected';
  if (err.code === 429) return 'throttled (429) after retries';
  if (typeof err.code === 'number') return `HTTP ${err.code}`;
  return err.message ?? String(e);
}
