/**
 * A read-only client of the OCI distribution API: enough to ask whether a tag exists and to fetch a Helm chart
 * pushed as an OCI artifact. Public registries (public.ecr.aws, registry.k8s.io, Docker Hub) answer 401 with a
 * Bearer challenge even for anonymous pulls; the token dance below is the one every registry client performs.
 */
import type { ImageReference } from './references.js';

export const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];
export const HELM_CHART_LAYER = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';

export interface RegistryOptions {
  /** http:// instead of https:// (helm's --plain-http): only for registries on a trusted network or loopback. */
  readonly plainHttp?: boolean;
  readonly timeoutMs?: number;
}

export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly kind: 'missing' | 'unreachable' | 'denied' | 'invalid',
  ) {
    super(message);
  }
}

interface Challenge {
  readonly realm: string;
  readonly service?: string;
  readonly scope?: string;
}

function parseChallenge(header: string | null): Challenge | undefined {
  if (!header || !/^bearer\s/i.test(header)) return undefined;
  const params = new Map<string, string>();
  for (const m of header.slice(7).matchAll(/(\w+)="([^"]*)"/g)) params.set(m[1]!.toLowerCase(), m[2]!);
  const realm = params.get('realm');
  return realm ? { realm, service: params.get('service'), scope: params.get('scope') } : undefined;
}

export class RegistryClient {
  private readonly tokens = new Map<string, string>();

  constructor(private readonly options: RegistryOptions = {}) {}

  private base(registry: string): string {
    return `${this.options.plainHttp ? 'http' : 'https'}://${registry}`;
  }

  private async fetch(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(this.options.timeoutMs ?? 20_000) });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
      throw new UpstreamError(`${new URL(url).host} is unreachable (${cause})`, 'unreachable');
    }
  }

  /** One GET or HEAD, with an anonymous Bearer token fetched once per repository when the registry asks. */
  private async request(ref: ImageReference, path: string, method: 'GET' | 'HEAD', accept: string[]): Promise<Response> {
    const url = `${this.base(ref.registry)}/v2/${ref.repository}/${path}`;
    const key = `${ref.registry}/${ref.repository}`;
    const headers = (): Record<string, string> => {
      const token = this.tokens.get(key);
      return { accept: accept.join(', '), ...(token ? { authorization: `Bearer ${token}` } : {}) };
    };
    let res = await this.fetch(url, { method, headers: headers() });
    if (res.status === 401) {
      const challenge = parseChallenge(res.headers.get('www-authenticate'));
      if (!challenge) throw new UpstreamError(`${ref.registry} requires credentials keelson does not have (anonymous pulls only)`, 'denied');
      await this.authenticate(key, challenge, `repository:${ref.repository}:pull`);
      res = await this.fetch(url, { method, headers: headers() });
    }
    return res;
  }

  private async authenticate(key: string, challenge: Challenge, scope: string): Promise<void> {
    const url = new URL(challenge.realm);
    if (challenge.service) url.searchParams.set('service', challenge.service);
    url.searchParams.set('scope', challenge.scope ?? scope);
    const res = await this.fetch(url.toString(), { method: 'GET', headers: { accept: 'application/json' } });
    if (!res.ok) throw new UpstreamError(`the token service of ${url.host} refused an anonymous pull token (HTTP ${res.status})`, 'denied');
    const body = (await res.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new UpstreamError(`the token service of ${url.host} answered without a token`, 'invalid');
    this.tokens.set(key, token);
  }

  /** Whether the tag exists, by HEAD on its manifest (no layers are downloaded). */
  async tagExists(ref: ImageReference): Promise<boolean> {
    const res = await this.request(ref, `manifests/${encodeURIComponent(ref.tag)}`, 'HEAD', MANIFEST_TYPES);
    if (res.status === 404) return false;
    if (res.ok) return true;
    throw this.failure(ref, res);
  }

  /** The chart archive of a Helm chart stored as an OCI artifact. */
  async helmChart(ref: ImageReference): Promise<Buffer> {
    const res = await this.request(ref, `manifests/${encodeURIComponent(ref.tag)}`, 'GET', ['application/vnd.oci.image.manifest.v1+json']);
    if (res.status === 404) throw new UpstreamError(`${ref.registry}/${ref.repository}:${ref.tag} does not exist`, 'missing');
    if (!res.ok) throw this.failure(ref, res);
    const manifest = (await res.json()) as { layers?: { mediaType?: string; digest?: string }[] };
    const layer = manifest.layers?.find((l) => l.mediaType === HELM_CHART_LAYER);
    if (!layer?.digest) throw new UpstreamError(`${ref.registry}/${ref.repository}:${ref.tag} is not a Helm chart (no ${HELM_CHART_LAYER} layer)`, 'invalid');
    const blob = await this.request(ref, `blobs/${layer.digest}`, 'GET', ['*/*']);
    if (!blob.ok) throw this.failure(ref, blob);
    return Buffer.from(await blob.arrayBuffer());
  }

  private failure(ref: ImageReference, res: Response): UpstreamError {
    const kind = res.status === 401 || res.status === 403 ? 'denied' : 'unreachable';
    return new UpstreamError(`${ref.registry} answered HTTP ${res.status} for ${ref.repository}:${ref.tag}`, kind);
  }
}
