/**
 * The network rules on plan JSON (`terraform show -json`): __fixtures__/plan-network.json is a fresh plan of
 * terraform-aws-modules/vpc (three zones, a NAT gateway per zone, flow logs) and terraform-aws-modules/eks, where every
 * ID is known only after apply and the plan's configuration says what references what.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import net3az from '../../rules/network/net-3az.js';
import nodeImdsv2 from '../../rules/nodes/node-imdsv2.js';
import netFlowLogs from '../../rules/network/net-flow-logs.js';
import netIpCapacity from '../../rules/network/net-ip-capacity.js';
import netNatHa from '../../rules/network/net-nat-ha.js';
import netPrivateNodes from '../../rules/network/net-private-nodes.js';
import netSubnetSize from '../../rules/network/net-subnet-size.js';
import netSubnetTags from '../../rules/network/net-subnet-tags.js';
import { checkTerraform, checkTerraformFixture, FIXTURES, outcomes } from './terraform.fixtures.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a plan document edited in place

const load = (): Json => JSON.parse(readFileSync(path.join(FIXTURES, 'plan-network.json'), 'utf8')) as Json;
const vpcResources = (p: Json): Json[] => p.planned_values.root_module.child_modules.find((m: Json) => m.address === 'module.vpc').resources;
const resource = (p: Json, address: string): Json => vpcResources(p).find((r) => r.address === address)!;
const text = (p: Json): string => JSON.stringify(p, null, 2);
/** The 1-based line of the first line holding `needle` after the line holding `after`. */
const lineOf = (t: string, needle: string, after = ''): number => {
  const lines = t.split('\n');
  const from = lines.findIndex((l) => l.includes(after));
  return lines.findIndex((l, i) => i >= from && l.includes(needle)) + 1;
};

