/** IPv4 CIDR arithmetic, small enough that a dependency would cost more than it saves. */
export interface Cidr {
  readonly network: number; // unsigned 32-bit
  readonly prefix: number;
  readonly text: string;
}

const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export function parseCidr(text: string): Cidr | undefined {
  const m = CIDR_RE.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const addr = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
  return { network: addr, prefix, text };
}

export function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** True when the address part has no bits set beyond the prefix (10.0.0.0/16, not 10.0.1.0/16). */
export function isCanonical(c: Cidr): boolean {
  return ((c.network & ~mask(c.prefix)) >>> 0) === 0;
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && ((inner.network & mask(outer.prefix)) >>> 0) === outer.network;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  const p = Math.min(a.prefix, b.prefix);
  return ((a.network & mask(p)) >>> 0) === ((b.network & mask(p)) >>> 0);
}

export function addressCount(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

export const PRIVATE_RANGES: readonly Cidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map(
  (t) => parseCidr(t)!,
);

/** RFC 1918 or RFC 6598 shared space: never the source address of a client reaching a public endpoint. */
export function isPrivateRange(c: Cidr): boolean {
  return PRIVATE_RANGES.some((r) => overlaps(r, c));
}

export function formatAddress(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

/** Carves `count` consecutive subnets of `prefix` from `base`, starting at offset `startIndex`. */
export function carve(base: Cidr, prefix: number, startIndex: number, count: number): Cidr[] {
  const size = 2 ** (32 - prefix);
  const out: Cidr[] = [];
  for (let i = 0; i < count; i++) {
    const network = (base.network + (startIndex + i) * size) >>> 0;
    out.push({ network, prefix, text: `${formatAddress(network)}/${prefix}` });
  }
  return out;
}
