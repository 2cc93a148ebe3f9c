/**
 * Physical names keelson fixes at synth time, so the GitOps manifests can refer to AWS resources (the
 * Karpenter node role, the interruption queue, IRSA roles) without waiting for a deploy.
 */
import { createHash } from 'node:crypto';
import type { ClusterDefinition } from '../model/schema.js';

/** IAM role names are at most 64 characters; longer names keep a readable prefix and a stable hash. */
export function iamRoleName(name: string): string {
  if (name.length <= 64) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, 55)}-${hash}`;
}

export function karpenterNodeRoleName(d: ClusterDefinition): string {
  return iamRoleName(`KarpenterNodeRole-${d.name}`);
}

export function karpenterControllerRoleName(d: ClusterDefinition): string {
  return iamRoleName(`KarpenterController-${d.name}`);
}

/** SQS queue names are at most 80 characters. */
export function interruptionQueueName(d: ClusterDefinition): string {
  return `${d.name}-karpenter`.slice(0, 80);
}

export function workloadRoleName(d: ClusterDefinition, namespace: string, serviceAccount: string): string {
  return iamRoleName(`${d.name}-${namespace}-${serviceAccount}`);
}

export function workloadRoleArn(d: ClusterDefinition, namespace: string, serviceAccount: string): string {
  const partition = d.region.startsWith('cn-') ? 'aws-cn' : d.region.includes('-gov-') ? 'aws-us-gov' : 'aws';
  return `arn:${partition}:iam::${d.account}:role/${workloadRoleName(d, namespace, serviceAccount)}`;
}

export function ecrRegistry(d: ClusterDefinition): string {
  return `${d.account}.dkr.ecr.${d.region}.amazonaws.com`;
}
