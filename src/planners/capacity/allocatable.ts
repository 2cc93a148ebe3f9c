/**
 * Node allocatable as Karpenter and the EKS AL2023 AMI compute it: capacity minus kube-reserved CPU (a banded share
 * of the cores), kube-reserved memory (11 MiB per pod + 255 MiB), the 100 MiB hard-eviction threshold, and the
 * memory the hypervisor keeps (Karpenter's VM_MEMORY_OVERHEAD_PERCENT, 7.5%). Graviton types report 64 MiB less.
 */
import type { InstanceType } from '../catalogue/catalogue.js';
import { maxPodsSecondaryIp } from '../ip/max-pods.js';

export const VM_MEMORY_OVERHEAD_PERCENT = 0.075;
export const EVICTION_HARD_MEMORY_MIB = 100;
/** kube-reserved CPU: 6% of the first core, 1% of the second, 0.5% of the 3rd and 4th, 0.25% of every other. */
const CPU_BANDS: readonly { readonly cores: number; readonly share: number }[] = [
  { cores: 1, share: 0.06 },
  { cores: 1, share: 0.01 },
  { cores: 2, share: 0.005 },
  { cores: Number.POSITIVE_INFINITY, share: 0.0025 },
];

export function kubeReservedCpuMillis(vcpu: number): number {
  let left = vcpu;
  let reserved = 0;
  for (const b of CPU_BANDS) {
    const n = Math.min(left, b.cores);
    if (n <= 0) break;
    reserved += Math.floor(n * 1000 * b.share);
    left -= n;
  }
  return reserved;
}

export function kubeReservedMemoryMiB(maxPods: number): number {
  return 11 * maxPods + 255;
}

export interface Allocatable {
  readonly cpuMillis: number;
  readonly memoryMiB: number;
  readonly pods: number;
}

export interface AllocatableOptions {
  /** kubelet maxPods (prefix delegation users set 110); @default the ENI-limited max pods */
  readonly maxPods?: number;
}

export function allocatable(t: InstanceType, o: AllocatableOptions = {}): Allocatable {
  const pods = o.maxPods ?? maxPodsSecondaryIp(t);
  const reported = t.memoryMiB - (t.arch === 'arm64' ? 64 : 0);
  const memory = reported - Math.ceil(reported * VM_MEMORY_OVERHEAD_PERCENT) - kubeReservedMemoryMiB(pods) - EVICTION_HARD_MEMORY_MIB;
  return { cpuMillis: t.vcpu * 1000 - kubeReservedCpuMillis(t.vcpu), memoryMiB: memory, pods };
}
