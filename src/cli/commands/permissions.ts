import { stringify } from 'yaml';
import { auditIamPolicy } from '../../sources/live/permissions.js';
import { auditClusterRole } from '../../sources/live/kinds.js';
import type { Io } from '../main.js';

/** `keelson permissions`: the IAM policy and Kubernetes ClusterRole a live audit needs, and nothing more. */
export function runPermissions(opts: { format?: string }, io: Io): number {
  if (opts.format === 'json') {
    io.out(`${JSON.stringify({ iamPolicy: auditIamPolicy(), clusterRole: auditClusterRole() }, null, 2)}\n`);
    return 0;
  }
  io.out(`# IAM policy for the principal that runs keelson check --live --eks-cluster (Describe/List/Get only: EKS, EC2, IAM, KMS, ECR, GuardDuty, SQS)\n${JSON.stringify(auditIamPolicy(), null, 2)}\n\n`);
  io.out(`# Kubernetes ClusterRole (get/list only; Secrets never; ConfigMaps by name)\n${stringify(auditClusterRole(), { lineWidth: 0 })}`);
  io.out('\n# In-cluster: kubectl apply -k deploy/live-audit (a daily CronJob with exactly this ClusterRole)\n');
  return 0;
}
