/**
 * Subnet arithmetic for pod IP planning: usable addresses (AWS keeps 5 per subnet) and the aligned /28 blocks that
 * prefix delegation needs.
 */
import { parseCidr } from '../../model/internal/cidr.js';

/** AWS reserves the network address, the VPC router, DNS, one future address and the last address of every subnet. */
export const AWS_RESERVED_PER_SUBNET = 5;

export interface Subnet {
  /** What the user calls it: a subnet id, `private-a`, `pod-b`. */
  readonly name: string;
  readonly cidr: string;
  readonly zone?: string;
  /** Addresses already taken by other things (load balancers, endpoints, nodes of other groups). @default 0 */
  readonly usedAddresses?: number;
}

export function prefixLength(cidr: string): number {
  const c = parseCidr(cidr);
  if (!c) throw new Error(`${cidr} is not an IPv4 CIDR like 10.0.0.0/20`);
  return c.prefix;
}

export function usableAddresses(cidr: string): number {
  return Math.max(0, 2 ** (32 - prefixLength(cidr)) - AWS_RESERVED_PER_SUBNET);
}

/**
 * /28 blocks a prefix can still be delegated from in the worst case. The first block holds four reserved addresses
 * and the last the reserved broadcast address, so neither is whole. EC2 places individual addresses (node primaries,
 * secondary IPs, load balancers) anywhere in the subnet: each can break a different block.
 */
export function worstCaseFreePrefixBlocks(cidr: string, individualAddresses: number): number {
  const p = prefixLength(cidr);
  if (p > 28) return 0;
  const blocks = 2 ** (28 - p);
  const partial = blocks === 1 ? 1 : 2;
  return Math.max(0, blocks - partial - individualAddresses);
}

/** Prefix length of the smallest subnet with at least `addresses` usable addresses. */
export function smallestPrefixFor(addresses: number): number {
  for (let p = 28; p >= 8; p--) if (2 ** (32 - p) - AWS_RESERVED_PER_SUBNET >= addresses) return p;
  return 8;
}
