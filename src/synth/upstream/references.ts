/**
 * Where a pinned chart or image lives, and the mirrors that replace those places. Mirrors are how air-gapped
 * platforms (and keelson's tests) point the same references at another registry without editing the definition.
 */

export interface ImageReference {
  readonly registry: string;
  readonly repository: string;
  readonly tag: string;
}

/** A mirror maps a prefix ("public.ecr.aws" or "https://kyverno.github.io/kyverno") to another. */
export interface Mirror {
  readonly from: string;
  readonly to: string;
}

export function parseMirror(spec: string): Mirror {
  const i = spec.indexOf('=');
  if (i <= 0 || i === spec.length - 1) throw new Error(`mirror "${spec}" is not FROM=TO (for example public.ecr.aws=registry.internal:5000)`);
  return { from: trimSlash(spec.slice(0, i)), to: trimSlash(spec.slice(i + 1)) };
}

function trimSlash(s: string): string {
  return s.replace(/\/+$/, '');
}

/** The longest matching prefix wins, so a mirror for one repository can override one for its whole registry. */
export function applyMirrors(location: string, mirrors: readonly Mirror[]): string {
  let best: Mirror | undefined;
  for (const m of mirrors) {
    if ((location === m.from || location.startsWith(`${m.from}/`)) && (!best || m.from.length > best.from.length)) best = m;
  }
  return best ? best.to + location.slice(best.from.length) : location;
}

/** Docker's rules: no registry host means Docker Hub, and official images live under library/. */
export function parseImage(image: string): ImageReference {
  const at = image.indexOf('@');
  if (at >= 0) throw new Error(`image "${image}" is pinned by digest; only tags are verified`);
  const slash = image.indexOf('/');
  const first = slash >= 0 ? image.slice(0, slash) : '';
  const hasRegistry = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : 'registry-1.docker.io';
  let rest = hasRegistry ? image.slice(slash + 1) : image;
  const colon = rest.lastIndexOf(':');
  if (colon < 0 || rest.indexOf('/', colon) >= 0) throw new Error(`image "${image}" has no tag`);
  const tag = rest.slice(colon + 1);
  rest = rest.slice(0, colon);
  if (!hasRegistry && !rest.includes('/')) rest = `library/${rest}`;
  return { registry, repository: rest, tag };
}

/** "oci://public.ecr.aws/karpenter" + "karpenter" → registry public.ecr.aws, repository karpenter/karpenter. */
export function parseOciChart(repo: string, chart: string, version: string): ImageReference {
  const rest = repo.replace(/^oci:\/\//, '');
  const slash = rest.indexOf('/');
  const registry = slash >= 0 ? rest.slice(0, slash) : rest;
  const path = slash >= 0 ? rest.slice(slash + 1) : '';
  return { registry, repository: path ? `${path}/${chart}` : chart, tag: version };
}
