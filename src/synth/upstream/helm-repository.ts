/**
 * A read-only client of a classic Helm chart repository: its index.yaml names every chart version and where its
 * archive is. Only the index and the one archive are fetched.
 */
import { parse } from 'yaml';
import { UpstreamError } from './registry-client.js';

interface IndexEntry {
  readonly version?: string;
  readonly urls?: readonly string[];
}

async function get(url: string, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    throw new UpstreamError(`${new URL(url).host} is unreachable (${cause})`, 'unreachable');
  }
}

export class HelmRepositoryClient {
  private readonly indexes = new Map<string, Promise<Record<string, IndexEntry[]>>>();

  constructor(private readonly timeoutMs = 30_000) {}

  /** Charts of one repository share one index, so it is fetched once however many releases use it. */
  private index(repo: string): Promise<Record<string, IndexEntry[]>> {
    let p = this.indexes.get(repo);
    if (!p) {
      p = (async () => {
        const res = await get(`${repo}/index.yaml`, this.timeoutMs);
        if (!res.ok) throw new UpstreamError(`${repo}/index.yaml answered HTTP ${res.status}`, res.status === 404 ? 'missing' : 'unreachable');
        const doc = parse(await res.text(), { maxAliasCount: 100 }) as { entries?: Record<string, IndexEntry[]> } | null;
        if (!doc?.entries) throw new UpstreamError(`${repo}/index.yaml is not a Helm repository index (no entries)`, 'invalid');
        return doc.entries;
      })();
      this.indexes.set(repo, p);
    }
    return p;
  }

  /** The versions the repository publishes for a chart, newest first as the index lists them. */
  async versions(repo: string, chart: string): Promise<string[]> {
    const entries = (await this.index(repo))[chart] ?? [];
    return entries.map((e) => String(e.version));
  }

  async chart(repo: string, chart: string, version: string): Promise<Buffer> {
    const entry = ((await this.index(repo))[chart] ?? []).find((e) => String(e.version) === version);
    if (!entry) throw new UpstreamError(`${repo} has no ${chart} ${version}`, 'missing');
    const first = entry.urls?.[0];
    if (!first) throw new UpstreamError(`${repo}/index.yaml lists ${chart} ${version} without a download URL`, 'invalid');
    // Relative URLs are relative to the repository, as helm resolves them.
    const url = new URL(first, `${repo}/`).toString();
    const res = await get(url, this.timeoutMs);
    if (!res.ok) throw new UpstreamError(`${url} answered HTTP ${res.status}`, res.status === 404 ? 'missing' : 'unreachable');
    return Buffer.from(await res.arrayBuffer());
  }
}
