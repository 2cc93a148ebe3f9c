/**
 * The network and identity rules on Terraform: raw aws_vpc/aws_subnet/aws_nat_gateway/aws_flow_log and aws_iam_role
 * resources (__fixtures__/raw-vpc.tf), and the terraform-aws-modules/vpc module as its own example writes it
 * (__fixtures__/vpc-module.tf).
 */
import { describe, expect, it } from 'vitest';
import iamLeastPrivilege from '../../rules/identity/iam-least-privilege.js';
import iamNodeRoleMinimal from '../../rules/identity/iam-node-role-minimal.js';
import iamTrustScoped from '../../rules/identity/iam-trust-scoped.js';
import net3az from '../../rules/network/net-3az.js';
import netFlowLogs from '../../rules/network/net-flow-logs.js';
import netNatHa from '../../rules/network/net-nat-ha.js';
import netPrivateNodes from '../../rules/network/net-private-nodes.js';
import netSubnetSize from '../../rules/network/net-subnet-size.js';
import netSubnetTags from '../../rules/network/net-subnet-tags.js';
import { checkTerraform, checkTerraformFixture, outcomes } from './terraform.fixtures.js';

const RAW = 'raw-vpc.tf';
const MODULE = 'vpc-module.tf';

const vpcModule = (inputs: string): string => `module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n${inputs}}\n`;
const GOOD_MODULE = vpcModule(
  [
    '  azs                    = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]',
    '  private_subnets        = ["10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20"]',
    '  public_subnets         = ["10.0.48.0/24", "10.0.49.0/24", "10.0.50.0/24"]',
    '  enable_nat_gateway     = true',
    '  one_nat_gateway_per_az = true',
    '  enable_flow_log        = true',
    '  private_subnet_tags    = { "kubernetes.io/role/internal-elb" = 1 }',
    '  public_subnet_tags     = { "kubernetes.io/role/elb" = "1" }',
    '',
  ].join('\n'),
);

