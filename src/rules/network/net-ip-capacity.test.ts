import { describe, expect, it } from 'vitest';
import rule from './net-ip-capacity.js';
import { vpcTemplate } from './net-rules.fixtures.js';
import type { SubnetSpec } from './net-rules.fixtures.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';
import { checkOwnOutput, OWN_OUTPUT_TIMEOUT_MS } from '../internal/own-output.js';
import { checkTerraform, outcomes } from '../../sources/terraform/terraform.fixtures.js';

const subnets = (prefix: number): SubnetSpec[] => ['a', 'b', 'c'].map((z, i) => ({ id: `Priv${z.toUpperCase()}`, az: `eu-west-1${z}`, cidr: `10.0.${i * 64}.0/${prefix}` }));
/** The cluster, a managed node group of m5.large up to maxSize, and the vpc-cni add-on with the given env. */
const CLUSTER = (maxSize: number, env?: string) =>
  [
    '  C:', '    Type: AWS::EKS::Cluster', '    Properties:', '      Name: c',
    '  Workers:', '    Type: AWS::EKS::Nodegroup', '    Properties:', '      ClusterName: c', '      NodeRole: arn:aws:iam::123456789012:role/node', '      InstanceTypes: [m5.large]', `      ScalingConfig: {MinSize: 3, MaxSize: ${maxSize}, DesiredSize: 3}`, '      Subnets: [!Ref PrivA, !Ref PrivB, !Ref PrivC]',
    '  Cni:', '    Type: AWS::EKS::Addon', '    Properties:', '      ClusterName: c', '      AddonName: vpc-cni',
    ...(env === undefined ? [] : [`      ConfigurationValues: '{"env":{${env}}}'`]),
    '',
  ].join('\n');

describe('NET-IP-CAPACITY', () => {
  it('fails 300 secondary-IP nodes on three /22 subnets, at the vpc-cni add-on, naming what would fit', () => {
    const t = vpcTemplate(subnets(22));
    const r = checkYaml(rule, t + CLUSTER(300));
    // GIVEN the add-on's Properties, where ENABLE_PREFIX_DELEGATION or custom networking would go
    expect(failures(r)).toEqual([`NET-IP-CAPACITY in.yaml:${t.split('\n').length + 14}`]);
    expect(r.findings[0]?.message).toMatch(/300 × m5\.large full nodes \(secondary-ip, \d+ addresses each\) do not fit the node subnets: a node subnet runs out/);
  });

  it('passes the same density on /18 subnets', () => {
    const r = checkYaml(rule, vpcTemplate(subnets(18)) + CLUSTER(300));
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('passes custom networking (pod addresses from the secondary CIDR) on the small subnets', () => {
    const r = checkYaml(rule, vpcTemplate(subnets(22)) + CLUSTER(300, '"AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG":"true"'));
    expect(r.findings).toEqual([]);
  });

  it('is not evaluated when the node group size is known only at deploy time', () => {
    const t = vpcTemplate(subnets(22)) + CLUSTER(300).replace('MaxSize: 300', 'MaxSize: !Ref Max');
    expect(checkYaml(rule, t).rules[0]?.status).toBe('not-evaluated');
  });

  it('passes keelson\'s defaults (prefix delegation, /20 subnets); fails a crowded definition at prefixDelegation with keelson\'s fix', () => {
    const keelson = 'name: prod\naccount: "123456789012"\nregion: eu-west-1\n';
    expect(checkYaml(rule, keelson).rules[0]?.status).toBe('pass');
    const crowded = `${keelson}network:\n  privateSubnetPrefix: 22\naddons:\n  vpcCni:\n    prefixDelegation: false\n  coreDns:\n    expectedNodes: 400\n`;
    const r = checkYaml(rule, crowded);
    expect(failures(r)).toEqual(['NET-IP-CAPACITY in.yaml:8']);
    expect(r.findings[0]?.fix).toBeTruthy();
  });

  it('Terraform: the vpc module\'s private_subnets and the eks module\'s node groups', async () => {
    const tf = (subnetsHcl: string) =>
      `module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n  private_subnets = ${subnetsHcl}\n}\n` +
      'module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  cluster_name = "prod"\n  eks_managed_node_groups = {\n    general = {\n      instance_types = ["m5.large"]\n      max_size = 300\n    }\n  }\n}\n';
    expect(outcomes(await checkTerraform(rule, { 'main.tf': tf('["10.0.0.0/22", "10.0.4.0/22", "10.0.8.0/22"]') }))).toEqual(['fail NET-IP-CAPACITY main.tf:5']);
    expect((await checkTerraform(rule, { 'main.tf': tf('["10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18"]') })).rules[0]?.status).toBe('pass');
    expect((await checkTerraform(rule, { 'main.tf': tf('[for k, v in local.azs : cidrsubnet(local.cidr, 4, k)]') })).rules[0]?.status).toBe('not-evaluated');
  });

  it('Terraform: raw aws_eks_node_group scaling_config.max_size and instance_types against the subnets it names', async () => {
    // GIVEN three /22 subnets (one per zone) and a node group that scales to `max` m5.large nodes
    const tf = (max: string) =>
      [
        'resource "aws_eks_cluster" "this" {\n  name = "prod"\n}',
        'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}',
        'resource "aws_subnet" "private" {\n  count             = 3\n  vpc_id            = aws_vpc.main.id\n  cidr_block        = cidrsubnet("10.0.0.0/16", 6, count.index)\n  availability_zone = element(["eu-west-1a", "eu-west-1b", "eu-west-1c"], count.index)\n}',
        `resource "aws_eks_node_group" "general" {\n  cluster_name   = aws_eks_cluster.this.name\n  subnet_ids     = aws_subnet.private[*].id\n  instance_types = ["m5.large"]\n  scaling_config {\n    desired_size = 3\n    min_size     = 3\n    max_size     = ${max}\n  }\n}`,
        '',
      ].join('\n');
    expect(outcomes(await checkTerraform(rule, { 'main.tf': tf('300') }))).toEqual(['fail NET-IP-CAPACITY main.tf:1']);
    expect((await checkTerraform(rule, { 'main.tf': tf('20') })).rules[0]?.status).toBe('pass');
    const open = await checkTerraform(rule, { 'main.tf': `variable "max" {}\n${tf('var.max')}` });
    expect(open.findings.map((f) => [f.outcome, f.message])).toEqual([['not-evaluated', 'pod IP capacity of cluster prod: node group aws_eks_node_group.general: its instance type or scaling_config.max_size is a Terraform expression']]);
  });

  it('passes keelson\'s own synth output', { timeout: OWN_OUTPUT_TIMEOUT_MS }, async () => {
    const r = await checkOwnOutput(rule);
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('passes the two-nodegroup eksctl example (eksctl\'s /19 subnets)', () => {
      expect(checkFixtures(rule, ['eksctl/03-two-nodegroups.yaml']).rules[0]).toMatchObject({ status: 'pass', targets: 1 });
    });
  });
});
