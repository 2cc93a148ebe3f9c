/**
 * keelson check --live end to end against loopback Kubernetes, EKS and AWS servers: the account's evidence in the
 * report, AccessDenied as per-rule `not evaluated` with what to grant, drift against definitions in every format,
 * and two snapshots compared.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { run } from '../support/run-cli.js';
import { startFakeAws } from '../support/fake-aws-api.js';
import type { FakeAws, FakeAwsData } from '../support/fake-aws-api.js';
import { startFakeEks } from '../support/fake-eks-api.js';
import type { FakeEks, FakeEksOptions } from '../support/fake-eks-api.js';
import { KARPENTER_RESOURCES, startFakeKube } from '../support/fake-kube-api.js';
import type { FakeKube } from '../support/fake-kube-api.js';
import { awsFixture, credentials, eksFixture, READ_ONLY } from './aws-fixtures.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'keelson-live-account-'));
let kube: FakeKube;
let eks: FakeEks | undefined;
let aws: FakeAws | undefined;

const nodePool = {
  apiVersion: 'karpenter.sh/v1',
  kind: 'NodePool',
  metadata: { name: 'general-purpose' },
  spec: {
    template: { spec: { nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' }, requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] }], expireAfter: '720h' } },
    disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '1m', budgets: [{ nodes: '10%' }] },
    limits: { cpu: '1000', memory: '1000Gi' },
  },
};
const nodeClass = {
  apiVersion: 'karpenter.k8s.aws/v1',
  kind: 'EC2NodeClass',
  metadata: { name: 'default' },
  spec: {
    role: 'prod-karpenter-node',
    amiSelectorTerms: [{ alias: 'al2023@v20260903' }],
    metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 },
    subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'prod' } }],
    securityGroupSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'prod' } }],
  },
};

beforeAll(async () => {
  kube = await startFakeKube({
    resources: KARPENTER_RESOURCES,
    objects: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'aws-node', namespace: 'kube-system', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/prod-vpc-cni' } } },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'karpenter', namespace: 'kube-system', labels: { app: 'karpenter' } },
        spec: { replicas: 2, selector: { matchLabels: { app: 'karpenter' } }, template: { metadata: { labels: { app: 'karpenter' } }, spec: { containers: [{ name: 'controller', image: 'public.ecr.aws/karpenter/controller:1.6.0', env: [{ name: 'INTERRUPTION_QUEUE', value: 'prod' }] }] } } },
      },
      nodePool,
      nodeClass,
    ],
  });
  process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
});
afterEach(async () => {
  await eks?.close();
  await aws?.close();
  eks = undefined;
  aws = undefined;
});
afterAll(async () => {
  await kube.close();
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  rmSync(tmp, { recursive: true, force: true });
});

function kubeconfig(): string {
  const file = path.join(tmp, 'kubeconfig');
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'prod', cluster: { server: kube.url, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'auditor', user: { token: 'not-a-real-token' } }],
      contexts: [{ name: 'prod', context: { cluster: 'prod', user: 'auditor' } }],
      'current-context': 'prod',
    }),
  );
  return file;
}

interface Report {
  findings: { ruleId: string; outcome: string; message: string; location: { file?: string; line?: number } }[];
  rules: { ruleId: string; status: string; reason?: string }[];
  drift?: { items: { subject: string; setting: string; live: unknown; defined: unknown; definedAt: { file?: string; line?: number }; liveAt?: { file?: string; line?: number } }[]; notCompared: string[] };
  comparison?: { changes: { kind: string; subject: string; fields: { path: string; before: unknown; after: unknown }[] }[]; newFindings: { ruleId: string }[]; resolvedFindings: { ruleId: string }[] };
}

async function live(o: { eks?: FakeEksOptions; aws?: FakeAwsData; denied?: string[]; args?: string[] } = {}): Promise<{ code: number; report: Report; err: string; out: string }> {
  eks = await startFakeEks(o.eks ?? eksFixture());
  aws = await startFakeAws({ data: o.aws ?? awsFixture(), denied: o.denied });
  const r = await run('check', '--live', '--kubeconfig', kubeconfig(), '--eks-cluster', 'prod', '--region', 'us-east-1', '--eks-endpoint', eks.url, '--aws-endpoint', aws.url, '--format', 'json', ...(o.args ?? []));
  let report: Report;
  try {
    report = JSON.parse(r.out) as Report;
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.out.slice(0, 300)} ${r.err.slice(0, 500)}`);
  }
  return { code: r.code, report, err: r.err, out: r.out };
}

const status = (r: Report, id: string): string | undefined => r.rules.find((x) => x.ruleId === id)?.status;

describe('keelson check --live with the account', () => {
  it('judges the account with the DEF and LIVE-only rules, through read-only calls only', async () => {
    const saved = path.join(tmp, 'full.yaml');
    const { report, err } = await live({ args: ['--save-snapshot', saved] });
    // Only the CRDs the fake API server does not serve are missing (Kyverno, Gatekeeper); nothing was denied
    expect(err).not.toMatch(/grant|access denied|iam:|ec2:/);
    for (const id of ['CP-IAC', 'CP-SECRETS-KMS', 'NET-FLOW-LOGS', 'NET-NAT-HA', 'NODE-IMDSV2', 'SEC-ECR-SCAN', 'SEC-GUARDDUTY', 'KARP-INTERRUPTION']) expect(status(report, id), id).toBe('pass');
    expect(status(report, 'COST-SAVINGS-PLANS')).toBe('not-evaluated');
    expect(report.findings.find((f) => f.ruleId === 'COST-SAVINGS-PLANS')!.message).toContain('system: 2 x m7g.large');
    expect(aws!.calls.filter((c) => !READ_ONLY.test(c))).toEqual([]);
    expect(eks!.requests.every((q) => q.method === 'GET' || (q.method === 'POST' && q.path.endsWith('/insights')))).toBe(true);
    expect(kube.requests.every((q) => q.method === 'GET')).toBe(true);
    expect(readFileSync(saved, 'utf8')).toContain('AWS::EC2::FlowLog');
  });

  it('AccessDenied makes exactly the affected rules not evaluated, naming the action, live and offline; the summary says what to grant', async () => {
    const saved = path.join(tmp, 'denied.yaml');
    const { report, err } = await live({ denied: ['ec2:DescribeFlowLogs', 'kms:GetKeyRotationStatus'], args: ['--save-snapshot', saved] });
    for (const [id, action] of [['NET-FLOW-LOGS', 'ec2:DescribeFlowLogs'], ['CP-SECRETS-KMS', 'kms:GetKeyRotationStatus']] as const) {
      expect(status(report, id), id).toBe('not-evaluated');
      const f = report.findings.filter((x) => x.ruleId === id);
      expect(f.map((x) => x.outcome), id).toEqual(['not-evaluated']);
      expect(f[0]!.message, id).toMatch(new RegExp(`could not read ${action} .*access denied.*grant ${action}`));
      expect(f[0]!.location.file).toContain('denied.yaml');
    }
    // The rest of the account was read and judged
    expect(status(report, 'NET-NAT-HA')).toBe('pass');
    expect(err).toMatch(/ec2:DescribeFlowLogs vpc-0prod: access denied[\s\S]*grant: ec2:DescribeFlowLogs\n\s+not evaluated: NET-FLOW-LOGS/);
    expect(err).toMatch(/to grant, add to the audit's IAM policy: ec2:DescribeFlowLogs, kms:GetKeyRotationStatus \(keelson permissions prints the whole policy\)/);
    const offline = await run('check', saved, '--format', 'json');
    const o = JSON.parse(offline.out) as Report;
    expect(o.findings.filter((x) => x.ruleId === 'NET-FLOW-LOGS').map((x) => [x.outcome, x.message])).toEqual(report.findings.filter((x) => x.ruleId === 'NET-FLOW-LOGS').map((x) => [x.outcome, x.message]));
    expect(status(o, 'CP-SECRETS-KMS')).toBe('not-evaluated');
  });
});

describe('keelson check --live when the EKS API itself is denied', () => {
  it('every cluster rule is not evaluated naming eks:DescribeCluster; the Kubernetes side is still judged', async () => {
    const { report, err } = await live({ eks: { ...eksFixture(), denied: ['cluster'] } });
    for (const id of ['CP-ENDPOINT', 'CP-LOGGING', 'CP-SECRETS-KMS', 'NET-FLOW-LOGS']) {
      expect(status(report, id), id).toBe('not-evaluated');
      expect(report.findings.find((f) => f.ruleId === id)!.message, id).toMatch(/could not read eks:DescribeCluster prod \(access denied.*\); grant eks:DescribeCluster$/);
    }
    expect(aws!.calls).toEqual([]);
    expect(err).toMatch(/to grant, add to the audit's IAM policy: eks:DescribeCluster /);
    expect(report.rules.find((r) => r.ruleId === 'KARP-BUDGETS')!.status).toBe('pass');
  });
});

describe('keelson check --live --against FILE (drift)', () => {
  const defs = path.join(tmp, 'defs');
  mkdirSync(defs, { recursive: true });

  it('an eksctl config: endpoint, CIDRs, logging, version, node group scaling, instance types, IMDS, add-on versions, each with both values and the line', async () => {
    const file = path.join(defs, 'cluster.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: eksctl.io/v1alpha5',
        'kind: ClusterConfig',
        'metadata:',
        '  name: prod',
        '  region: us-east-1',
        '  version: "1.34"',
        'vpc:',
        '  clusterEndpoints:',
        '    privateAccess: true',
        '    publicAccess: true',
        '  publicAccessCIDRs: ["198.51.100.0/24"]',
        'cloudWatch:',
        '  clusterLogging:',
        '    enableTypes: ["api", "audit"]',
        'addons:',
        '  - name: coredns',
        '    version: v1.11.4-eksbuild.2',
        '  - name: vpc-cni',
        '    version: v1.20.1',
        'managedNodeGroups:',
        '  - name: system',
        '    instanceType: m7g.xlarge',
        '    amiFamily: AmazonLinux2023',
        '    minSize: 3',
        '    maxSize: 4',
        '    privateNetworking: true',
        '    disableIMDSv1: true',
        '',
      ].join('\n'),
    );
    const { code, report } = await live({ args: ['--against', file] });
    expect(code).toBe(1);
    const items = report.drift!.items.map((i) => [i.subject, i.setting, i.live, i.defined, i.definedAt.line]);
    expect(items).toEqual(
      expect.arrayContaining([
        ['cluster prod', 'public access CIDRs', ['203.0.113.0/24'], ['198.51.100.0/24'], 11],
        ['cluster prod', 'control-plane log types', ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], ['api', 'audit'], 14],
        ['cluster prod', 'Kubernetes version', '1.33', '1.34', 6],
        ['node group system', 'scaling min', '2', '3', 24],
        ['node group system', 'instance types', ['m7g.large'], ['m7g.xlarge'], 22],
        ['add-on coredns', 'version', 'v1.12.2-eksbuild.4', 'v1.11.4-eksbuild.2', 17],
      ]),
    );
    // Same value, or a version without the -eksbuild suffix: no drift
    expect(items.some((i) => i[0] === 'add-on vpc-cni' || i[1] === 'scaling max' || i[1] === 'endpoint private access')).toBe(false);
    expect(report.drift!.items.every((i) => i.liveAt === undefined || i.liveAt.file!.endsWith('.yaml'))).toBe(true);
  });

  it('a keelson definition: its defaults count as what it defines (all five logs, its own rotating key, IMDSv2 hop 1)', async () => {
    const file = path.join(defs, 'keelson.yaml');
    writeFileSync(
      file,
      [
        'name: prod',
        'account: "123456789012"',
        'region: us-east-1',
        'kubernetesVersion: "1.35"',
        'endpoint:',
        '  privateAccess: true',
        '  publicAccess: false',
        'access:',
        '  authenticationMode: API',
        'systemNodeGroup:',
        '  instanceTypes: [m7g.large]',
        '  minSize: 2',
        '  maxSize: 6',
        '',
      ].join('\n'),
    );
    const { report } = await live({ args: ['--against', file] });
    expect(report.drift!.items.map((i) => [i.subject, i.setting, i.live, i.defined, i.definedAt.line])).toEqual([
      ['cluster prod', 'endpoint public access', true, false, 7],
      ['cluster prod', 'Kubernetes version', '1.33', '1.35', 4],
      ['node group system', 'scaling max', '4', '6', 13],
    ]);
  });

  it('a CloudFormation template: encryption, authentication mode, launch template IMDS settings and version, running instances', async () => {
    const file = path.join(defs, 'template.json');
    writeFileSync(
      file,
      JSON.stringify(
        {
          Resources: {
            Cluster: { Type: 'AWS::EKS::Cluster', Properties: { Name: 'prod', Version: '1.33', ResourcesVpcConfig: { EndpointPrivateAccess: true, EndpointPublicAccess: false, SubnetIds: [] }, AccessConfig: { AuthenticationMode: 'API_AND_CONFIG_MAP' }, Logging: { ClusterLogging: { EnabledTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'].map((Type) => ({ Type })) } } } },
            SystemLt: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2 }, BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeType: 'gp3' } }] } } },
            System: { Type: 'AWS::EKS::Nodegroup', Properties: { ClusterName: 'prod', NodegroupName: 'system', AmiType: 'AL2023_ARM_64_STANDARD', InstanceTypes: ['m7g.large'], ScalingConfig: { MinSize: 2, MaxSize: 4, DesiredSize: 2 }, LaunchTemplate: { Id: { Ref: 'SystemLt' }, Version: '2' }, Taints: [{ Key: 'CriticalAddonsOnly', Value: 'true', Effect: 'NO_SCHEDULE' }] } },
          },
        },
        null,
        2,
      ),
    );
    // One node still runs with IMDSv1 allowed: launched before the launch template required IMDSv2
    const data = awsFixture();
    const instances = data.ec2!.instances!.map((i, n) => (n === 1 ? { ...i, metadataOptions: { state: 'applied', httpTokens: 'optional', httpPutResponseHopLimit: 2, httpEndpoint: 'enabled' } } : i));
    const { report } = await live({ aws: { ...data, ec2: { ...data.ec2!, instances } }, args: ['--against', file] });
    const items = report.drift!.items.map((i) => [i.subject, i.setting, i.live, i.defined]);
    expect(items).toEqual([
      ['cluster prod', 'endpoint public access', true, false],
      ['cluster prod', 'Secrets encryption', 'on', 'off'],
      ['cluster prod', 'authentication mode', 'API', 'API_AND_CONFIG_MAP'],
      ['node group system', 'IMDS hop limit', 1, 2],
      ['node group system', 'running instances IMDS httpTokens', 'optional on i-0system1 (1 of 2 instances; replace them to apply the launch template)', 'required'],
      ['node group system', 'running instances IMDS hop limit', '1 on i-0system0 (1 of 2 instances; replace them to apply the launch template)', 2],
      ['node group system', 'launch template version', '3', '2'],
    ]);
    expect(report.drift!.items[3]!.definedAt).toMatchObject({ file: expect.stringContaining('template.json') as string, line: expect.any(Number) as number });
  });

  it('Terraform: the cluster and a managed node group written as resources', async () => {
    const dir = path.join(defs, 'tf');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'main.tf'),
      `resource "aws_eks_cluster" "prod" {
  name     = "prod"
  version  = "1.33"
  role_arn = "arn:aws:iam::123456789012:role/prod-cluster"
  vpc_config {
    subnet_ids              = ["subnet-priv-a", "subnet-priv-b", "subnet-priv-c"]
    endpoint_private_access = true
    endpoint_public_access  = true
    public_access_cidrs     = ["203.0.113.0/24"]
  }
  enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]
  access_config {
    authentication_mode = "API"
  }
  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = "arn:aws:kms:us-east-1:123456789012:key/another-key"
    }
  }
}

resource "aws_eks_node_group" "system" {
  cluster_name    = aws_eks_cluster.prod.name
  node_group_name = "system"
  node_role_arn   = "arn:aws:iam::123456789012:role/prod-node"
  subnet_ids      = ["subnet-priv-a"]
  ami_type        = "AL2023_ARM_64_STANDARD"
  instance_types  = ["m7g.large"]
  scaling_config {
    min_size     = 2
    max_size     = 6
    desired_size = 2
  }
}
`,
    );
    const { report } = await live({ args: ['--against', dir] });
    const items = report.drift!.items.map((i) => [i.subject, i.setting, i.live, i.defined]);
    expect(items).toEqual(expect.arrayContaining([['cluster prod', 'Secrets KMS key', expect.stringContaining('1234abcd') as string, 'arn:aws:kms:us-east-1:123456789012:key/another-key'], ['node group system', 'scaling max', '4', '6']]));
    expect(report.drift!.items.find((i) => i.setting === 'scaling max')!.definedAt.line).toBe(32);
  });

  it('Kubernetes manifests: NodePool and EC2NodeClass fields the definition states, never the server defaults', async () => {
    const file = path.join(defs, 'karpenter.yaml');
    const changedPool = { ...nodePool, spec: { ...nodePool.spec, disruption: { ...nodePool.spec.disruption, budgets: [{ nodes: '5%' }] }, limits: { cpu: '1000' } } };
    const changedClass = { ...nodeClass, spec: { role: 'prod-karpenter-node', amiSelectorTerms: [{ alias: 'al2023@latest' }] } };
    writeFileSync(file, `${stringify(changedPool)}---\n${stringify(changedClass)}`);
    const { report } = await live({ args: ['--against', file] });
    expect(report.drift!.items.map((i) => [i.subject, i.setting, i.live, i.defined])).toEqual([
      ['NodePool general-purpose', 'spec.disruption.budgets', [{ nodes: '10%' }], [{ nodes: '5%' }]],
      ['EC2NodeClass default', 'spec.amiSelectorTerms', [{ alias: 'al2023@v20260903' }], [{ alias: 'al2023@latest' }]],
    ]);
  });

  it('the table report ends with the drift section; a definition without drift exits by the findings alone', async () => {
    const file = path.join(defs, 'same.yaml');
    writeFileSync(file, `${stringify(nodePool)}`);
    const { report } = await live({ args: ['--against', file] });
    expect(report.drift).toEqual({ against: file, items: [], notCompared: [] });
    eks = await startFakeEks(eksFixture());
    aws = await startFakeAws({ data: awsFixture() });
    const t = await run('check', '--live', '--kubeconfig', kubeconfig(), '--eks-cluster', 'prod', '--region', 'us-east-1', '--eks-endpoint', eks.url, '--aws-endpoint', aws.url, '--against', path.join(defs, 'cluster.yaml'));
    expect(t.out).toMatch(/\nDrift: the running cluster differs from .*cluster\.yaml in \d+ places\n {2}cluster prod: public access CIDRs\n {4}live: \["203\.0\.113\.0\/24"\] {2}\(.*:\d+:\d+\)\n {4}defined: \["198\.51\.100\.0\/24"\] {2}\(.*cluster\.yaml:11:\d+\)/);
  });

  it('needs a running cluster or a snapshot', async () => {
    const r = await run('check', path.join(defs, 'cluster.yaml'), '--against', path.join(defs, 'cluster.yaml'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--against compares a running cluster: add --live, or give a snapshot/);
  });
});

describe('keelson check SNAPSHOT --compare EARLIER', () => {
  it('lists what changed in the account and the cluster, and the findings that are new or gone', async () => {
    const before = path.join(tmp, 'before.yaml');
    const after = path.join(tmp, 'after.yaml');
    await live({ args: ['--save-snapshot', before] });
    await eks?.close();
    await aws?.close();
    const data = awsFixture();
    const later = { ...data, ec2: { ...data.ec2!, flowLogs: [], natGateways: data.ec2!.natGateways!.slice(0, 1) } };
    await live({ aws: later, args: ['--save-snapshot', after] });
    const r = await run('check', after, '--compare', before, '--format', 'json');
    expect(r.code).toBe(1);
    const c = (JSON.parse(r.out) as Report).comparison!;
    expect(c.changes.filter((x) => x.subject.startsWith('AWS::EC2::')).map((x) => [x.kind, x.subject])).toEqual([
      ['removed', 'AWS::EC2::FlowLog FlowLogfl0prod'],
      ['removed', 'AWS::EC2::NatGateway NatGatewaynat1'],
      ['removed', 'AWS::EC2::NatGateway NatGatewaynat2'],
    ]);
    expect(c.newFindings.map((f) => f.ruleId).sort()).toEqual(['NET-FLOW-LOGS', 'NET-NAT-HA']);
    expect(c.resolvedFindings).toEqual([]);
    // Kubernetes bookkeeping (resourceVersion, timestamps) is not a change
    expect(c.changes.some((x) => x.subject.includes('Deployment'))).toBe(false);
    const table = await run('check', after, '--compare', before);
    expect(table.out).toMatch(/\nChanges since .*before\.yaml: \d+ in the evidence, 2 new findings, 0 gone\n/);
    expect(table.out).toMatch(/ {2}removed AWS::EC2::FlowLog FlowLogfl0prod/);
  });

  it('says so when the earlier file is not a snapshot', async () => {
    const r = await run('check', path.join(tmp, 'full.yaml'), '--compare', path.join(tmp, 'defs', 'cluster.yaml'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is not a keelson snapshot/);
  });
});