describe('network rules on a plan of the vpc and eks modules', () => {
  it('pass the plan as written: three zones, private node subnets behind their own NAT gateways, flow logs, /19s, role tags', async () => {
    for (const rule of [net3az, netFlowLogs, netNatHa, netPrivateNodes, netSubnetSize, netSubnetTags, netIpCapacity]) {
      const r = await checkTerraformFixture(rule, 'plan-network.json');
      expect([rule.id, r.rules[0]?.status, r.findings]).toEqual([rule.id, 'pass', []]);
    }
  });

  it('NET-NAT-HA fails one NAT gateway (single_nat_gateway), naming the zones without one, at the VPC', async () => {
    // GIVEN the plan of single_nat_gateway = true: one NAT gateway, in the first public subnet
    const p = load();
    const rs = vpcResources(p);
    for (const a of ['module.vpc.aws_nat_gateway.this[1]', 'module.vpc.aws_nat_gateway.this[2]']) rs.splice(rs.indexOf(resource(p, a)), 1);
    const t = text(p);
    const r = await checkTerraform(netNatHa, { 'plan.json': t });
    expect(outcomes(r)).toEqual([`fail NET-NAT-HA[per-az] plan.json:${lineOf(t, '"values"', '"module.vpc.aws_vpc.this[0]"')}`]);
    expect(r.findings[0]?.message).toContain('eu-west-1b, eu-west-1c have none of their own');
  });

  it('NET-FLOW-LOGS fails a VPC the plan gives no aws_flow_log', async () => {
    const p = load();
    const rs = vpcResources(p);
    rs.splice(rs.indexOf(resource(p, 'module.vpc.aws_flow_log.this[0]')), 1);
    const t = text(p);
    expect(outcomes(await checkTerraform(netFlowLogs, { 'plan.json': t }))).toEqual([`fail NET-FLOW-LOGS plan.json:${lineOf(t, '"values"', '"module.vpc.aws_vpc.this[0]"')}`]);
  });

  it('NET-PRIVATE-NODES fails node groups given the public subnets, followed from the eks module call to the vpc module output', async () => {
    // GIVEN subnet_ids = module.vpc.public_subnets in the root module's call of the eks module
    const p = load();
    p.configuration.root_module.module_calls.eks.expressions.subnet_ids = { references: ['module.vpc.public_subnets', 'module.vpc'] };
    const t = text(p);
    const r = await checkTerraform(netPrivateNodes, { 'plan.json': t });
    expect(outcomes(r)).toEqual([`fail NET-PRIVATE-NODES plan.json:${lineOf(t, '"values"', 'aws_eks_node_group.this[0]"')}`]);
  });

  it('NET-PRIVATE-NODES is not evaluated when the plan has no configuration to say which subnets an unknown subnet_ids holds', async () => {
    const p = load();
    delete p.configuration;
    const r = await checkTerraform(netPrivateNodes, { 'plan.json': text(p) });
    expect(r.findings.map((f) => [f.outcome, f.message])).toEqual([['not-evaluated', 'subnets: subnet_ids are known only after apply, and the plan does not say which subnets they are']]);
    // The flow log still belongs to the one VPC of its module.
    expect((await checkTerraform(netFlowLogs, { 'plan.json': text(p) })).rules[0]?.status).toBe('pass');
  });

  it('NET-SUBNET-SIZE fails /24 node subnets at their planned cidr_block; NET-3AZ fails subnets in one zone', async () => {
    const p = load();
    for (let i = 0; i < 3; i++) {
      resource(p, `module.vpc.aws_subnet.private[${i}]`).values.cidr_block = `10.0.${i}.0/24`;
      resource(p, `module.vpc.aws_subnet.private[${i}]`).values.availability_zone = 'eu-west-1a';
    }
    const t = text(p);
    const size = await checkTerraform(netSubnetSize, { 'plan.json': t });
    expect(outcomes(size)[0]).toBe(`fail NET-SUBNET-SIZE plan.json:${lineOf(t, '"cidr_block": "10.0.0.0/24"')}`);
    const zones = await checkTerraform(net3az, { 'plan.json': t });
    expect(zones.rules[0]?.status).toBe('fail');
    expect(zones.findings[0]?.message).toContain('eu-west-1a');
  });

  it('NET-SUBNET-TAGS reads tags_all, where the provider\'s default_tags are merged: a role tag only there passes, none fails', async () => {
    const p = load();
    for (let i = 0; i < 3; i++) delete resource(p, `module.vpc.aws_subnet.private[${i}]`).values.tags['kubernetes.io/role/internal-elb'];
    expect((await checkTerraform(netSubnetTags, { 'plan.json': text(p) })).rules[0]?.status).toBe('pass');
    for (let i = 0; i < 3; i++) delete resource(p, `module.vpc.aws_subnet.private[${i}]`).values.tags_all['kubernetes.io/role/internal-elb'];
    const r = await checkTerraform(netSubnetTags, { 'plan.json': text(p) });
    expect(r.findings.map((f) => `${f.outcome} ${f.id}`)).toEqual(['fail NET-SUBNET-TAGS[internal-elb]', 'fail NET-SUBNET-TAGS[internal-elb]', 'fail NET-SUBNET-TAGS[internal-elb]']);
  });

  it('NET-IP-CAPACITY plans the planned node group (6 × m6i.large) against the planned subnets, and fails small ones', async () => {
    const p = load();
    for (let i = 0; i < 3; i++) resource(p, `module.vpc.aws_subnet.private[${i}]`).values.cidr_block = `10.0.${i}.0/28`;
    const r = await checkTerraform(netIpCapacity, { 'plan.json': text(p) });
    expect(r.rules[0]?.status).toBe('fail');
    expect(r.findings[0]?.message).toContain('6 × m6i.large');
  });
});

describe('launch templates in a plan', () => {
  it('NODE-IMDSV2 follows each node group to the launch template its configuration names when the IDs are known only after apply', async () => {
    // GIVEN two raw node groups, each with its own launch template, created in the same plan
    const lt = (name: string, tokens: string) => ({ address: `aws_launch_template.${name}`, mode: 'managed', type: 'aws_launch_template', name, values: { name_prefix: `${name}-`, metadata_options: [{ http_endpoint: 'enabled', http_tokens: tokens, http_put_response_hop_limit: 1 }] } });
    const ng = (name: string) => ({ address: `aws_eks_node_group.${name}`, mode: 'managed', type: 'aws_eks_node_group', name, values: { cluster_name: 'prod', ami_type: 'AL2023_x86_64_STANDARD', launch_template: [{ version: '1' }] } });
    const ngConfig = (name: string) => ({ address: `aws_eks_node_group.${name}`, mode: 'managed', type: 'aws_eks_node_group', name, expressions: { launch_template: [{ id: { references: [`aws_launch_template.${name}.id`, `aws_launch_template.${name}`] }, version: { constant_value: '1' } }] } });
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.5',
      planned_values: { root_module: { resources: [lt('system', 'required'), lt('apps', 'optional'), ng('system'), ng('apps')] } },
      resource_changes: ['system', 'apps'].map((n) => ({ address: `aws_eks_node_group.${n}`, mode: 'managed', type: 'aws_eks_node_group', name: n, change: { actions: ['create'], after: {}, after_unknown: { launch_template: [{ id: true }] } } })),
      configuration: { root_module: { resources: [ngConfig('system'), ngConfig('apps')] } },
    };
    const t = JSON.stringify(plan, null, 2);
    const r = await checkTerraform(nodeImdsv2, { 'plan.json': t });
    expect(outcomes(r)).toEqual([`fail NODE-IMDSV2[http-tokens] plan.json:${lineOf(t, '"http_tokens": "optional"')}`]);
  });
});

