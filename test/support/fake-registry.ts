/**
 * A chart and image registry on 127.0.0.1 that speaks the real protocols: the OCI distribution API (with the
 * anonymous Bearer-token challenge public registries send) and classic Helm repositories (index.yaml plus
 * archives). It records every request so tests can prove verification only reads.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { create } from 'tar';
import { stringify } from 'yaml';

export interface FakeChart {
  readonly name: string;
  readonly version: string;
  readonly values?: Record<string, unknown>;
  readonly schema?: Record<string, unknown>;
}

/** A real gzip tar laid out as `helm package` lays it out: <name>/Chart.yaml, values.yaml, values.schema.json. */
export async function packageChart(c: FakeChart): Promise<Buffer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keelson-chart-'));
  try {
    const root = path.join(dir, c.name);
    mkdirSync(root);
    writeFileSync(path.join(root, 'Chart.yaml'), stringify({ apiVersion: 'v2', name: c.name, version: c.version, type: 'application' }));
    writeFileSync(path.join(root, 'values.yaml'), stringify(c.values ?? {}));
    const files = [`${c.name}/Chart.yaml`, `${c.name}/values.yaml`];
    if (c.schema) {
      writeFileSync(path.join(root, 'values.schema.json'), JSON.stringify(c.schema, null, 2));
      files.push(`${c.name}/values.schema.json`);
    }
    const chunks: Buffer[] = [];
    const stream = create({ gzip: true, cwd: dir, portable: true }, files);
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const digestOf = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

export interface FakeRegistry {
  readonly host: string;
  readonly url: string;
  readonly requests: { method: string; path: string; authorized: boolean }[];
  /** An OCI repository path ("ecr/karpenter/karpenter") and tag holding a Helm chart. */
  addOciChart(repository: string, chart: FakeChart): Promise<void>;
  /** An image tag (its manifest only: existence is what is verified). */
  addImage(repository: string, tag: string): void;
  /** A classic Helm repository served under /helm/<repo>/. */
  addRepoChart(repo: string, chart: FakeChart): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeRegistry(options: { requireToken?: boolean } = {}): Promise<FakeRegistry> {
  const requireToken = options.requireToken ?? true;
  const manifests = new Map<string, { body: Buffer; type: string }>();
  const blobs = new Map<string, Buffer>();
  const repos = new Map<string, { chart: FakeChart; archive: Buffer }[]>();
  const requests: FakeRegistry['requests'] = [];
  const TOKEN = 'anonymous-pull-token';
  let host = '';

  const send = (res: ServerResponse, status: number, body: Buffer | string, headers: Record<string, string> = {}, head = false): void => {
    const buf = typeof body === 'string' ? Buffer.from(body) : body;
    res.writeHead(status, { 'content-length': String(buf.length), ...headers });
    res.end(head ? undefined : buf);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    const authorized = req.headers.authorization === `Bearer ${TOKEN}`;
    requests.push({ method: req.method ?? '', path: url.pathname + url.search, authorized });
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) return send(res, 405, 'read-only registry');

    if (url.pathname === '/token') {
      return send(res, 200, JSON.stringify({ token: TOKEN, expires_in: 300 }), { 'content-type': 'application/json' });
    }
    const oci = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    if (oci) {
      const [, repository, what, ref] = oci as unknown as [string, string, string, string];
      if (requireToken && !authorized) {
        return send(res, 401, JSON.stringify({ errors: [{ code: 'UNAUTHORIZED' }] }), {
          'www-authenticate': `Bearer realm="http://${host}/token",service="${host}",scope="repository:${repository}:pull"`,
        });
      }
      if (what === 'manifests') {
        const m = manifests.get(`${repository}:${decodeURIComponent(ref)}`);
        if (!m) return send(res, 404, JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN' }] }), {}, head);
        return send(res, 200, m.body, { 'content-type': m.type, 'docker-content-digest': digestOf(m.body) }, head);
      }
      const b = blobs.get(ref);
      return b ? send(res, 200, b, { 'content-type': 'application/octet-stream' }, head) : send(res, 404, '', {}, head);
    }
    const helm = /^\/helm\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (helm) {
      const [, repo, file] = helm as unknown as [string, string, string];
      const charts = repos.get(repo);
      if (!charts) return send(res, 404, 'no such repository');
      if (file === 'index.yaml') {
        const entries: Record<string, unknown[]> = {};
        for (const { chart, archive } of charts) {
          (entries[chart.name] ??= []).push({ name: chart.name, version: chart.version, digest: digestOf(archive).slice(7), urls: [`${chart.name}-${chart.version}.tgz`] });
        }
        return send(res, 200, stringify({ apiVersion: 'v1', entries }), { 'content-type': 'application/x-yaml' });
      }
      const hit = charts.find(({ chart }) => file === `${chart.name}-${chart.version}.tgz`);
      return hit ? send(res, 200, hit.archive, { 'content-type': 'application/gzip' }) : send(res, 404, 'no such archive');
    }
    return send(res, 404, 'not found');
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  host = `127.0.0.1:${address.port}`;

  return {
    host,
    url: `http://${host}`,
    requests,
    async addOciChart(repository, chart) {
      const archive = await packageChart(chart);
      const config = Buffer.from(JSON.stringify({ name: chart.name, version: chart.version }));
      blobs.set(digestOf(archive), archive);
      blobs.set(digestOf(config), config);
      const manifest = {
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.cncf.helm.config.v1+json', digest: digestOf(config), size: config.length },
        layers: [{ mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', digest: digestOf(archive), size: archive.length }],
      };
      manifests.set(`${repository}:${chart.version}`, { body: Buffer.from(JSON.stringify(manifest)), type: 'application/vnd.oci.image.manifest.v1+json' });
    },
    addImage(repository, tag) {
      const index = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] };
      manifests.set(`${repository}:${tag}`, { body: Buffer.from(JSON.stringify(index)), type: 'application/vnd.oci.image.index.v1+json' });
    },
    async addRepoChart(repo, chart) {
      const archive = await packageChart(chart);
      const list = repos.get(repo) ?? [];
      list.push({ chart, archive });
      repos.set(repo, list);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
