/**
 * Max pods per node as the VPC CNI, the EKS AMI and Karpenter compute it. Every figure is a pure function of the
 * ENI limits of the default network card, so it can be checked against the published eni-max-pods.txt.
 */
import type { InstanceType } from '../catalogue/catalogue.js';

/** Addresses in one delegated prefix: a /28. */
export const PREFIX_SIZE = 16;

/** The EKS AMI max-pods calculator caps the figure it recommends: 110 up to 30 vCPUs, 250 above. */
export const MAX_PODS_CAP_SMALL = 110;
export const MAX_PODS_CAP_LARGE = 250;
export const MAX_PODS_CAP_VCPU_THRESHOLD = 30;

export interface EniOptions {
  /**
   * VPC CNI custom networking (ENIConfig, a secondary pod CIDR): the primary ENI carries no pods. Karpenter's
   * RESERVED_ENIS=1 has the same effect on its max-pods figure.
   */
  readonly customNetworking?: boolean;
}

function podEnis(t: InstanceType, o: EniOptions): number {
  return Math.max(0, t.maxEni - (o.customNetworking ? 1 : 0));
}

/**
 * Secondary-IP mode: one pod per secondary address of each ENI; +2 for the host-network pods (aws-node,
 * kube-proxy) that the formula has always counted. Equals eni-max-pods.txt without custom networking.
 */
export function maxPodsSecondaryIp(t: InstanceType, o: EniOptions = {}): number {
  return podEnis(t, o) * (t.ipv4PerEni - 1) + 2;
}

/** Prefix delegation (Nitro only): every secondary-address slot holds a /28. Undefined where not supported. */
export function maxPodsPrefixDelegation(t: InstanceType, o: EniOptions = {}): number | undefined {
  if (!t.nitro) return undefined;
  return podEnis(t, o) * (t.ipv4PerEni - 1) * PREFIX_SIZE + 2;
}

/** The EKS AMI calculator's ceiling for this type: the kubelet is not tested beyond it. */
export function maxPodsCap(t: InstanceType): number {
  return t.vcpu > MAX_PODS_CAP_VCPU_THRESHOLD ? MAX_PODS_CAP_LARGE : MAX_PODS_CAP_SMALL;
}

export type IpMode = 'secondary-ip' | 'prefix-delegation';

export interface MaxPods {
  readonly type: string;
  /** ENI-limited figure (what the AMI bootstrap and Karpenter set by default in secondary-IP mode). */
  readonly secondaryIp: number;
  /** Secondary-IP figure with the calculator's 110/250 ceiling. */
  readonly secondaryIpRecommended: number;
  readonly prefixDelegation: number | undefined;
  /** Prefix-delegation figure with the 110/250 ceiling: what to pass as --max-pods / kubelet maxPods. */
  readonly prefixDelegationRecommended: number | undefined;
}

export function maxPods(t: InstanceType, o: EniOptions = {}): MaxPods {
  const cap = maxPodsCap(t);
  const sec = maxPodsSecondaryIp(t, o);
  const pd = maxPodsPrefixDelegation(t, o);
  return {
    type: t.name,
    secondaryIp: sec,
    secondaryIpRecommended: Math.min(sec, cap),
    prefixDelegation: pd,
    prefixDelegationRecommended: pd === undefined ? undefined : Math.min(pd, cap),
  };
}

/** The max pods a node of this type runs in a mode: the ENI limit in secondary-IP mode, the capped figure with prefixes. */
export function effectiveMaxPods(t: InstanceType, mode: IpMode, o: EniOptions = {}): number {
  const m = maxPods(t, o);
  return mode === 'prefix-delegation' ? (m.prefixDelegationRecommended ?? m.secondaryIp) : m.secondaryIp;
}
