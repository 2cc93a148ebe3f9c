/** Builders with overrides for capacity tests and the bench (karpenter pkg/test style). */
import { loadCatalogue } from '../../catalogue/catalogue.js';
import type { InstanceType } from '../../catalogue/catalogue.js';
import type { DaemonSetShape, NodePoolShape, PodShape, PriceFn } from '../model.js';

let seq = 0;

export function pod(over: Partial<PodShape> = {}): PodShape {
  seq += 1;
  return { id: `pod-${seq}`, workload: 'Deployment default/app', cpuMillis: 500, memoryMiB: 512, terms: [], tolerations: [], ...over };
}

export function daemonSet(over: Partial<DaemonSetShape> = {}): DaemonSetShape {
  return { workload: 'DaemonSet kube-system/agent', cpuMillis: 100, memoryMiB: 128, terms: [], tolerations: [{ operator: 'Exists' }], ...over };
}

export function nodePool(over: Partial<NodePoolShape> = {}): NodePoolShape {
  return {
    name: 'default',
    weight: 0,
    requirements: [
      { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['c', 'm', 'r'] },
      { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: ['5'] },
    ],
    taints: [],
    labels: {},
    ...over,
  };
}

/** On-demand list price in us-east-1; Spot at a fixed share of it. */
export function listPrice(spotShare = 0.4): PriceFn {
  return (t, c) => {
    const od = t.onDemandUsdPerHour['us-east-1'];
    return od === undefined ? undefined : c === 'on-demand' ? od : od * spotShare;
  };
}

export function types(filter: (t: InstanceType) => boolean = () => true): InstanceType[] {
  return loadCatalogue().types.filter(filter);
}

export const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'] as const;
