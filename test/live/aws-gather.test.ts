/**
 * The EKS cluster and the account around it, read by the real AWS SDK v3 clients from loopback servers that speak
 * each service's wire protocol, then judged by the same readers and rules as a template.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAws } from '../support/fake-aws-api.js';
import type { FakeAws, FakeAwsOptions } from '../support/fake-aws-api.js';
import { startFakeEks } from '../support/fake-eks-api.js';
import type { FakeEks, FakeEksOptions } from '../support/fake-eks-api.js';
import { gatherEks } from '../../src/sources/live/eks-gather.js';
import type { EksSnapshot } from '../../src/sources/live/eks-gather.js';
import { kubeHints } from '../../src/sources/live/aws-gather.js';
import { emptyInventory } from '../../src/sources/inventory.js';
import { addFile } from '../../src/sources/read-inputs.js';
import { runRules } from '../../src/rules/engine.js';
import { RULES } from '../../src/rules/registry.js';
import type { Finding, RuleStatus } from '../../src/rules/types.js';
import { applySnapshotGaps } from '../../src/sources/live/gaps.js';
import { awsFixture, credentials, eksFixture, READ_ONLY } from './aws-fixtures.js';

let eks: FakeEks | undefined;
let aws: FakeAws | undefined;
afterEach(async () => {
  await eks?.close();
  await aws?.close();
  eks = undefined;
  aws = undefined;
});

const hints = kubeHints([
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'aws-node', namespace: 'kube-system', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/prod-vpc-cni' } } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'karpenter', namespace: 'kube-system' }, spec: { template: { spec: { containers: [{ name: 'controller', env: [{ name: 'INTERRUPTION_QUEUE', value: 'prod' }] }] } } } },
]);

async function gather(e: FakeEksOptions = eksFixture(), a: Omit<FakeAwsOptions, 'data'> & { data?: FakeAwsOptions['data'] } = {}): Promise<EksSnapshot> {
  eks = await startFakeEks(e);
  aws = await startFakeAws({ pageSize: 2, ...a, data: a.data ?? awsFixture() });
  return gatherEks({ clusterName: 'prod', region: 'us-east-1', endpoint: eks.url, awsEndpoint: aws.url, credentials, hints });
}

function statuses(snap: EksSnapshot): Record<string, RuleStatus> {
  const inv = emptyInventory();
  addFile(inv, 'live.json', new TextEncoder().encode(JSON.stringify(snap.template)));
  return Object.fromEntries(runRules(RULES, inv, { today: '2026-11-26' }).rules.map((r) => [r.ruleId, r.status]));
}

describe('gathering the account around an EKS cluster (real SDK v3 clients, loopback endpoints)', () => {
  it('reads EC2, IAM, KMS, ECR, GuardDuty and SQS with Describe/List/Get calls only, every page', async () => {
    const snap = await gather();
    expect(snap.gaps).toEqual([]);
    expect(aws!.calls.length).toBeGreaterThan(20);
    expect(aws!.calls.filter((c) => !READ_ONLY.test(c))).toEqual([]);
    expect(eks!.requests.every((q) => q.method === 'GET' || (q.method === 'POST' && q.path.endsWith('/insights')))).toBe(true);
    // 6 subnets at 2 a page: 3 pages. 5 roles in use (cluster, nodes, vpc-cni, shop-orders, Fargate; the admin's access
    // entry is not a node role), the node role's 3 policies on 2 pages (IAM's Marker): 6 calls.
    expect(aws!.calls.filter((c) => c === 'ec2:DescribeSubnets')).toHaveLength(3);
    expect(aws!.calls.filter((c) => c === 'iam:ListAttachedRolePolicies')).toHaveLength(6);
    expect(aws!.calls.filter((c) => c === 'iam:GetRole')).toHaveLength(5);
    for (const service of ['ec2', 'iam', 'kms', 'ecr', 'guardduty', 'sqs']) expect(aws!.calls.some((c) => c.startsWith(`${service}:`)), service).toBe(true);
    const r = snap.template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    expect(Object.values(r).filter((x) => x.Type === 'AWS::EC2::Subnet')).toHaveLength(6);
    expect(r.FargateProfilebatch!.Properties).toMatchObject({ PodExecutionRoleArn: { 'Fn::GetAtt': ['Roleprodfargate', 'Arn'] }, Subnets: [{ Ref: 'Subnetsubnetpriva' }, { Ref: 'Subnetsubnetprivb' }], Selectors: [{ Namespace: 'batch', Labels: [{ Key: 'fargate', Value: 'true' }] }] });
    expect(r.LaunchTemplatelt0system!.Properties.LaunchTemplateData).toMatchObject({ MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 } });
    expect(r.Nodegroupsystem!.Properties.LaunchTemplate).toMatchObject({ Id: { Ref: 'LaunchTemplatelt0system' }, Version: '3' });
    expect(r.Roleshoporders!.Properties.ManagedPolicyArns).toEqual([{ Ref: 'ManagedPolicyshopordersdynamodb' }]);
    expect(r.Roleshoporders!.Properties.Policies).toEqual([{ PolicyName: 'read-bucket', PolicyDocument: expect.objectContaining({ Statement: [expect.objectContaining({ Action: ['s3:GetObject'] })] }) }]);
    expect(r.InterruptionQueue!.Properties).toMatchObject({ QueueName: 'prod', QueueArn: 'arn:aws:sqs:us-east-1:123456789012:prod' });
    expect(Object.values(r).filter((x) => x.Type === 'AWS::EC2::Instance')).toHaveLength(2);
  });

  it('EKS upgrade insights: an ERROR fails UPG-DEPRECATED-APIS with EKS\'s reason; a denied ListInsights leaves it not evaluated', async () => {
    // GIVEN a cluster whose audit log shows calls to an API removed in the next version
    const insights = [
      { id: 'a1', name: 'Deprecated APIs removed in Kubernetes v1.34', category: 'UPGRADE_READINESS', kubernetesVersion: '1.34', insightStatus: { status: 'ERROR', reason: 'Deprecated API usage detected within last 30 days.' }, description: 'Checks for usage of deprecated APIs' },
      { id: 'a2', name: 'Kubelet version skew', category: 'UPGRADE_READINESS', kubernetesVersion: '1.34', insightStatus: { status: 'PASSING', reason: 'No issues detected.' } },
    ];
    const snap = await gather({ ...eksFixture(), insights });
    // THEN the snapshot keeps them on the cluster resource, and the rule fails on the ERROR only
    const inv = emptyInventory();
    addFile(inv, 'live.json', new TextEncoder().encode(JSON.stringify(snap.template)));
    const result = runRules(RULES, inv, { today: '2026-11-26' });
    const failing = result.findings.filter((f) => f.ruleId === 'UPG-DEPRECATED-APIS' && f.outcome === 'fail');
    expect(failing.map((f) => f.message)).toEqual([expect.stringMatching(/"Deprecated APIs removed in Kubernetes v1.34" \(Kubernetes 1.34\) on cluster prod is ERROR: Deprecated API usage detected/)]);
    expect(failing[0]!.location.path).toMatch(/Metadata\.KeelsonUpgradeInsights\[0\]/);
    expect(eks!.requests.filter((q) => q.method === 'POST').map((q) => q.path)).toEqual(['/clusters/prod/insights']);
    await eks?.close();
    await aws?.close();
    // AND when ListInsights is denied, the gap names it and the rule is not evaluated, never passed
    const denied = await gather({ ...eksFixture(), insights, denied: ['insights'] });
    expect(denied.gaps.map((g) => [g.grant, g.rules])).toEqual([['eks:ListInsights', ['UPG-DEPRECATED-APIS']]]);
    const cluster = Object.values(denied.template.Resources as Record<string, { Type: string; Metadata?: unknown }>).find((x) => x.Type === 'AWS::EKS::Cluster');
    expect(cluster?.Metadata).toBeUndefined();
  });

  it('add-on versions: EKS\'s DescribeAddonVersions decides UPG-ADDON-COMPAT live, for the cluster\'s version or a target', async () => {
    // GIVEN the fixture's add-ons (cluster 1.33): each installed version supports 1.33 only; a newer one supports 1.33 and 1.34
    const fixture = eksFixture();
    const installed = Object.fromEntries((fixture.addons ?? []).map((a) => [String(a.addonName), String(a.addonVersion)]));
    const catalogue = Object.fromEntries(
      Object.entries(installed).map(([n, v]) => [n, [{ version: 'v9.9.9-eksbuild.1', clusterVersions: ['1.33', '1.34'] }, { version: v, clusterVersions: ['1.33'] }]]),
    );
    const snap = await gather({ ...fixture, addonVersions: catalogue });
    expect(eks!.requests.filter((q) => q.path === '/addons/supported-versions')).toHaveLength(Object.keys(installed).length);
    const findings = (targetVersion?: string) => {
      const inv = emptyInventory();
      addFile(inv, 'live.json', new TextEncoder().encode(JSON.stringify(snap.template)));
      return runRules(RULES, inv, { today: '2026-11-26', targetVersion }).findings.filter((f) => f.ruleId === 'UPG-ADDON-COMPAT');
    };
    // THEN on its own version every add-on is supported
    expect(findings()).toEqual([]);
    // AND against an upgrade to 1.34 each installed version fails at its AddonVersion, naming the version to move to
    const [name, version] = Object.entries(installed)[0]!;
    const upgrade = findings('1.34').filter((f) => f.outcome === 'fail');
    expect(upgrade).toHaveLength(Object.keys(installed).length);
    expect(upgrade.find((f) => f.message.startsWith(`${name} `))).toMatchObject({
      message: expect.stringContaining(`${name} ${version} is not among the 1 versions EKS supports on Kubernetes 1.34`),
      location: expect.objectContaining({ path: expect.stringMatching(/Properties\.AddonVersion$/) }),
      fix: expect.stringContaining('v9.9.9-eksbuild.1'),
    });
    // AND a version EKS has nothing for is not evaluated, never passed
    expect(findings('1.35').map((f) => f.outcome)).toEqual(Object.keys(installed).map(() => 'not-evaluated'));
  });

  it('the DEF rules decide the live account: the production fixture passes them', async () => {
    const s = statuses(await gather());
    for (const id of ['CP-ENDPOINT', 'CP-SECRETS-KMS', 'CP-LOGGING', 'CP-OIDC', 'CP-ACCESS-ENTRIES', 'NET-3AZ', 'NET-SUBNET-SIZE', 'NET-SUBNET-TAGS', 'NET-FLOW-LOGS', 'NET-NAT-HA', 'NODE-IMDSV2', 'NODE-EBS-ENCRYPTED', 'NODE-AMI', 'NODE-SYSTEM-POOL', 'SEC-ECR-SCAN', 'SEC-GUARDDUTY', 'IAM-NODE-ROLE-MINIMAL', 'IAM-TRUST-SCOPED', 'IAM-LEAST-PRIVILEGE']) {
      expect(s[id], id).toBe('pass');
    }
  });

  it('a neglected account fails the same rules, from what the services answered', async () => {
    const data = awsFixture();
    const ec2 = data.ec2!;
    const neglected = {
      ...data,
      ec2: { ...ec2, flowLogs: [], natGateways: ec2.natGateways!.slice(0, 1), launchTemplateVersions: { 'lt-0system': ec2.launchTemplateVersions!['lt-0system']!.map((v) => ({ ...v, defaultVersion: v.versionNumber === 2 })) } },
      kms: Object.fromEntries(Object.entries(data.kms!).map(([k, v]) => [k, { ...v, rotation: false }])),
      ecr: { scanType: 'BASIC', rules: [] },
      guardduty: { 'det-0prod': { status: 'ENABLED', features: [{ name: 'RUNTIME_MONITORING', status: 'DISABLED' }] } },
      iam: { ...data.iam!, policies: { 'arn:aws:iam::123456789012:policy/shop-orders-dynamodb': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } } },
    };
    const e = eksFixture();
    const ng = (e.nodegroups ?? [])[0]!;
    const snap = await gather({ ...e, nodegroups: [{ ...ng, launchTemplate: { id: 'lt-0system', version: '$Default' } }] }, { data: neglected });
    const s = statuses(snap);
    for (const id of ['CP-SECRETS-KMS', 'NET-FLOW-LOGS', 'NET-NAT-HA', 'NODE-IMDSV2', 'SEC-ECR-SCAN', 'SEC-GUARDDUTY', 'IAM-LEAST-PRIVILEGE']) expect(s[id], id).toBe('fail');
  });

  it('NODE-IMDSV2 judges the running instances too: one with HttpTokens optional fails at that instance though its launch template requires IMDSv2', async () => {
    // GIVEN the production fixture (launch template: required, hop 1), one of whose two nodes runs IMDSv1-optional
    const data = awsFixture();
    const ec2 = data.ec2!;
    const instances = ec2.instances!.map((i, k) => (k === 1 ? { ...i, metadataOptions: { state: 'applied', httpTokens: 'optional', httpPutResponseHopLimit: 2, httpEndpoint: 'enabled' } } : i));
    const snap = await gather(eksFixture(), { data: { ...data, ec2: { ...ec2, instances } } });
    // WHEN the snapshot is checked
    const inv = emptyInventory();
    addFile(inv, 'live.json', new TextEncoder().encode(JSON.stringify(snap.template)));
    const result = runRules(RULES, inv, { today: '2026-11-26' });
    const findings = result.findings.filter((f) => f.ruleId === 'NODE-IMDSV2');
    // THEN that instance fails, on HttpTokens and on the hop limit, each at its own field; the launch template and the other node pass
    expect(findings.map((f) => [f.id, f.outcome, f.location.path])).toEqual([
      ['NODE-IMDSV2[http-tokens]', 'fail', 'Resources.Instancei0system1.Properties.MetadataOptions.HttpTokens'],
      ['NODE-IMDSV2[hop-limit]', 'fail', 'Resources.Instancei0system1.Properties.MetadataOptions.HttpPutResponseHopLimit'],
    ]);
    expect(findings[0]!.message).toBe('instance i-0system1 (node group system) allows IMDSv1 (HttpTokens optional), whatever its launch template says');
    expect(findings[0]!.fix).toContain('aws ec2 modify-instance-metadata-options --instance-id i-0system1 --http-tokens required');
    expect(result.rules.find((r) => r.ruleId === 'NODE-IMDSV2')?.status).toBe('fail');
  });

  it('NODE-IMDSV2 skips an instance with no metadata service, and a denied DescribeInstances leaves it not evaluated', async () => {
    // GIVEN a node with IMDS disabled altogether (nothing to steal)
    const data = awsFixture();
    const ec2 = data.ec2!;
    const instances = ec2.instances!.map((i) => ({ ...i, metadataOptions: { state: 'applied', httpTokens: 'optional', httpPutResponseHopLimit: 2, httpEndpoint: 'disabled' } }));
    expect(statuses(await gather(eksFixture(), { data: { ...data, ec2: { ...ec2, instances } } }))['NODE-IMDSV2']).toBe('pass');
    await eks?.close();
    await aws?.close();
    // WHEN the instances cannot be read THEN the gap names ec2:DescribeInstances and NODE-IMDSV2
    const denied = await gather(eksFixture(), { denied: ['ec2:DescribeInstances'] });
    expect(denied.gaps.map((g) => [g.grant, g.rules])).toEqual([['ec2:DescribeInstances', ['NODE-IMDSV2']]]);
  });

  it('AccessDenied on a call becomes a gap naming the IAM action and the rules it leaves undecided; the rest is read', async () => {
    const snap = await gather(eksFixture(), { denied: ['ec2:DescribeFlowLogs', 'kms:GetKeyRotationStatus', 'guardduty:ListDetectors'] });
    expect(snap.gaps.map((g) => [g.grant, g.rules])).toEqual(
      expect.arrayContaining([
        ['ec2:DescribeFlowLogs', ['NET-FLOW-LOGS']],
        ['kms:GetKeyRotationStatus', ['CP-SECRETS-KMS']],
        ['guardduty:ListDetectors', ['SEC-GUARDDUTY']],
      ]),
    );
    expect(snap.gaps).toHaveLength(3);
    const r = snap.template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    // The key whose rotation was not read is not rendered as a key with rotation off
    expect(r.SecretsKey).toBeUndefined();
    expect(Object.values(r).some((x) => x.Type === 'AWS::EC2::Subnet')).toBe(true);
    expect((snap.template.Metadata as Record<string, unknown>)['keelson.io/live-gaps']).toEqual(snap.gaps);
  });

  it('throttling answers are retried by the SDK with backoff, then the call succeeds', async () => {
    const throttled = ['ec2:DescribeSubnets', 'iam:GetRole', 'kms:GetKeyRotationStatus', 'ecr:GetRegistryScanningConfiguration', 'guardduty:ListDetectors', 'sqs:GetQueueUrl'];
    const snap = await gather(eksFixture(), { throttleOnce: throttled });
    expect(snap.gaps).toEqual([]);
    const once = await gather(eksFixture());
    expect(snap.template).toEqual(once.template);
  });

  it('an AWS endpoint that does not answer is not asked again (beyond the calls already in flight): the rest are gaps, not waits', async () => {
    eks = await startFakeEks(eksFixture());
    const dead = await startFakeAws({ data: awsFixture() });
    await dead.close();
    const snap = await gatherEks({ clusterName: 'prod', region: 'us-east-1', endpoint: eks.url, awsEndpoint: dead.url, credentials, hints, maxAttempts: 2 });
    const tried = snap.calls.filter((c) => !c.startsWith('eks:'));
    // IAM reads up to 4 roles at once; every service is otherwise asked once
    for (const service of ['ec2', 'kms', 'ecr', 'guardduty']) expect(tried.filter((c) => c.startsWith(`${service}:`)), service).toHaveLength(1);
    expect(tried.filter((c) => c.startsWith('iam:')).length).toBeLessThanOrEqual(4);
    expect(snap.gaps.some((g) => g.reason.startsWith('not tried: the iam endpoint did not answer'))).toBe(true);
    expect(snap.gaps.some((g) => g.reason.startsWith('not tried: the ec2 endpoint did not answer'))).toBe(true);
    expect(snap.gaps.every((g) => g.grant === undefined)).toBe(true);
    // The EKS side was still read
    expect((snap.template.Resources as Record<string, unknown>).Cluster).toBeTruthy();
  });

  it('a role the cluster names that no longer exists is a gap that leaves no rule undecided', async () => {
    const data = awsFixture();
    const roles = { ...data.iam!.roles! };
    delete roles['shop-orders'];
    const snap = await gather(eksFixture(), { data: { ...data, iam: { ...data.iam!, roles } } });
    expect(snap.gaps).toEqual([expect.objectContaining({ what: 'iam:GetRole shop-orders', rules: [] })]);
    expect(snap.gaps[0]!.reason).toMatch(/^NoSuchEntity/);
  });

  it('a queue Karpenter names that SQS says does not exist fails KARP-INTERRUPTION at the queue, though the manifests name it', async () => {
    // GIVEN Karpenter running with INTERRUPTION_QUEUE=prod, and an account where SQS has no queue "prod"
    const snap = await gather(eksFixture(), { data: { ...awsFixture(), sqs: {} } });
    // THEN SQS's answer is no gap: the queue is rendered as missing, with the answer
    expect(snap.gaps).toEqual([]);
    expect(aws!.calls).toContain('sqs:GetQueueUrl');
    const queue = (snap.template.Resources as Record<string, { Type: string; Properties: unknown; Metadata: Record<string, unknown> }>).InterruptionQueue!;
    expect(queue).toMatchObject({ Type: 'AWS::SQS::Queue', Properties: { QueueName: 'prod' } });
    expect(queue.Metadata['keelson.io/missing']).toMatch(/QueueDoesNotExist|NonExistentQueue/);
    // AND the rule fails at the queue, even with the Deployment's INTERRUPTION_QUEUE in the inputs
    const f = karpenterInterruption(snap);
    expect(f.status).toBe('fail');
    expect(f.findings).toEqual([
      expect.objectContaining({ outcome: 'fail', message: expect.stringMatching(/^Karpenter is configured with interruption queue "prod", but SQS says it does not exist/), location: expect.objectContaining({ file: 'live.json', path: expect.stringMatching(/InterruptionQueue\.Properties\.QueueName$/) }) }),
    ]);
  });

  it('KARP-INTERRUPTION passes live when the queue exists, and is not evaluated when SQS denies the read', async () => {
    // GIVEN the same Kubernetes side, and the production fixture's queue
    expect(karpenterInterruption(await gather()).status).toBe('pass');
    await eks?.close();
    await aws?.close();
    // WHEN GetQueueUrl is denied THEN the gap names the action and the rule is not evaluated, never failed or passed
    const denied = await gather(eksFixture(), { denied: ['sqs:GetQueueUrl'] });
    expect(denied.gaps.map((g) => [g.grant, g.rules])).toEqual([['sqs:GetQueueUrl', ['KARP-INTERRUPTION']]]);
    const f = karpenterInterruption(denied);
    expect(f.status).toBe('not-evaluated');
    expect(f.findings.map((x) => x.outcome)).toEqual(['not-evaluated']);
  });
});

/** KARP-INTERRUPTION on the AWS snapshot beside the Kubernetes side of the same cluster, gaps applied as `check` does. */
function karpenterInterruption(snap: EksSnapshot): { status: RuleStatus | undefined; findings: Finding[] } {
  const inv = emptyInventory();
  addFile(inv, 'live.json', new TextEncoder().encode(JSON.stringify(snap.template)));
  addFile(inv, 'cluster.yaml', new TextEncoder().encode(KARPENTER_OBJECTS));
  const result = applySnapshotGaps(runRules(RULES, inv, { today: '2026-11-26' }), inv, RULES);
  return { status: result.rules.find((r) => r.ruleId === 'KARP-INTERRUPTION')?.status, findings: result.findings.filter((x) => x.ruleId === 'KARP-INTERRUPTION') };
}

const KARPENTER_OBJECTS = `apiVersion: apps/v1
kind: Deployment
metadata: { name: karpenter, namespace: kube-system }
spec:
  template:
    spec:
      containers: [{ name: controller, image: public.ecr.aws/karpenter/controller:1.8.1, env: [{ name: INTERRUPTION_QUEUE, value: prod }] }]
---
apiVersion: karpenter.sh/v1
kind: NodePool
metadata: { name: general-purpose }
spec:
  template:
    spec:
      nodeClassRef: { group: karpenter.k8s.aws, kind: EC2NodeClass, name: default }
`;
