/**
 * Module calls with count and for_each: each instance is read with its own count.index or each, and findings name it
 * as Terraform addresses it (`module.vpc[0]`, `module.vpc["dev"]`).
 */
import { describe, expect, it } from 'vitest';
import cpEndpoint from '../../rules/control-plane/cp-endpoint.js';
import net3az from '../../rules/network/net-3az.js';
import netFlowLogs from '../../rules/network/net-flow-logs.js';
import netPrivateNodes from '../../rules/network/net-private-nodes.js';
import { checkTerraform, inventoryOf, outcomes } from './terraform.fixtures.js';

// The shape of the terraform-aws-modules/vpc README, behind a create switch as wrapper modules write it.
const COUNTED = `variable "create_vpc" {
  default = true
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"
  count   = var.create_vpc ? 1 : 0

  name = "prod"
  cidr = "10.0.0.0/16"

  azs             = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  private_subnets = ["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"]
  public_subnets  = ["10.0.96.0/24", "10.0.97.0/24", "10.0.98.0/24"]
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name = "prod"
  subnet_ids   = module.vpc[0].private_subnets

  eks_managed_node_groups = {
    general = {}
  }
}
`;

const PER_ENV = `locals {
  environments = {
    prod = { azs = ["eu-west-1a", "eu-west-1b", "eu-west-1c"], public = false }
    dev  = { azs = ["eu-west-1a"], public = true }
  }
}

module "vpc" {
  source   = "terraform-aws-modules/vpc/aws"
  for_each = local.environments

  name            = each.key
  azs             = each.value.azs
  private_subnets = [for i, az in each.value.azs : cidrsubnet("10.0.0.0/16", 3, i)]
  enable_flow_log = true
}

module "eks" {
  source   = "terraform-aws-modules/eks/aws"
  for_each = local.environments

  cluster_name                   = "\${each.key}-cluster"
  cluster_endpoint_public_access = each.value.public
  subnet_ids                     = module.vpc[each.key].private_subnets
}
`;

describe('module count and for_each', () => {
  it('reads a counted vpc module as module.vpc[0]: its flow logs fail by that name, its private subnets hold the nodes', async () => {
    const flow = await checkTerraform(netFlowLogs, { 'main.tf': COUNTED });
    expect(outcomes(flow)).toEqual(['fail NET-FLOW-LOGS main.tf:5']);
    expect(flow.findings[0]?.message).toBe('VPC module.vpc[0] has no flow logs');
    const nodes = await checkTerraform(netPrivateNodes, { 'main.tf': COUNTED });
    expect([nodes.rules[0]?.status, nodes.findings]).toEqual(['pass', []]);
    // WHEN the node groups are given the public subnets of that instance THEN they fail
    const pub = await checkTerraform(netPrivateNodes, { 'main.tf': COUNTED.replace('module.vpc[0].private_subnets', 'module.vpc[0].public_subnets') });
    expect(outcomes(pub)).toEqual(['fail NET-PRIVATE-NODES main.tf:23']);
  });

  it('reads no instance of a module whose count is 0', async () => {
    const r = await checkTerraform(netFlowLogs, { 'main.tf': COUNTED.replace('default = true', 'default = false') });
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).not.toBe('fail');
  });

  it('reads each instance of a for_each module with its own each.value, and names it by key', async () => {
    // GIVEN prod over three zones and dev over one
    const zones = await checkTerraform(net3az, { 'main.tf': PER_ENV });
    expect(zones.findings.map((f) => f.message)).toEqual(['node subnets of module.vpc["dev"] span 1 availability zone (eu-west-1a); at least 3 are needed']);
    const endpoint = await checkTerraform(cpEndpoint, { 'main.tf': PER_ENV });
    expect(endpoint.findings.map((f) => `${f.outcome} ${f.id} ${f.location.file}:${f.location.line}`)).toEqual(['fail CP-ENDPOINT[public] main.tf:23']);
    const inv = await inventoryOf({ 'main.tf': PER_ENV });
    expect(inv.clusters.map((c) => c.name).sort()).toEqual(['dev-cluster', 'prod-cluster']);
    expect(inv.networks.map((n) => n.name).sort()).toEqual(['module.vpc["dev"]', 'module.vpc["prod"]']);
  });
});