describe('counted modules in a plan', () => {
  it('reads module.vpc[0] (count = 1 on the module call) as it reads module.vpc, and names the VPC by its address', async () => {
    // GIVEN the same plan with the vpc module behind `count = var.create_vpc ? 1 : 0`
    const t = readFileSync(path.join(FIXTURES, 'plan-network.json'), 'utf8').replaceAll('"module.vpc.', '"module.vpc[0].').replace('"address": "module.vpc"', '"address": "module.vpc[0]"');
    const p = JSON.parse(t) as Json;
    p.configuration.root_module.module_calls.vpc.count_expression = { references: ['var.create_vpc'] };
    p.configuration.root_module.module_calls.eks.expressions.subnet_ids = { references: ['module.vpc[0].private_subnets', 'module.vpc[0]', 'module.vpc'] };
    for (const rule of [net3az, netNatHa, netPrivateNodes, netSubnetTags]) {
      const r = await checkTerraform(rule, { 'plan.json': text(p) });
      expect([rule.id, r.rules[0]?.status, r.findings]).toEqual([rule.id, 'pass', []]);
    }
    const rs = p.planned_values.root_module.child_modules.find((m: Json) => m.address === 'module.vpc[0]').resources as Json[];
    rs.splice(rs.findIndex((r) => r.address === 'module.vpc[0].aws_flow_log.this[0]'), 1);
    const flow = await checkTerraform(netFlowLogs, { 'plan.json': text(p) });
    expect(flow.findings.map((f) => f.message)).toEqual(['VPC module.vpc[0].aws_vpc.this[0] has no flow logs']);
  });
});

describe('raw resources in a plan', () => {
  it('NET-3AZ counts every subnet a list of indexed references names ([aws_subnet.private[0].id, ...[1].id, ...[2].id])', async () => {
    const zones = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
    const res = (address: string, type: string, values: Json) => ({ address, mode: 'managed', type, name: address.split('.')[1]!.replace(/\[.*$/, ''), values });
    const refs = (n: number) => Array.from({ length: n }, (_, i) => [`aws_subnet.private[${i}].id`, `aws_subnet.private[${i}]`]).flat().concat('aws_subnet.private');
    const plan = (n: number) => ({
      format_version: '1.2',
      terraform_version: '1.9.5',
      planned_values: { root_module: { resources: [res('aws_vpc.main', 'aws_vpc', { cidr_block: '10.0.0.0/16' }), ...zones.map((az, i) => res(`aws_subnet.private[${i}]`, 'aws_subnet', { availability_zone: az, cidr_block: `10.0.${i * 32}.0/19` })), res('aws_eks_node_group.general', 'aws_eks_node_group', { cluster_name: 'prod' })] } },
      resource_changes: [...zones.map((_, i) => ({ address: `aws_subnet.private[${i}]`, change: { after_unknown: { vpc_id: true, id: true } } })), { address: 'aws_eks_node_group.general', change: { after_unknown: { subnet_ids: true } } }],
      configuration: { root_module: { resources: [{ address: 'aws_subnet.private', mode: 'managed', expressions: { vpc_id: { references: ['aws_vpc.main.id', 'aws_vpc.main'] } } }, { address: 'aws_eks_node_group.general', mode: 'managed', expressions: { subnet_ids: { references: refs(n) } } }] } },
    });
    const all = await checkTerraform(net3az, { 'plan.json': JSON.stringify(plan(3), null, 2) });
    expect([all.rules[0]?.status, all.findings]).toEqual(['pass', []]);
    const two = await checkTerraform(net3az, { 'plan.json': JSON.stringify(plan(2), null, 2) });
    expect(two.findings.map((f) => f.message)).toEqual(['node subnets of aws_vpc.main span 2 availability zones (eu-west-1a, eu-west-1b); at least 3 are needed']);
  });
});
