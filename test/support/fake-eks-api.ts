/**
 * The EKS API (REST-JSON, as the AWS SDK v3 speaks it) on 127.0.0.1 with recorded responses, reached through the
 * SDK's endpoint override. Records every request; can deny an operation or throttle it once.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeEksOptions {
  readonly cluster: Record<string, unknown>;
  readonly nodegroups?: Record<string, unknown>[];
  readonly addons?: Record<string, unknown>[];
  readonly accessEntries?: string[];
  /** Principal ARN -> access entry type (STANDARD when absent). */
  readonly accessEntryTypes?: Record<string, string>;
  readonly podIdentityAssociations?: Record<string, unknown>[];
  readonly fargateProfiles?: Record<string, unknown>[];
  /** Add-on name -> the versions DescribeAddonVersions lists, newest first, with the Kubernetes versions each supports. */
  readonly addonVersions?: Record<string, { version: string; clusterVersions: string[] }[]>;
  /** Upgrade insights (summaries as ListInsights answers them). */
  readonly insights?: Record<string, unknown>[];
  /** Path suffixes ('node-groups', 'addons', ...) answering AccessDeniedException. */
  readonly denied?: readonly string[];
  /** Path suffixes answering ThrottlingException once. */
  readonly throttleOnce?: readonly string[];
  readonly pageSize?: number;
}

export interface FakeEks {
  readonly url: string;
  readonly requests: { method: string; path: string }[];
  close(): Promise<void>;
}

export async function startFakeEks(o: FakeEksOptions): Promise<FakeEks> {
  const requests: { method: string; path: string }[] = [];
  const throttled = new Set<string>();
  const pageSize = o.pageSize ?? 100;
  const send = (res: http.ServerResponse, status: number, body: unknown, errorType?: string): void => {
    res.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
    res.end(JSON.stringify(body));
  };
  const page = <T>(items: T[], token: string | null): { items: T[]; nextToken?: string } => {
    const start = Number(token ?? 0);
    const next = start + pageSize < items.length ? String(start + pageSize) : undefined;
    return { items: items.slice(start, start + pageSize), ...(next ? { nextToken: next } : {}) };
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({ method: req.method ?? '', path: url.pathname });
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const name = (o.cluster as { name: string }).name;
    if (req.method === 'GET' && url.pathname === '/addons/supported-versions') {
      if (o.denied?.includes('supported-versions')) return send(res, 403, { message: 'User is not authorized to perform eks:DescribeAddonVersions' }, 'AccessDeniedException');
      const addon = url.searchParams.get('addonName') ?? '';
      const k8s = url.searchParams.get('kubernetesVersion');
      const versions = (o.addonVersions?.[addon] ?? []).filter((v) => !k8s || v.clusterVersions.includes(k8s));
      return send(res, 200, {
        addons:
          versions.length === 0
            ? []
            : [{ addonName: addon, type: 'networking', addonVersions: versions.map((v, i) => ({ addonVersion: v.version, compatibilities: v.clusterVersions.map((clusterVersion) => ({ clusterVersion, defaultVersion: i === 0 })) })) }],
      });
    }
    // ListInsights is the one read EKS serves on POST (its filter is a body); every other read is a GET.
    const listInsights = req.method === 'POST' && parts[2] === 'insights' && parts.length === 3;
    if ((req.method !== 'GET' && !listInsights) || parts[0] !== 'clusters') return send(res, 400, { message: 'unsupported' }, 'InvalidRequestException');
    if (parts[1] !== name) return send(res, 404, { message: `No cluster found for name: ${parts[1]}.` }, 'ResourceNotFoundException');
    const what = parts[2] ?? 'cluster';
    if (o.denied?.includes(what)) return send(res, 403, { message: `User is not authorized to perform this operation on ${what}` }, 'AccessDeniedException');
    if (o.throttleOnce?.includes(what) && !throttled.has(what)) {
      throttled.add(what);
      return send(res, 429, { message: 'Rate exceeded' }, 'ThrottlingException');
    }
    const token = url.searchParams.get('nextToken');
    switch (what) {
      case 'cluster':
        return send(res, 200, { cluster: o.cluster });
      case 'node-groups': {
        const all = o.nodegroups ?? [];
        if (parts[3]) return send(res, 200, { nodegroup: all.find((n) => n.nodegroupName === parts[3]) });
        const p = page(all.map((n) => n.nodegroupName as string), token);
        return send(res, 200, { nodegroups: p.items, nextToken: p.nextToken });
      }
      case 'addons': {
        const all = o.addons ?? [];
        if (parts[3]) return send(res, 200, { addon: all.find((a) => a.addonName === parts[3]) });
        const p = page(all.map((a) => a.addonName as string), token);
        return send(res, 200, { addons: p.items, nextToken: p.nextToken });
      }
      case 'access-entries': {
        if (parts[3]) {
          if (!(o.accessEntries ?? []).includes(parts[3])) return send(res, 404, { message: `The specified access entry resource is not found.` }, 'ResourceNotFoundException');
          return send(res, 200, { accessEntry: { clusterName: name, principalArn: parts[3], type: o.accessEntryTypes?.[parts[3]] ?? 'STANDARD', kubernetesGroups: [], username: parts[3] } });
        }
        const p = page(o.accessEntries ?? [], token);
        return send(res, 200, { accessEntries: p.items, nextToken: p.nextToken });
      }
      case 'pod-identity-associations': {
        if (parts[3]) {
          const a = (o.podIdentityAssociations ?? []).find((x) => x.associationId === parts[3]);
          if (!a) return send(res, 404, { message: 'association not found' }, 'ResourceNotFoundException');
          return send(res, 200, { association: { clusterName: name, ...a } });
        }
        // The list answers summaries; the role ARN comes only from DescribePodIdentityAssociation.
        const p = page((o.podIdentityAssociations ?? []).map((a) => ({ clusterName: name, namespace: a.namespace, serviceAccount: a.serviceAccount, associationId: a.associationId, associationArn: a.associationArn })), token);
        return send(res, 200, { associations: p.items, nextToken: p.nextToken });
      }
      case 'fargate-profiles': {
        const all = o.fargateProfiles ?? [];
        if (parts[3]) return send(res, 200, { fargateProfile: { clusterName: name, ...all.find((f) => f.fargateProfileName === parts[3]) } });
        const p = page(all.map((f) => f.fargateProfileName as string), token);
        return send(res, 200, { fargateProfileNames: p.items, nextToken: p.nextToken });
      }
      case 'insights': {
        if (!listInsights) return send(res, 400, { message: 'unsupported' }, 'InvalidRequestException');
        const p = page(o.insights ?? [], null);
        return send(res, 200, { insights: p.items, nextToken: p.nextToken });
      }
      default:
        return send(res, 404, { message: 'unknown path' }, 'ResourceNotFoundException');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
