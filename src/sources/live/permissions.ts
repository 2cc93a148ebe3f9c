/** The least privilege a live audit needs, printed by `keelson permissions` and shipped as a kustomize folder. */
import { stringify } from 'yaml';
import { auditClusterRole } from './kinds.js';

/** Every AWS call the audit makes: Describe, List and Get only, by service. */
export const AWS_AUDIT_ACTIONS_BY_SERVICE = {
  eks: [
    'eks:DescribeCluster',
    'eks:ListNodegroups',
    'eks:DescribeNodegroup',
    'eks:ListAddons',
    'eks:DescribeAddon',
    'eks:ListAccessEntries',
    'eks:DescribeAccessEntry',
    'eks:ListFargateProfiles',
    'eks:DescribeFargateProfile',
    'eks:ListPodIdentityAssociations',
    'eks:DescribePodIdentityAssociation',
    'eks:ListInsights',
    'eks:DescribeAddonVersions',
  ],
  ec2: [
    'ec2:DescribeSubnets',
    'ec2:DescribeRouteTables',
    'ec2:DescribeNatGateways',
    'ec2:DescribeFlowLogs',
    'ec2:DescribeLaunchTemplateVersions',
    'ec2:DescribeInstances',
    'ec2:DescribeSecurityGroups',
  ],
  iam: ['iam:GetRole', 'iam:ListAttachedRolePolicies', 'iam:ListRolePolicies', 'iam:GetRolePolicy', 'iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListOpenIDConnectProviders'],
  kms: ['kms:DescribeKey', 'kms:GetKeyRotationStatus'],
  ecr: ['ecr:GetRegistryScanningConfiguration'],
  guardduty: ['guardduty:ListDetectors', 'guardduty:GetDetector'],
  sqs: ['sqs:GetQueueUrl', 'sqs:GetQueueAttributes'],
} as const;

export const AWS_AUDIT_ACTIONS: readonly string[] = Object.values(AWS_AUDIT_ACTIONS_BY_SERVICE).flat();

/** Where a service lets a read be scoped; `*` where it cannot (EC2 Describe*, ECR registry settings, list calls). */
const RESOURCES: Record<keyof typeof AWS_AUDIT_ACTIONS_BY_SERVICE, string[]> = {
  eks: ['arn:aws:eks:*:*:cluster/*', 'arn:aws:eks:*:*:nodegroup/*/*/*', 'arn:aws:eks:*:*:addon/*/*/*', 'arn:aws:eks:*:*:access-entry/*/*/*/*/*', 'arn:aws:eks:*:*:podidentityassociation/*/*', 'arn:aws:eks:*:*:fargateprofile/*/*/*'],
  ec2: ['*'],
  iam: ['*'],
  kms: ['arn:aws:kms:*:*:key/*'],
  ecr: ['*'],
  guardduty: ['*'],
  sqs: ['arn:aws:sqs:*:*:*'],
};

export function auditIamPolicy(): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: Object.entries(AWS_AUDIT_ACTIONS_BY_SERVICE).map(([service, actions]) => ({
      Sid: `KeelsonReadOnlyAudit${service.toUpperCase()}`,
      Effect: 'Allow',
      Action: [...actions],
      // Scope to one cluster and account by replacing the wildcards with its region, account and name.
      Resource: RESOURCES[service as keyof typeof AWS_AUDIT_ACTIONS_BY_SERVICE],
    })),
  };
}

const IMAGE = 'public.ecr.aws/docker/library/node:20-slim';

/** The in-cluster CronJob and exactly the permissions it needs; keelson runs from npm in the job. */
export function liveAuditKustomization(version: string): Record<string, string> {
  const ns = 'keelson-audit';
  const role = auditClusterRole();
  const docs = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'keelson-audit', namespace: ns } },
    role,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'keelson-audit' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'keelson-audit' },
      subjects: [{ kind: 'ServiceAccount', name: 'keelson-audit', namespace: ns }],
    },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'keelson-audit', namespace: ns },
      spec: {
        schedule: '0 6 * * *',
        concurrencyPolicy: 'Forbid',
        jobTemplate: {
          spec: {
            backoffLimit: 1,
            template: {
              metadata: { labels: { app: 'keelson-audit', team: 'platform', environment: 'production' } },
              spec: {
                serviceAccountName: 'keelson-audit',
                restartPolicy: 'Never',
                securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
                containers: [
                  {
                    name: 'audit',
                    image: IMAGE,
                    // With CLUSTER_NAME set (and Pod Identity or IRSA granting iam-policy.json), the AWS side is audited too.
                    command: ['sh', '-c', `npx --yes keelson@${version} check --live \${CLUSTER_NAME:+--eks-cluster "$CLUSTER_NAME"} --format json --output /tmp/report.json; cat /tmp/report.json`],
                    env: [
                      { name: 'HOME', value: '/tmp' },
                      { name: 'CLUSTER_NAME', value: '' },
                      { name: 'AWS_REGION', value: '' },
                    ],
                    resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } },
                    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: false, capabilities: { drop: ['ALL'] } },
                  },
                ],
              },
            },
          },
        },
      },
    },
  ];
  const header = '# Generated by `npm run deploy:gen` from src/sources/live/permissions.ts; do not edit by hand.\n';
  return {
    'audit.yaml': header + docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n'),
    'kustomization.yaml': `${header}${stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['audit.yaml'] })}`,
    // The IAM policy for the keelson-audit service account's role (Pod Identity or IRSA), when CLUSTER_NAME is set.
    'iam-policy.json': `${JSON.stringify(auditIamPolicy(), null, 2)}\n`,
  };
}
