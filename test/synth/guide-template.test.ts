/**
 * The guide, recommendation by recommendation, against the template keelson synthesizes for the embedded
 * example. Each row: the guide's recommendation, and the template evidence that proves it.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefinition } from '../../src/model/load.js';
import type { ClusterDefinition } from '../../src/model/schema.js';
import { synthesize } from '../../src/synth/synthesize.js';
import type { SynthResult } from '../../src/synth/synthesize.js';
import { at, onlyResource, resourcesOfType, tagsOf } from '../../src/synth/template-query.js';
import type { CfnResource, CfnTemplate } from '../../src/synth/template-query.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/production/keelson.config.ts');

let dir: string;
let d: ClusterDefinition;
let result: SynthResult;
let t: CfnTemplate;

function readTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (p: string): void => {
    for (const e of readdirSync(p, { withFileTypes: true })) {
      const full = path.join(p, e.name);
      if (e.isDirectory()) walk(full);
      else out[path.relative(root, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'keelson-guide-'));
  d = (await loadDefinition(EXAMPLE)).definition;
  result = await synthesize(d, { outDir: path.join(dir, 'a') });
  t = JSON.parse(readFileSync(result.templateFile, 'utf8')) as CfnTemplate;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cluster = (): CfnResource => onlyResource(t, 'AWS::EKS::Cluster');
const addon = (name: string): CfnResource => onlyResource(t, 'AWS::EKS::Addon', (r) => r.Properties?.AddonName === name);
const addonConfig = (name: string): Record<string, unknown> => JSON.parse(String(addon(name).Properties?.ConfigurationValues)) as Record<string, unknown>;
const roleById = (ref: unknown): CfnResource => {
  const id = (at(ref, 'Fn::GetAtt[0]') ?? at(ref, 'Ref')) as string;
  return t.Resources[id]!;
};
const managedPolicyNames = (role: CfnResource): string[] =>
  ((role.Properties?.ManagedPolicyArns ?? []) as unknown[]).map((a) => JSON.stringify(a).replace(/.*:policy\/(?:service-role\/)?/, '').replace(/["\]}]+$/, ''));

describe('aws-cdk-lib CloudFormation validation', () => {
  it('reports zero errors for the full example', () => {
    expect(result.validation.ran).toBe(true);
    expect(result.validation.errors).toBe(0);
    const report = JSON.parse(readFileSync(path.join(result.outDir, 'validation-report.json'), 'utf8')) as { pluginReports: { violations: { severity: string }[] }[] };
    expect(report.pluginReports.length).toBeGreaterThan(0);
    expect(report.pluginReports.flatMap((r) => r.violations).filter((v) => v.severity === 'error')).toEqual([]);
  });
});

describe('the guide, row by row', () => {
  it.each<[string, () => unknown, unknown]>([
    ['Kubernetes version is the default', () => at(cluster(), 'Properties.Version'), '1.36'],
    ['private API endpoint enabled', () => at(cluster(), 'Properties.ResourcesVpcConfig.EndpointPrivateAccess'), true],
    ['public endpoint disabled', () => at(cluster(), 'Properties.ResourcesVpcConfig.EndpointPublicAccess'), false],
    ['secrets encrypted with KMS', () => at(cluster(), 'Properties.EncryptionConfig[0].Resources'), ['secrets']],
    ['KMS key rotation on', () => at(onlyResource(t, 'AWS::KMS::Key'), 'Properties.EnableKeyRotation'), true],
    ['KMS deletion window 30 days', () => at(onlyResource(t, 'AWS::KMS::Key'), 'Properties.PendingWindowInDays'), 30],
    [
      'all five control-plane log types',
      () => (at(cluster(), 'Properties.Logging.ClusterLogging.EnabledTypes') as { Type: string }[]).map((x) => x.Type),
      ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
    ],
    ['access entries (API) authentication', () => at(cluster(), 'Properties.AccessConfig.AuthenticationMode'), 'API'],
    ['cluster creator gets no standing admin', () => at(cluster(), 'Properties.AccessConfig.BootstrapClusterCreatorAdminPermissions'), false],
    [
      'break-glass admin is the only cluster admin (access entries)',
      () =>
        resourcesOfType(t, 'AWS::EKS::AccessEntry')
          .filter(([, r]) => JSON.stringify(r.Properties?.AccessPolicies ?? []).includes('cluster-access-policy/AmazonEKSClusterAdminPolicy'))
          .map(([, r]) => r.Properties?.PrincipalArn),
      ['arn:aws:iam::123456789012:role/BreakGlassAdmin'],
    ],
    [
      'team role maps to its RBAC group',
      () => resourcesOfType(t, 'AWS::EKS::AccessEntry').filter(([, r]) => r.Properties?.PrincipalArn === 'arn:aws:iam::123456789012:role/payments-developers').map(([, r]) => r.Properties?.KubernetesGroups),
      [['keelson:team:payments']],
    ],
    ['control plane in the 3 private subnets', () => (at(cluster(), 'Properties.ResourcesVpcConfig.SubnetIds') as unknown[]).length, 3],
    ['6 subnets: 3 private + 3 public', () => resourcesOfType(t, 'AWS::EC2::Subnet').length, 6],
    ['one NAT gateway per AZ', () => resourcesOfType(t, 'AWS::EC2::NatGateway').length, 3],
    [
      'subnets across 3 AZs',
      () => new Set(resourcesOfType(t, 'AWS::EC2::Subnet').map(([, r]) => r.Properties?.AvailabilityZone)).size,
      3,
    ],
    [
      'private subnets /20',
      () => resourcesOfType(t, 'AWS::EC2::Subnet').filter(([, r]) => tagsOf(r)['kubernetes.io/role/internal-elb'] === '1').map(([, r]) => String(r.Properties?.CidrBlock).split('/')[1]),
      ['20', '20', '20'],
    ],
    [
      'public subnets /24 tagged kubernetes.io/role/elb',
      () => resourcesOfType(t, 'AWS::EC2::Subnet').filter(([, r]) => tagsOf(r)['kubernetes.io/role/elb'] === '1').map(([, r]) => String(r.Properties?.CidrBlock).split('/')[1]),
      ['24', '24', '24'],
    ],
    [
      'private subnets carry karpenter.sh/discovery',
      () => resourcesOfType(t, 'AWS::EC2::Subnet').filter(([, r]) => tagsOf(r)['karpenter.sh/discovery'] === 'prod-cluster').length,
      3,
    ],
    ['public subnets do not map public IPs', () => resourcesOfType(t, 'AWS::EC2::Subnet').every(([, r]) => r.Properties?.MapPublicIpOnLaunch !== true), true],
    ['VPC flow logs (ALL traffic)', () => at(onlyResource(t, 'AWS::EC2::FlowLog'), 'Properties.TrafficType'), 'ALL'],
    ['flow-log retention', () => at(onlyResource(t, 'AWS::Logs::LogGroup', (r) => String(r.Properties?.LogGroupName).endsWith('/flow-logs')), 'Properties.RetentionInDays'), 90],
    ['system node group: m7g.large', () => at(onlyResource(t, 'AWS::EKS::Nodegroup'), 'Properties.InstanceTypes'), ['m7g.large']],
    ['system node group: AL2023 ARM64', () => at(onlyResource(t, 'AWS::EKS::Nodegroup'), 'Properties.AmiType'), 'AL2023_ARM_64_STANDARD'],
    [
      'system node group: min 2 / max 4 / desired 2',
      () => at(onlyResource(t, 'AWS::EKS::Nodegroup'), 'Properties.ScalingConfig'),
      { MinSize: 2, MaxSize: 4, DesiredSize: 2 },
    ],
    ['system node group: label role=system', () => at(onlyResource(t, 'AWS::EKS::Nodegroup'), 'Properties.Labels.role'), 'system'],
    [
      'system node group: CriticalAddonsOnly taint',
      () => at(onlyResource(t, 'AWS::EKS::Nodegroup'), 'Properties.Taints'),
      [{ Key: 'CriticalAddonsOnly', Value: 'true', Effect: 'NO_SCHEDULE' }],
    ],
    ['system node group: on-demand', () => at(onlyResource(t, 'AWS::EKS::Nodegroup'), 'Properties.CapacityType'), 'ON_DEMAND'],
    ['system node group: private subnets only', () => (at(onlyResource(t, 'AWS::EKS::Nodegroup'), 'Properties.Subnets') as unknown[]).length, 3],
    ['system node group: own launch template', () => typeof at(onlyResource(t, 'AWS::EKS::Nodegroup'), 'Properties.LaunchTemplate.Id'), 'object'],
    ['launch template: IMDSv2 required', () => at(onlyResource(t, 'AWS::EC2::LaunchTemplate'), 'Properties.LaunchTemplateData.MetadataOptions.HttpTokens'), 'required'],
    ['launch template: hop limit 1', () => at(onlyResource(t, 'AWS::EC2::LaunchTemplate'), 'Properties.LaunchTemplateData.MetadataOptions.HttpPutResponseHopLimit'), 1],
    ['launch template: encrypted root', () => at(onlyResource(t, 'AWS::EC2::LaunchTemplate'), 'Properties.LaunchTemplateData.BlockDeviceMappings[0].Ebs.Encrypted'), true],
    ['launch template: gp3 root', () => at(onlyResource(t, 'AWS::EC2::LaunchTemplate'), 'Properties.LaunchTemplateData.BlockDeviceMappings[0].Ebs.VolumeType'), 'gp3'],
    [
      'node role carries node policies only (no CNI, no add-on policies)',
      () => managedPolicyNames(roleById(at(onlyResource(t, 'AWS::EKS::Nodegroup'), 'Properties.NodeRole'))).sort(),
      ['AmazonEC2ContainerRegistryPullOnly', 'AmazonEKSWorkerNodePolicy', 'AmazonSSMManagedInstanceCore'],
    ],
    ['vpc-cni prefix delegation', () => at(addonConfig('vpc-cni'), 'env.ENABLE_PREFIX_DELEGATION'), 'true'],
    ['vpc-cni network policy', () => at(addonConfig('vpc-cni'), 'enableNetworkPolicy'), 'true'],
    ['vpc-cni own role (Pod Identity, aws-node)', () => at(addon('vpc-cni'), 'Properties.PodIdentityAssociations[0].ServiceAccount'), 'aws-node'],
    [
      'vpc-cni role has the CNI policy',
      () => managedPolicyNames(roleById(at(addon('vpc-cni'), 'Properties.PodIdentityAssociations[0].RoleArn'))),
      ['AmazonEKS_CNI_Policy'],
    ],
    ['coredns replicas max(2, ceil(10/50))', () => at(addonConfig('coredns'), 'replicaCount'), 2],
    ['coredns zone spread', () => at(addonConfig('coredns'), 'topologySpreadConstraints[0].topologyKey'), 'topology.kubernetes.io/zone'],
    ['coredns tolerates CriticalAddonsOnly', () => at(addonConfig('coredns'), 'tolerations[0].key'), 'CriticalAddonsOnly'],
    ['kube-proxy add-on', () => addon('kube-proxy').Type, 'AWS::EKS::Addon'],
    ['eks-pod-identity-agent add-on', () => addon('eks-pod-identity-agent').Type, 'AWS::EKS::Addon'],
    ['ebs-csi own role', () => at(addon('aws-ebs-csi-driver'), 'Properties.PodIdentityAssociations[0].ServiceAccount'), 'ebs-csi-controller-sa'],
    [
      'ebs-csi role has the EBS CSI policy',
      () => managedPolicyNames(roleById(at(addon('aws-ebs-csi-driver'), 'Properties.PodIdentityAssociations[0].RoleArn'))),
      ['AmazonEBSCSIDriverPolicy'],
    ],
    ['efs-csi off by default', () => resourcesOfType(t, 'AWS::EKS::Addon').some(([, r]) => r.Properties?.AddonName === 'aws-efs-csi-driver'), false],
    ['metrics-server add-on', () => addon('metrics-server').Type, 'AWS::EKS::Addon'],
    ['guardduty agent add-on', () => addon('aws-guardduty-agent').Type, 'AWS::EKS::Addon'],
    [
      'GuardDuty EKS runtime monitoring',
      () => (at(onlyResource(t, 'AWS::GuardDuty::Detector'), 'Properties.Features') as { Name: string; Status: string }[]).find((f) => f.Name === 'EKS_RUNTIME_MONITORING')?.Status,
      'ENABLED',
    ],
    ['ECR enhanced scanning', () => at(onlyResource(t, 'AWS::ECR::RegistryScanningConfiguration'), 'Properties.ScanType'), 'ENHANCED'],
    ['ECR continuous scanning', () => at(onlyResource(t, 'AWS::ECR::RegistryScanningConfiguration'), 'Properties.Rules[0].ScanFrequency'), 'CONTINUOUS_SCAN'],
    ['Karpenter node access entry (EC2_LINUX)', () => resourcesOfType(t, 'AWS::EKS::AccessEntry').filter(([, r]) => r.Properties?.Type === 'EC2_LINUX').length, 1],
    ['Karpenter interruption queue (300 s)', () => at(onlyResource(t, 'AWS::SQS::Queue'), 'Properties.MessageRetentionPeriod'), 300],
    ['Karpenter controller bound by Pod Identity to kube-system/karpenter', () => resourcesOfType(t, 'AWS::EKS::PodIdentityAssociation').some(([, r]) => r.Properties?.ServiceAccount === 'karpenter' && r.Properties?.Namespace === 'kube-system'), true],
    [
      'Karpenter node security group carries the discovery tag',
      () => resourcesOfType(t, 'AWS::EC2::SecurityGroup').filter(([, r]) => tagsOf(r)['karpenter.sh/discovery'] === 'prod-cluster').length,
      1,
    ],
    ['Karpenter nodes reach the cluster security group', () => resourcesOfType(t, 'AWS::EC2::SecurityGroupIngress').length >= 2, true],
    ['tags Environment/Team on the cluster', () => at(cluster(), 'Properties.Tags'), [{ Key: 'Environment', Value: 'production' }, { Key: 'Team', Value: 'platform' }]],
  ])('%s', (_row, evidence, expected) => {
    expect(evidence()).toEqual(expected);
  });
});

describe('workload identities: trust scoped to exactly one service account', () => {
  const trustOf = (r: CfnResource): { Statement: { Principal: Record<string, unknown>; Condition: Record<string, Record<string, unknown>>; Action: unknown }[] } =>
    r.Properties?.AssumeRolePolicyDocument as never;

  it('Pod Identity: pods.eks.amazonaws.com with namespace and service-account session tags and a PodIdentityAssociation', () => {
    const assoc = onlyResource(t, 'AWS::EKS::PodIdentityAssociation', (r) => r.Properties?.Namespace === 'payments');
    expect([assoc.Properties?.Namespace, assoc.Properties?.ServiceAccount]).toEqual(['payments', 'api']);
    const role = roleById(assoc.Properties?.RoleArn);
    const s = trustOf(role).Statement[0]!;
    expect(s.Principal).toEqual({ Service: 'pods.eks.amazonaws.com' });
    expect(s.Action).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    expect(s.Condition.StringEquals).toMatchObject({
      'aws:RequestTag/kubernetes-namespace': 'payments',
      'aws:RequestTag/kubernetes-service-account': 'api',
      'aws:SourceAccount': '123456789012',
    });
  });

  it('IRSA: StringEquals on both :sub and :aud, through the cluster OIDC provider', () => {
    const json = resourcesOfType(t, 'Custom::AWSCDKCfnJson').map(([, r]) => JSON.stringify(r.Properties?.Value));
    expect(json).toHaveLength(1);
    expect(json[0]).toContain('system:serviceaccount:production:s3-reader-sa');
    expect(json[0]).toContain(':aud');
    expect(json[0]).toContain('sts.amazonaws.com');
    expect(json[0]).not.toContain('*');
    const irsaRole = resourcesOfType(t, 'AWS::IAM::Role').find(([, r]) => JSON.stringify(r.Properties?.AssumeRolePolicyDocument).includes('AssumeRoleWithWebIdentity'));
    expect(JSON.stringify(irsaRole![1].Properties?.AssumeRolePolicyDocument)).toContain('StringEquals');
    expect(resourcesOfType(t, 'AWS::IAM::OIDCProvider')).toHaveLength(1);
  });

  it('no pod role carries AdministratorAccess or Action "*"', () => {
    for (const [, r] of resourcesOfType(t, 'AWS::IAM::Role')) expect(JSON.stringify(r.Properties?.ManagedPolicyArns ?? [])).not.toContain('AdministratorAccess');
    for (const [, p] of resourcesOfType(t, 'AWS::IAM::Policy')) {
      for (const s of at(p, 'Properties.PolicyDocument.Statement') as { Action: unknown }[]) expect(s.Action).not.toEqual('*');
    }
  });
});

describe('deterministic output', () => {
  it('two synths of the same definition are byte-identical', async () => {
    const second = await synthesize(d, { outDir: path.join(dir, 'b') });
    expect(readTree(second.outDir)).toEqual(readTree(result.outDir));
  });

  it('holds no machine paths', () => {
    for (const [file, text] of Object.entries(readTree(result.outDir))) expect(text.includes(dir) || text.includes(process.cwd()), file).toBe(false);
  });
});
