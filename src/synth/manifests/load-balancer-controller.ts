import type { ClusterDefinition } from '../../model/schema.js';
import type { Component } from './types.js';

export const LBC_NAMESPACE = 'kube-system';
export const LBC_SERVICE_ACCOUNT = 'aws-load-balancer-controller';

/**
 * Nodes require IMDSv2 with a hop limit of 1, so the controller's pods cannot ask the instance metadata service for
 * the region and VPC: both are passed. The VPC ID exists only after deploy when keelson creates the VPC, so a GitOps
 * tree names the VPC by the tag keelson puts on it (the chart's vpcTags, the controller's --aws-vpc-tags); the CDK
 * app passes the real ID (delivery: cdk), and an existing VPC passes its ID.
 */
export const VPC_DISCOVERY_TAG = 'keelson.io/cluster';

export function loadBalancerControllerValues(d: ClusterDefinition, vpcId: string | undefined): Record<string, unknown> {
  return {
    clusterName: d.name,
    region: d.region,
    ...(vpcId ? { vpcId } : { vpcTags: { [VPC_DISCOVERY_TAG]: d.name } }),
    replicaCount: 2,
    serviceAccount: { create: true, name: LBC_SERVICE_ACCOUNT },
    // On the system nodes: Ingresses and Services must keep their load balancers while application nodes churn.
    nodeSelector: { role: 'system' },
    tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }],
    topologySpreadConstraints: [
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'aws-load-balancer-controller' } } },
    ],
    podDisruptionBudget: { maxUnavailable: 1 },
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
  };
}

/** @param vpcId the VPC ID when it is known at synth time (existing VPC) or a CDK token (delivery: cdk). */
export function loadBalancerControllerComponent(d: ClusterDefinition, vpcId: string | undefined): Component {
  const known = vpcId ?? d.network.existing?.vpcId;
  const limitation = known ? '' : `; it finds the VPC keelson creates by its ${VPC_DISCOVERY_TAG}=${d.name} tag`;
  return {
    name: 'aws-load-balancer-controller',
    description: `AWS Load Balancer Controller (Helm, 2 replicas) with its own role bound by Pod Identity to ${LBC_NAMESPACE}/${LBC_SERVICE_ACCOUNT}${limitation}`,
    helm: {
      name: 'aws-load-balancer-controller',
      chart: 'aws-load-balancer-controller',
      repo: 'https://aws.github.io/eks-charts',
      version: d.loadBalancerController.chartVersion,
      namespace: LBC_NAMESPACE,
      values: loadBalancerControllerValues(d, known),
    },
    objects: [],
  };
}
