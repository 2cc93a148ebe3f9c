/**
 * The well-known labels Karpenter puts on a node of an instance type, so pod and NodePool requirements on
 * arch, family, size, generation, CPU and memory are evaluated the way Karpenter does.
 */
import type { InstanceType } from '../catalogue/catalogue.js';

export const LABEL = {
  arch: 'kubernetes.io/arch',
  os: 'kubernetes.io/os',
  instanceType: 'node.kubernetes.io/instance-type',
  zone: 'topology.kubernetes.io/zone',
  capacityType: 'karpenter.sh/capacity-type',
  nodePool: 'karpenter.sh/nodepool',
  category: 'karpenter.k8s.aws/instance-category',
  family: 'karpenter.k8s.aws/instance-family',
  generation: 'karpenter.k8s.aws/instance-generation',
  size: 'karpenter.k8s.aws/instance-size',
  cpu: 'karpenter.k8s.aws/instance-cpu',
  cpuManufacturer: 'karpenter.k8s.aws/instance-cpu-manufacturer',
  memory: 'karpenter.k8s.aws/instance-memory',
  hypervisor: 'karpenter.k8s.aws/instance-hypervisor',
  gpuCount: 'karpenter.k8s.aws/instance-gpu-count',
  /** The older beta spelling some manifests still use. */
  betaArch: 'beta.kubernetes.io/arch',
} as const;

export function instanceLabels(t: InstanceType): Record<string, string> {
  const l: Record<string, string> = {
    [LABEL.arch]: t.arch,
    [LABEL.betaArch]: t.arch,
    [LABEL.os]: 'linux',
    [LABEL.instanceType]: t.name,
    [LABEL.category]: t.category,
    [LABEL.family]: t.family,
    [LABEL.generation]: String(t.generation),
    [LABEL.size]: t.size,
    [LABEL.cpu]: String(t.vcpu),
    [LABEL.cpuManufacturer]: t.cpuManufacturer,
    [LABEL.memory]: String(t.memoryMiB),
    [LABEL.hypervisor]: t.hypervisor ?? '',
  };
  if (t.gpus > 0) l[LABEL.gpuCount] = String(t.gpus);
  return l;
}

/** Keys decided when a node launches (not by its instance type): the simulation narrows them per node. */
export const LAUNCH_KEYS: readonly string[] = [LABEL.zone, LABEL.capacityType];
