/**
 * VPC addresses one node takes from its subnet, warm pool included. The VPC CNI's ipamd keeps spare addresses
 * attached so a new pod starts without an EC2 call; those spares are as gone from the subnet as used ones.
 *
 * Model (amazon-vpc-cni-k8s docs/eni-and-ip-target.md, docs/prefix-and-ip-target.md):
 * - secondary IPs, WARM_ENI_TARGET (default 1): ipamd fills every attached ENI and keeps WARM_ENI_TARGET whole
 *   ENIs free, so attached ENIs = ceil(pods / slotsPerEni) + WARM_ENI_TARGET.
 * - secondary IPs, WARM_IP_TARGET / MINIMUM_IP_TARGET (either set: they replace WARM_ENI_TARGET): allocated
 *   secondary IPs = max(pods + WARM_IP_TARGET, MINIMUM_IP_TARGET), ENIs as many as that needs.
 * - prefix delegation, WARM_PREFIX_TARGET (default 1): prefixes = ceil(pods / 16) + WARM_PREFIX_TARGET;
 *   with WARM_IP_TARGET / MINIMUM_IP_TARGET set, prefixes = ceil(max(pods + WARM_IP_TARGET, MINIMUM_IP_TARGET) / 16).
 * Every attached ENI also takes its primary address. Everything is capped by the ENI limits of the type.
 */
import type { InstanceType } from '../catalogue/catalogue.js';
import { PREFIX_SIZE } from './max-pods.js';
import type { EniOptions, IpMode } from './max-pods.js';

export interface WarmPoolSettings {
  readonly warmEniTarget?: number;
  readonly warmIpTarget?: number;
  readonly minimumIpTarget?: number;
  readonly warmPrefixTarget?: number;
}

/** The VPC CNI defaults: WARM_ENI_TARGET=1, WARM_PREFIX_TARGET=1, the IP targets unset. */
export const VPC_CNI_DEFAULTS = { warmEniTarget: 1, warmPrefixTarget: 1 } as const;

export interface NodeAddressUse {
  readonly mode: IpMode;
  /** Pods that get a VPC address (host-network pods such as aws-node and kube-proxy do not). */
  readonly pods: number;
  readonly enis: number;
  /** Secondary addresses (secondary-IP mode) or /28 prefixes (prefix delegation) attached. */
  readonly secondaryIps: number;
  readonly prefixes: number;
  /** Addresses taken from the node subnet(s): primaries of every ENI plus every secondary address or prefix. */
  readonly addresses: number;
  /** Addresses of those that are warm (attached, not used by a pod). */
  readonly warmAddresses: number;
  /** Set when the pods asked for exceed what the node can hold. */
  readonly overflow: number;
}

const ceilDiv = (a: number, b: number): number => (b <= 0 ? 0 : Math.ceil(a / b));

export function nodeAddressUse(t: InstanceType, podsWanted: number, mode: IpMode, warm: WarmPoolSettings = {}, o: EniOptions = {}): NodeAddressUse {
  const slotsPerEni = t.ipv4PerEni - 1;
  // With custom networking the primary ENI carries no pods but still takes its one primary address.
  const reservedEnis = o.customNetworking ? 1 : 0;
  const podEnisMax = Math.max(0, t.maxEni - reservedEnis);
  const ipTargets = warm.warmIpTarget !== undefined || warm.minimumIpTarget !== undefined;
  const want = (pods: number): number => Math.max(pods + (warm.warmIpTarget ?? 0), warm.minimumIpTarget ?? 0);

  if (mode === 'prefix-delegation' && t.nitro) {
    const maxPrefixes = podEnisMax * slotsPerEni;
    const pods = Math.min(podsWanted, maxPrefixes * PREFIX_SIZE);
    const prefixes = Math.min(maxPrefixes, ipTargets ? ceilDiv(want(pods), PREFIX_SIZE) : ceilDiv(pods, PREFIX_SIZE) + (warm.warmPrefixTarget ?? VPC_CNI_DEFAULTS.warmPrefixTarget));
    const enis = reservedEnis + Math.max(reservedEnis ? 0 : 1, ceilDiv(prefixes, slotsPerEni));
    const addresses = enis + prefixes * PREFIX_SIZE;
    return { mode, pods, enis, secondaryIps: 0, prefixes, addresses, warmAddresses: prefixes * PREFIX_SIZE - pods, overflow: podsWanted - pods };
  }
  const maxSecondary = podEnisMax * slotsPerEni;
  const pods = Math.min(podsWanted, maxSecondary);
  let podEnis: number;
  let secondaryIps: number;
  if (ipTargets) {
    secondaryIps = Math.min(maxSecondary, want(pods));
    podEnis = ceilDiv(secondaryIps, slotsPerEni);
  } else {
    podEnis = Math.min(podEnisMax, ceilDiv(pods, slotsPerEni) + (warm.warmEniTarget ?? VPC_CNI_DEFAULTS.warmEniTarget));
    secondaryIps = podEnis * slotsPerEni;
  }
  // The primary ENI is always attached, with or without pods on it.
  const enis = reservedEnis + Math.max(reservedEnis ? 0 : 1, podEnis);
  const addresses = enis + secondaryIps;
  return { mode: 'secondary-ip', pods, enis, secondaryIps, prefixes: 0, addresses, warmAddresses: secondaryIps - pods, overflow: podsWanted - pods };
}
