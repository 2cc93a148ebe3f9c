/** Value types of the capacity planner: pods, DaemonSets, NodePools, prices and the plan they produce. */
import type { InstanceType } from '../catalogue/catalogue.js';
import type { Term } from './requirements.js';

export type CapacityType = 'on-demand' | 'spot';
export const CAPACITY_TYPES: readonly CapacityType[] = ['on-demand', 'spot'];

export interface Toleration {
  readonly key?: string;
  readonly operator?: 'Equal' | 'Exists';
  readonly value?: string;
  readonly effect?: string;
}

export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; readonly values: readonly string[] }[];
}

/** A required pod (anti-)affinity term; namespaces resolved (the pod's own when the term names none). */
export interface PodAffinityTerm {
  readonly topologyKey: string;
  readonly selector: LabelSelector;
  readonly namespaces: readonly string[];
}

export interface PodShape {
  /** Unique and stable: `<workload>#<replica>`. */
  readonly id: string;
  /** `Deployment shop/web`: what a user recognises. */
  readonly workload: string;
  readonly cpuMillis: number;
  readonly memoryMiB: number;
  /** Required node affinity: one of these terms must hold (nodeSelector folded into each). Empty: anywhere. */
  readonly terms: readonly Term[];
  readonly tolerations: readonly Toleration[];
  readonly namespace?: string;
  /** The pod template's labels, which other pods' (anti-)affinity terms select. */
  readonly labels?: Readonly<Record<string, string>>;
  /** requiredDuringSchedulingIgnoredDuringExecution terms on kubernetes.io/hostname or the zone. */
  readonly podAntiAffinity?: readonly PodAffinityTerm[];
  readonly podAffinity?: readonly PodAffinityTerm[];
}

export type DaemonSetShape = Omit<PodShape, 'id'>;

export interface NodePoolShape {
  readonly name: string;
  /** Higher first, as Karpenter orders NodePools. */
  readonly weight: number;
  readonly requirements: Term;
  readonly taints: readonly Taint[];
  readonly labels: Readonly<Record<string, string>>;
  readonly limitCpuMillis?: number;
  readonly limitMemoryMiB?: number;
}

/** USD per hour of a type and capacity type; undefined where it is not offered. */
export type PriceFn = (t: InstanceType, capacityType: CapacityType) => number | undefined;

export interface PlannedNode {
  readonly nodePool: string;
  readonly type: InstanceType;
  readonly capacityType: CapacityType;
  readonly zone: string;
  readonly priceUsdPerHour: number;
  readonly pods: readonly PodShape[];
  readonly podCpuMillis: number;
  readonly podMemoryMiB: number;
  readonly daemonSetCpuMillis: number;
  readonly daemonSetMemoryMiB: number;
  readonly allocatableCpuMillis: number;
  readonly allocatableMemoryMiB: number;
  /** Pod slots left for workload pods after the DaemonSet pods. */
  readonly podSlots: number;
  /** Instance types that could still hold every pod of this node when it launched. */
  readonly candidates: number;
  /** The next cheapest of those, for --explain. */
  readonly runnerUp: { readonly type: string; readonly priceUsdPerHour: number } | undefined;
}

export interface UnplacedPod {
  readonly pod: PodShape;
  readonly reason: string;
}

export interface Plan {
  readonly nodes: readonly PlannedNode[];
  readonly unplaced: readonly UnplacedPod[];
  readonly costUsdPerHour: number;
}
