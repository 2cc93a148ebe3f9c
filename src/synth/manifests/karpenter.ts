import type { ClusterDefinition } from '../../model/schema.js';
import { interruptionQueueName, karpenterNodeRoleName } from '../names.js';
import { MANAGED_BY } from './types.js';
import type { Component, K8sObject } from './types.js';

type NodePoolDef = ClusterDefinition['karpenter']['nodePools'][number];

export function karpenterValues(d: ClusterDefinition): Record<string, unknown> {
  return {
    settings: { clusterName: d.name, interruptionQueue: interruptionQueueName(d) },
    replicas: 2,
    serviceAccount: { name: 'karpenter' },
    // On the system node group: Karpenter must never run on nodes it manages.
    nodeSelector: { role: 'system' },
    tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }],
    topologySpreadConstraints: [
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'karpenter' } } },
    ],
    podDisruptionBudget: { name: 'karpenter', maxUnavailable: 1 },
    controller: { resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi' } } },
  };
}

export function nodePool(d: ClusterDefinition, p: NodePoolDef): K8sObject {
  const requirements: Record<string, unknown>[] = [
    { key: 'karpenter.sh/capacity-type', operator: 'In', values: p.capacityTypes },
    { key: 'kubernetes.io/arch', operator: 'In', values: p.architectures },
    { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: p.categories },
    { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: [String(p.minGeneration - 1)] },
  ];
  if (p.excludedSizes.length > 0) requirements.push({ key: 'karpenter.k8s.aws/instance-size', operator: 'NotIn', values: p.excludedSizes });
  if (p.instanceFamilies) requirements.push({ key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: p.instanceFamilies });
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: p.name, labels: { ...MANAGED_BY } },
    spec: {
      template: {
        metadata: { labels: p.labels },
        spec: {
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' },
          requirements,
          expireAfter: p.expireAfter,
          ...(p.taints.length > 0 ? { taints: p.taints.map((t) => ({ key: t.key, ...(t.value === undefined ? {} : { value: t.value }), effect: t.effect })) } : {}),
        },
      },
      limits: { cpu: p.limits.cpu, memory: p.limits.memory },
      disruption: { consolidationPolicy: p.consolidationPolicy, consolidateAfter: p.consolidateAfter, budgets: [{ nodes: p.disruptionBudgetNodes }] },
      ...(p.weight === undefined ? {} : { weight: p.weight }),
    },
  };
}

export function ec2NodeClass(d: ClusterDefinition): K8sObject {
  const discovery = { 'karpenter.sh/discovery': d.name };
  return {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: { name: 'default', labels: { ...MANAGED_BY } },
    spec: {
      amiSelectorTerms: [{ alias: d.karpenter.amiAlias }],
      role: karpenterNodeRoleName(d),
      subnetSelectorTerms: [{ tags: discovery }],
      securityGroupSelectorTerms: [{ tags: discovery }],
      blockDeviceMappings: [
        { deviceName: '/dev/xvda', ebs: { volumeSize: `${d.karpenter.rootVolumeGiB}Gi`, volumeType: 'gp3', iops: 3000, throughput: 125, encrypted: true, deleteOnTermination: true } },
      ],
      metadataOptions: { httpEndpoint: 'enabled', httpProtocolIPv6: 'disabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
      tags: { ...d.tags, 'karpenter.sh/discovery': d.name },
    },
  };
}

export function karpenterComponent(d: ClusterDefinition): Component {
  return {
    name: 'karpenter',
    description: 'Karpenter controller (Helm), the EC2NodeClass and the NodePools',
    helm: { name: 'karpenter', chart: 'karpenter', repo: 'oci://public.ecr.aws/karpenter', version: d.karpenter.chartVersion, namespace: 'kube-system', values: karpenterValues(d) },
    objects: [ec2NodeClass(d), ...d.karpenter.nodePools.map((p) => nodePool(d, p))],
  };
}
