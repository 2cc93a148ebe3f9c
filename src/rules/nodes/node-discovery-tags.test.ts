import { describe, expect, it } from 'vitest';
import rule from './node-discovery-tags.js';
import { vpcTemplate } from '../network/net-rules.fixtures.js';
import type { SubnetSpec } from '../network/net-rules.fixtures.js';
import { checkFiles, checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';
import { checkOwnOutput, OWN_OUTPUT_TIMEOUT_MS } from '../internal/own-output.js';
import { checkTerraform, outcomes, planJson } from '../../sources/terraform/terraform.fixtures.js';

const DISCOVERY = { 'kubernetes.io/role/internal-elb': '1', 'karpenter.sh/discovery': 'c' };
const subnets = (tags: Record<string, string>): SubnetSpec[] => [
  { id: 'PrivA', az: 'eu-west-1a', cidr: '10.0.16.0/20', tags },
  { id: 'PrivB', az: 'eu-west-1b', cidr: '10.0.32.0/20', tags: DISCOVERY },
  { id: 'PubA', az: 'eu-west-1a', cidr: '10.0.0.0/24', public: true },
];
/** The cluster, Karpenter's Pod Identity association (Karpenter is used) and a node security group. */
const KARPENTER = (sgTag?: string) =>
  [
    '  C:', '    Type: AWS::EKS::Cluster', '    Properties:', '      Name: c',
    '  Karpenter:', '    Type: AWS::EKS::PodIdentityAssociation', '    Properties:', '      ClusterName: c', '      Namespace: kube-system', '      ServiceAccount: karpenter', '      RoleArn: arn:aws:iam::123456789012:role/k',
    '  NodeSg:', '    Type: AWS::EC2::SecurityGroup', '    Properties:', '      GroupDescription: nodes', '      VpcId: !Ref Vpc',
    ...(sgTag === undefined ? [] : ['      Tags:', `        - {Key: karpenter.sh/discovery, Value: ${sgTag}}`]),
    '',
  ].join('\n');
const EKSCTL = (meta: string) => `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n  region: eu-west-1\n${meta}`;
const NODEPOOL = 'apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: default}\nspec:\n  template:\n    spec:\n      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}\n';

describe('NODE-DISCOVERY-TAGS', () => {
  it('passes tagged private subnets and a tagged node security group', () => {
    const r = checkYaml(rule, vpcTemplate(subnets(DISCOVERY), { nodeGroup: true }) + KARPENTER('c'));
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('fails an untagged private subnet at its tags, and a missing security group tag at the cluster', () => {
    const t = vpcTemplate(subnets({ 'kubernetes.io/role/internal-elb': '1' }), { nodeGroup: true });
    const r = checkYaml(rule, t + KARPENTER());
    const clusterLine = t.split('\n').length;
    expect(failures(r)).toEqual([`NODE-DISCOVERY-TAGS[subnets] in.yaml:28`, `NODE-DISCOVERY-TAGS[security-groups] in.yaml:${clusterLine}`]);
    expect(r.findings.map((f) => f.message).join('\n')).toContain('PrivA');
  });

  it('fails a tag that names another cluster', () => {
    expect(failures(checkYaml(rule, vpcTemplate(subnets(DISCOVERY), { nodeGroup: true }) + KARPENTER('other')))).toHaveLength(1);
  });

  it('is not judged without Karpenter', () => {
    expect(checkYaml(rule, vpcTemplate(subnets({}), { nodeGroup: true })).rules[0]?.status).toBe('not-evaluated');
  });

  it('eksctl: metadata.tags carries the tag onto what eksctl creates; missing, it fails at metadata', () => {
    expect(checkFiles(rule, { 'cluster.yaml': EKSCTL('  tags:\n    karpenter.sh/discovery: c\n'), 'pool.yaml': NODEPOOL }).findings).toEqual([]);
    expect(failures(checkFiles(rule, { 'cluster.yaml': EKSCTL(''), 'pool.yaml': NODEPOOL }))).toEqual(['NODE-DISCOVERY-TAGS cluster.yaml:3']);
  });

  it('keelson: passes the VPC it creates, and is not evaluated on an existing one', () => {
    const keelson = 'name: prod\naccount: "123456789012"\nregion: eu-west-1\n';
    expect(checkYaml(rule, keelson).rules[0]?.status).toBe('pass');
    const existing = `${keelson}network:\n  existing:\n    vpcId: vpc-0123456789abcdef0\n    privateSubnetIds: [subnet-0a, subnet-0b, subnet-0c]\n`;
    expect(checkYaml(rule, existing).rules[0]?.status).toBe('not-evaluated');
  });

  it('Terraform: the vpc and eks modules\' tag inputs, literal or as references', async () => {
    const tf = (value: string) =>
      `module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n  private_subnet_tags = {\n    "karpenter.sh/discovery" = ${value}\n  }\n  azs = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]\n  private_subnets = ["10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20"]\n}\n` +
      `module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  cluster_name = "prod"\n  enable_irsa = true\n  node_security_group_tags = {\n    "karpenter.sh/discovery" = ${value}\n  }\n}\n` +
      'resource "aws_eks_pod_identity_association" "karpenter" {\n  cluster_name = "prod"\n  namespace = "kube-system"\n  service_account = "karpenter"\n  role_arn = "arn:aws:iam::1:role/k"\n}\n';
    const pool = { 'pool.yaml': NODEPOOL };
    const ok = await checkTerraform(rule, { 'main.tf': tf('"prod"'), ...pool });
    expect(ok.findings).toEqual([]);
    expect(ok.rules[0]?.status).toBe('pass');
    // GIVEN local.name without a locals block THEN neither tag value is known: not evaluated, never a pass
    const open = await checkTerraform(rule, { 'main.tf': tf('local.name'), ...pool });
    expect(open.rules[0]?.status).toBe('not-evaluated');
    expect(outcomes(open).map((o) => o.split(' ').slice(0, 2).join(' '))).toEqual(expect.arrayContaining(['not-evaluated NODE-DISCOVERY-TAGS[subnets]', 'not-evaluated NODE-DISCOVERY-TAGS[security-groups]']));
  });

  describe('Terraform: provider default_tags', () => {
    const PROVIDERS = (value: string) =>
      `provider "aws" {\n  region = "eu-west-1"\n  default_tags {\n    tags = {\n      "karpenter.sh/discovery" = ${value}\n    }\n  }\n}\n` +
      'provider "aws" {\n  alias  = "west"\n  region = "eu-west-2"\n}\n';
    const MAIN = (sgProvider = '') =>
      'resource "aws_eks_cluster" "this" {\n  name     = "prod"\n  role_arn = "arn:aws:iam::1:role/c"\n  vpc_config {\n    subnet_ids = ["subnet-1"]\n  }\n}\n' +
      `resource "aws_security_group" "nodes" {${sgProvider}\n  name = "nodes"\n  tags = {\n    Name = "nodes"\n  }\n}\n` +
      'resource "aws_subnet" "private" {\n  vpc_id     = var.vpc_id\n  cidr_block = "10.0.0.0/19"\n}\n' +
      'resource "aws_eks_pod_identity_association" "karpenter" {\n  cluster_name = "prod"\n  namespace = "kube-system"\n  service_account = "karpenter"\n  role_arn = "arn:aws:iam::1:role/k"\n}\n';
    const files = (providers: string, main = MAIN()) => ({ 'providers.tf': providers, 'variables.tf': 'variable "vpc_id" {}\n', 'main.tf': main, 'pool.yaml': NODEPOOL });

    it('count as the security group\'s and subnet\'s tags', async () => {
      const r = await checkTerraform(rule, files(PROVIDERS('"prod"')));
      expect([r.rules[0]?.status, r.findings]).toEqual(['pass', []]);
    });

    it('naming another cluster fail the subnet at its block (no tags of its own) and the security groups at the cluster', async () => {
      const r = await checkTerraform(rule, files(PROVIDERS('"staging"')));
      expect(outcomes(r)).toEqual(['fail NODE-DISCOVERY-TAGS[security-groups] main.tf:1', 'fail NODE-DISCOVERY-TAGS[subnets] main.tf:14']);
      expect(r.findings.map((f) => f.message)).toContain('aws_subnet.private has karpenter.sh/discovery=staging, not the cluster name prod');
    });

    it('come only from the provider the resource names: aws.west has none, so no group carries the tag (a failure at the cluster)', async () => {
      const r = await checkTerraform(rule, files(PROVIDERS('"prod"'), MAIN('\n  provider = aws.west')));
      expect(outcomes(r)).toEqual(['fail NODE-DISCOVERY-TAGS[security-groups] main.tf:1']);
    });

    it('the eks module\'s node security group takes the default_tags of the provider it is passed', async () => {
      const eks = (providers: string) => `module "eks" {\n  source       = "terraform-aws-modules/eks/aws"\n  cluster_name = "prod"\n${providers}}\n`;
      const tf = (providers: string) => ({ ...files(PROVIDERS('"prod"'), MAIN('\n  provider = aws.west').replace(/resource "aws_eks_cluster"[^]*?\n}\n/, '')), 'eks.tf': eks(providers) });
      expect((await checkTerraform(rule, tf(''))).findings).toEqual([]);
      // GIVEN the module and the group both created through aws.west, which has no default_tags
      const west = await checkTerraform(rule, tf('  providers = {\n    aws = aws.west\n  }\n'));
      expect(outcomes(west)).toEqual(['fail NODE-DISCOVERY-TAGS[security-groups] eks.tf:1']);
    });

    it('known only at plan time leave the security group not evaluated, never a pass', async () => {
      const r = await checkTerraform(rule, files(`variable "cluster" {}\n${PROVIDERS('var.cluster')}`));
      expect(r.rules[0]?.status).toBe('not-evaluated');
      // GIVEN the group's own tags in main.tf:10 THEN the finding points there, not at the provider
      expect(outcomes(r)).toContain('not-evaluated NODE-DISCOVERY-TAGS[security-groups] main.tf:10');
      expect(r.findings.map((f) => f.message)).toContain('aws_security_group.nodes: the provider\'s default_tags: var.cluster has no default: its value is given at plan time');
    });

    it('a plan\'s tags_all, where Terraform merged them, decides', async () => {
      const plan = (discovery: string) =>
        planJson([
          { address: 'aws_eks_cluster.this', type: 'aws_eks_cluster', values: { name: 'prod' } },
          { address: 'aws_subnet.private', type: 'aws_subnet', values: { cidr_block: '10.0.0.0/19', tags: null, tags_all: { 'karpenter.sh/discovery': 'prod' } } },
          { address: 'aws_security_group.nodes', type: 'aws_security_group', values: { name: 'nodes', tags: { Name: 'nodes' }, tags_all: { Name: 'nodes', 'karpenter.sh/discovery': discovery } } },
        ]);
      const ok = await checkTerraform(rule, { 'plan.json': plan('prod'), 'pool.yaml': NODEPOOL });
      expect([ok.rules[0]?.status, ok.findings]).toEqual(['pass', []]);
      const other = await checkTerraform(rule, { 'plan.json': plan('staging'), 'pool.yaml': NODEPOOL });
      // No group carries the tag: the finding is the cluster's (its values start on line 12).
      expect(outcomes(other)).toEqual(['fail NODE-DISCOVERY-TAGS[security-groups] plan.json:12']);
      // GIVEN tags_all known only after apply THEN the group is not evaluated, never failed or passed
      const unknown = planJson([
        { address: 'aws_eks_cluster.this', type: 'aws_eks_cluster', values: { name: 'prod' } },
        { address: 'aws_subnet.private', type: 'aws_subnet', values: { tags_all: { 'karpenter.sh/discovery': 'prod' } } },
        { address: 'aws_security_group.nodes', type: 'aws_security_group', values: { name: 'nodes', tags: null } },
      ], { 'aws_security_group.nodes': { tags_all: true } });
      const open = await checkTerraform(rule, { 'plan.json': unknown, 'pool.yaml': NODEPOOL });
      expect(open.findings.map((f) => `${f.outcome} ${f.message}`)).toEqual(['not-evaluated aws_security_group.nodes: tags_all (the tags with the provider\'s default_tags) are known only after apply']);
    });
  });

  it('passes keelson\'s own synth output', { timeout: OWN_OUTPUT_TIMEOUT_MS }, async () => {
    const r = await checkOwnOutput(rule);
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('fails the simple eksctl cluster used with the Karpenter general-purpose example, at its metadata', () => {
      expect(failures(checkFixtures(rule, ['eksctl/01-simple-cluster.yaml', 'karpenter/general-purpose.yaml']))).toEqual(['NODE-DISCOVERY-TAGS eksctl/01-simple-cluster.yaml:6']);
    });
  });
});