describe('network rules on raw Terraform resources', () => {
  it('fail one NAT gateway for three zones, at the VPC, naming the zones without one', async () => {
    const r = await checkTerraformFixture(netNatHa, RAW);
    expect(outcomes(r)).toEqual(['fail NET-NAT-HA[per-az] raw-vpc.tf:12']);
    expect(r.findings[0]?.message).toContain('eu-west-1b, eu-west-1c have none of their own');
  });

  it('fail a VPC without an aws_flow_log, and pass one with it', async () => {
    expect(outcomes(await checkTerraformFixture(netFlowLogs, RAW))).toEqual(['fail NET-FLOW-LOGS raw-vpc.tf:12']);
    const withLog = await checkTerraform(netFlowLogs, { 'main.tf': 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\nresource "aws_flow_log" "vpc" {\n  vpc_id = aws_vpc.main.id\n  traffic_type = "ALL"\n}\n' });
    expect(withLog.findings).toEqual([]);
    expect(withLog.rules[0]?.status).toBe('pass');
  });

  it('fail /24 node subnets cut by cidrsubnet over a counted resource, once, at cidr_block', async () => {
    expect(outcomes(await checkTerraformFixture(netSubnetSize, RAW))).toEqual(['fail NET-SUBNET-SIZE raw-vpc.tf:20']);
  });

  it('pass three zones from var.azs[count.index], and the private subnets behind a route table without an internet route', async () => {
    for (const rule of [net3az, netPrivateNodes]) {
      const r = await checkTerraformFixture(rule, RAW);
      expect(r.findings).toEqual([]);
      expect(r.rules[0]?.status).toBe('pass');
    }
  });

  it('fail public subnets without the elb tag, and read merged tags on the private ones', async () => {
    const r = await checkTerraformFixture(netSubnetTags, RAW);
    expect(outcomes(r)).toEqual(['fail NET-SUBNET-TAGS[elb] raw-vpc.tf:26']);
  });

  it('NET-PRIVATE-NODES fails a node group on the public subnets, and is not evaluated on subnet IDs from a variable', async () => {
    const onPublic = await checkTerraform(netPrivateNodes, { 'infra/main.tf': (await import('node:fs')).readFileSync(new URL('./__fixtures__/raw-vpc.tf', import.meta.url), 'utf8').replace('aws_subnet.private[*].id', '[aws_subnet.public["a"].id]') });
    expect(outcomes(onPublic)).toEqual(['fail NET-PRIVATE-NODES infra/main.tf:63']);
    const fromVar = await checkTerraform(netPrivateNodes, { 'main.tf': 'variable "subnets" {\n  type = list(string)\n}\nresource "aws_eks_node_group" "n" {\n  subnet_ids = var.subnets\n}\n' });
    expect(outcomes(fromVar)).toEqual(['not-evaluated NET-PRIVATE-NODES main.tf:5']);
    expect(fromVar.findings[0]?.message).toBe('subnets: var.subnets has no default: its value is given at plan time');
  });

  it('count zone IDs as zones, and fail two of them', async () => {
    const text = 'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\nresource "aws_subnet" "p" {\n  for_each = { euw1-az1 = "10.0.0.0/20", euw1-az2 = "10.0.16.0/20" }\n  vpc_id = aws_vpc.v.id\n  availability_zone_id = each.key\n  cidr_block = each.value\n}\nresource "aws_eks_node_group" "n" {\n  subnet_ids = [for s in aws_subnet.p : s.id]\n}\n';
    const r = await checkTerraform(net3az, { 'main.tf': text });
    expect(outcomes(r)).toEqual(['fail NET-3AZ main.tf:7']);
    expect(r.findings[0]?.message).toContain('span 2 availability zones (euw1-az1, euw1-az2)');
  });

  it('are not evaluated when the zones or the count come from a variable without a default, and say why', async () => {
    const text = 'variable "azs" {}\nresource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\nresource "aws_subnet" "p" {\n  count = 3\n  vpc_id = aws_vpc.v.id\n  availability_zone = var.azs[count.index]\n  cidr_block = cidrsubnet("10.0.0.0/16", 4, count.index)\n}\nresource "aws_route_table_association" "p" {\n  count = 3\n  subnet_id = aws_subnet.p[count.index].id\n  route_table_id = aws_route_table.p.id\n}\nresource "aws_route_table" "p" {\n  vpc_id = aws_vpc.v.id\n}\n';
    const r = await checkTerraform(net3az, { 'main.tf': text });
    expect(outcomes(r)).toEqual(['not-evaluated NET-3AZ main.tf:8']);
    expect(r.findings[0]?.message).toContain('var.azs has no default');
    const counted = await checkTerraform(netSubnetSize, { 'main.tf': text.replace('count = 3\n  vpc_id', 'count = var.n\n  vpc_id').replace('var.azs[count.index]', '"eu-west-1a"') });
    expect(outcomes(counted)).toEqual(['not-evaluated NET-SUBNET-SIZE main.tf:9']);
    expect(counted.findings[0]?.message).toContain('count of aws_subnet.p: var.n has no default');
  });
});

describe('network rules on terraform-aws-modules/vpc', () => {
  it('fail single_nat_gateway at that input, and flow logs left at the module default at the module', async () => {
    expect(outcomes(await checkTerraformFixture(netNatHa, MODULE))).toEqual(['fail NET-NAT-HA[per-az] vpc-module.tf:22']);
    const flow = await checkTerraformFixture(netFlowLogs, MODULE);
    expect(outcomes(flow)).toEqual(['fail NET-FLOW-LOGS vpc-module.tf:10']);
  });

  it('pass the example\'s zones (a slice of the region\'s zones), /20 private subnets from a for expression, tags and private node groups', async () => {
    for (const rule of [net3az, netSubnetSize, netSubnetTags, netPrivateNodes]) {
      const r = await checkTerraformFixture(rule, MODULE);
      expect([rule.id, r.findings]).toEqual([rule.id, []]);
      expect(r.rules[0]?.status).toBe('pass');
    }
  });

  it('pass one NAT gateway per zone and enable_flow_log', async () => {
    for (const rule of [netNatHa, netFlowLogs, net3az, netSubnetSize, netSubnetTags]) {
      const r = await checkTerraform(rule, { 'main.tf': GOOD_MODULE });
      expect([rule.id, r.findings]).toEqual([rule.id, []]);
      expect(r.rules[0]?.status).toBe('pass');
    }
  });

  it('fail a NAT gateway left off (the module default), small subnets, two zones and missing tags, each at its input', async () => {
    const text = vpcModule('  azs             = ["eu-west-1a", "eu-west-1b"]\n  private_subnets = ["10.0.0.0/24", "10.0.1.0/24"]\n');
    expect(outcomes(await checkTerraform(netNatHa, { 'main.tf': text }))).toEqual(['fail NET-NAT-HA[none] main.tf:1']);
    expect(outcomes(await checkTerraform(netSubnetSize, { 'main.tf': text }))).toEqual(['fail NET-SUBNET-SIZE main.tf:4', 'fail NET-SUBNET-SIZE main.tf:4']);
    expect(outcomes(await checkTerraform(net3az, { 'main.tf': text }))).toEqual(['fail NET-3AZ main.tf:3']);
    expect(outcomes(await checkTerraform(netSubnetTags, { 'main.tf': text }))).toEqual(['fail NET-SUBNET-TAGS[internal-elb] main.tf:1']);
  });

  it('is not evaluated when the subnets come from a variable without a default', async () => {
    const r = await checkTerraform(netSubnetSize, { 'main.tf': `variable "private" {}\n${vpcModule('  azs = ["a", "b", "c"]\n  private_subnets = var.private\n')}` });
    expect(outcomes(r)).toEqual(['not-evaluated NET-SUBNET-SIZE main.tf:5']);
    expect(r.findings[0]?.message).toContain('var.private has no default');
  });
});

const ISSUER = 'replace(aws_iam_openid_connect_provider.eks.url, "https://", "")';
/** An IRSA role whose trust policy is an aws_iam_policy_document with the given condition blocks (line 8 onwards). */
const irsaDocument = (conditions: string): string =>
  [
    'data "aws_iam_policy_document" "trust" {',
    '  statement {',
    '    actions = ["sts:AssumeRoleWithWebIdentity"]',
    '    principals {',
    '      type        = "Federated"',
    '      identifiers = [aws_iam_openid_connect_provider.eks.arn]',
    '    }',
    conditions,
    '  }',
    '}',
    'resource "aws_iam_role" "app" {',
    '  name               = "app-irsa"',
    '  assume_role_policy = data.aws_iam_policy_document.trust.json',
    '}',
  ].join('\n') + '\n';
const condition = (test: string, suffix: string, value: string): string => `    condition {\n      test     = "${test}"\n      variable = "\${${ISSUER}}:${suffix}"\n      values   = ["${value}"]\n    }`;

describe('identity rules on Terraform', () => {
  it('IAM-TRUST-SCOPED fails a wildcard StringLike without :aud in a policy document, at its condition block', async () => {
    const r = await checkTerraform(iamTrustScoped, { 'main.tf': irsaDocument(condition('StringLike', 'sub', 'system:serviceaccount:app:*')) });
    expect(outcomes(r)).toEqual(['fail IAM-TRUST-SCOPED[aud] main.tf:8', 'fail IAM-TRUST-SCOPED[string-equals] main.tf:8', 'fail IAM-TRUST-SCOPED[wildcard] main.tf:8']);
  });

  it('IAM-TRUST-SCOPED passes StringEquals on one service account and the STS audience', async () => {
    const r = await checkTerraform(iamTrustScoped, { 'main.tf': irsaDocument(`${condition('StringEquals', 'sub', 'system:serviceaccount:app:api')}\n${condition('StringEquals', 'aud', 'sts.amazonaws.com')}`) });
    expect(r.findings).toEqual([]);
    expect(r.rules[0]).toEqual({ ruleId: 'IAM-TRUST-SCOPED', status: 'pass', targets: 1 });
  });

  it('IAM-TRUST-SCOPED reads jsonencode trust policies, and is not evaluated when a value is known only at plan time', async () => {
    const role = (ns: string) => `variable "ns" {}\nresource "aws_iam_role" "app" {\n  assume_role_policy = jsonencode({\n    Statement = [{\n      Effect    = "Allow"\n      Action    = "sts:AssumeRoleWithWebIdentity"\n      Principal = { Federated = aws_iam_openid_connect_provider.eks.arn }\n      Condition = { StringEquals = { "\${local.issuer}:sub" = "system:serviceaccount:${ns}:api", "\${local.issuer}:aud" = "sts.amazonaws.com" } }\n    }]\n  })\n}\n`;
    const scoped = await checkTerraform(iamTrustScoped, { 'main.tf': role('app') });
    expect(scoped.findings).toEqual([]);
    expect(scoped.rules[0]?.status).toBe('pass');
    const open = await checkTerraform(iamTrustScoped, { 'main.tf': role('${var.ns}') });
    expect(outcomes(open)).toEqual(['not-evaluated IAM-TRUST-SCOPED main.tf:3']);
    expect(open.findings[0]?.message).toContain('known only at plan or apply time');
  });

  it('IAM-LEAST-PRIVILEGE fails AdministratorAccess attached to a pod role, at the attachment\'s policy_arn', async () => {
    const files = { 'main.tf': `${irsaDocument(condition('StringEquals', 'sub', 'system:serviceaccount:app:api'))}resource "aws_iam_role_policy_attachment" "admin" {\n  role       = aws_iam_role.app.name\n  policy_arn = "arn:\${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess"\n}\n` };
    expect(outcomes(await checkTerraform(iamLeastPrivilege, files))).toEqual(['fail IAM-LEAST-PRIVILEGE[admin] main.tf:21']);
  });

  it('IAM-NODE-ROLE-MINIMAL fails an add-on policy attached with for_each to the node group\'s role', async () => {
    const r = await checkTerraformFixture(iamNodeRoleMinimal, RAW);
    expect(outcomes(r)).toEqual(['fail IAM-NODE-ROLE-MINIMAL[policy] raw-vpc.tf:82']);
    expect(r.findings[0]?.message).toContain('AmazonEBSCSIDriverPolicy');
  });

  it('IAM-NODE-ROLE-MINIMAL judges the node roles of terraform-aws-modules/eks: its own policies pass, an add-on policy fails', async () => {
    // GIVEN the guide's module example (no additional policies) THEN the module's node role passes
    const guide = await checkTerraformFixture(iamNodeRoleMinimal, 'guide-module.tf');
    expect(guide.findings).toEqual([]);
    expect(guide.rules[0]).toEqual({ ruleId: 'IAM-NODE-ROLE-MINIMAL', status: 'pass', targets: 1 });
    // GIVEN the EBS CSI policy added to every group through the defaults THEN it fails at that entry
    const text = 'module "eks" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "~> 20.0"\n  eks_managed_node_group_defaults = {\n    iam_role_additional_policies = {\n      ebs = "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"\n    }\n  }\n  eks_managed_node_groups = {\n    system = {}\n    apps = {\n      iam_role_additional_policies = { ssm = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" }\n    }\n  }\n}\n';
    const r = await checkTerraform(iamNodeRoleMinimal, { 'main.tf': text });
    expect(outcomes(r)).toEqual(['fail IAM-NODE-ROLE-MINIMAL[policy] main.tf:6']);
    expect(r.findings[0]?.message).toBe('node role module.eks node group system carries AmazonEBSCSIDriverPolicy, which is not a node policy');
  });

  describe('in plan JSON', () => {
    const trust = (sub: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC' }, Condition: { StringLike: { 'oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub': sub } } }] });
    const plan = (policy: string | undefined) =>
      JSON.stringify(
        {
          format_version: '1.2',
          terraform_version: '1.9.5',
          planned_values: { root_module: { resources: [{ address: 'aws_iam_role.app', mode: 'managed', type: 'aws_iam_role', name: 'app', values: { name: 'app-irsa', ...(policy === undefined ? {} : { assume_role_policy: policy }) } }] } },
          resource_changes: [{ address: 'aws_iam_role.app', mode: 'managed', type: 'aws_iam_role', name: 'app', change: { actions: ['create'], after: {}, after_unknown: policy === undefined ? { assume_role_policy: true } : {} } }],
        },
        null,
        2,
      );

    it('judges the rendered trust policy at its line', async () => {
      const text = plan(trust('system:serviceaccount:app:*'));
      const r = await checkTerraform(iamTrustScoped, { 'plan.json': text });
      const line = text.split('\n').findIndex((l) => l.includes('"assume_role_policy"')) + 1;
      expect(outcomes(r)).toEqual([`fail IAM-TRUST-SCOPED[aud] plan.json:${line}`, `fail IAM-TRUST-SCOPED[string-equals] plan.json:${line}`, `fail IAM-TRUST-SCOPED[wildcard] plan.json:${line}`]);
    });

    it('does not decide a trust policy known only after apply', async () => {
      const r = await checkTerraform(iamTrustScoped, { 'plan.json': plan(undefined), 'sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: app\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/app-irsa\n' });
      expect(r.findings.map((f) => [f.outcome, f.id, f.message])).toEqual([['not-evaluated', 'IAM-TRUST-SCOPED[service-account]', 'trust policy of aws_iam_role.app: the trust policy is known only after apply']]);
    });
  });
});
