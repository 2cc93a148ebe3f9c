/**
 * What the AWS provider and Terraform's file functions add to a configuration: default_tags merged into every
 * resource's tags, and policies read with file() and templatefile() relative to the module directory.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import iamTrustScoped from '../../rules/identity/iam-trust-scoped.js';
import netSubnetTags from '../../rules/network/net-subnet-tags.js';
import { runRules } from '../../rules/engine.js';
import { readInputsAsync } from '../read-inputs.js';
import { checkOnDisk, checkTerraform, inventoryOf, outcomes } from './terraform.fixtures.js';

const SUBNET = (provider = '') => `resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "private" {${provider}
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.0.0/19"
  availability_zone = "eu-west-1a"
  tags = {
    Name = "private-a"
  }
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table_association" "private" {
  subnet_id      = aws_subnet.private.id
  route_table_id = aws_route_table.private.id
}
`;
const PROVIDERS = `provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = {
      Environment                       = "prod"
      Name                              = "set-by-default-tags"
      "kubernetes.io/role/internal-elb" = "1"
    }
  }
}

provider "aws" {
  alias  = "west"
  region = "eu-west-2"
  default_tags {
    tags = {
      Environment = "prod"
    }
  }
}
`;

describe('provider default_tags', () => {
  it('merge into a resource\'s tags, the resource\'s own winning, so NET-SUBNET-TAGS sees the role tag', async () => {
    const inv = await inventoryOf({ 'providers.tf': PROVIDERS, 'main.tf': SUBNET() });
    expect(inv.networks[0]?.subnets[0]?.tags.value).toEqual({ Environment: 'prod', Name: 'private-a', 'kubernetes.io/role/internal-elb': '1' });
    const r = await checkTerraform(netSubnetTags, { 'providers.tf': PROVIDERS, 'main.tf': SUBNET() });
    expect([r.rules[0]?.status, r.findings]).toEqual(['pass', []]);
  });

  it('come from the provider the resource names: aws.west has no role tag, so the subnet fails', async () => {
    const r = await checkTerraform(netSubnetTags, { 'providers.tf': PROVIDERS, 'main.tf': SUBNET('\n  provider = aws.west\n') });
    expect(outcomes(r)).toEqual(['fail NET-SUBNET-TAGS[internal-elb] main.tf:11']);
  });

  it('known only at plan time leave the tags not evaluated, never failed', async () => {
    const text = 'variable "tags" {}\nprovider "aws" {\n  default_tags {\n    tags = var.tags\n  }\n}\n';
    const r = await checkTerraform(netSubnetTags, { 'providers.tf': text, 'main.tf': SUBNET() });
    expect(r.findings.map((f) => [f.outcome, f.message])).toEqual([['not-evaluated', 'tags of private subnet aws_subnet.private: the provider\'s default_tags: var.tags has no default: its value is given at plan time']]);
  });
});

describe('file() and templatefile()', () => {
  /** A configuration directory on disk (inside a parent that holds `outside.json`), checked as `keelson check DIR`. */
  const check = async (files: Record<string, string>) => {
    // Reports name files as given (here absolute); file() resolves against the configuration file's directory.
    const result = await checkOnDisk([iamTrustScoped], { ...files, '../outside.json': TRUST('app:api') }, 'absolute');
    return { ...result, outcomes: result.findings.map((f) => `${f.outcome} ${f.id} ${path.basename(f.location.file ?? '')}:${f.location.line}`) };
  };
  /** Why the trust policy of the one role is not known. */
  const trustUnknown = (r: Awaited<ReturnType<typeof check>>) => r.inventory.roles[0]?.trust[0]?.conditions.unresolved;
  const TRUST = (sa: string, test = 'StringEquals') =>
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { [test]: { 'oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub': `system:serviceaccount:${sa}`, 'oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud': 'sts.amazonaws.com' } } }] }, null, 2);
  const TEMPLATE = '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Principal": { "Federated": "${provider_arn}" },\n    "Action": "sts:AssumeRoleWithWebIdentity",\n    "Condition": {\n      "${test}": {\n        "${issuer}:sub": "system:serviceaccount:${namespace}:${service_account}",\n        "${issuer}:aud": "sts.amazonaws.com"\n      }\n    }\n  }]\n}\n';
  const role = (policy: string) => `resource "aws_iam_role" "app" {\n  name               = "app"\n  assume_role_policy = ${policy}\n}\n`;
  const templated = (vars: string) => role(`templatefile("\${path.module}/templates/trust.json.tpl", {\n    ${vars}\n  })`);
  const VARS = 'provider_arn = aws_iam_openid_connect_provider.eks.arn\n    issuer = replace(aws_iam_openid_connect_provider.eks.url, "https://", "")\n    namespace = "app"';

  it('file() reads a policy beside the configuration; a wildcard subject in it fails', async () => {
    expect((await check({ 'main.tf': role('file("${path.module}/policies/trust.json")'), 'policies/trust.json': TRUST('app:api') })).rules[0]?.status).toBe('pass');
    const wild = await check({ 'main.tf': role('file("policies/trust.json")'), 'policies/trust.json': TRUST('app:*', 'StringLike') });
    expect(wild.outcomes).toEqual(['fail IAM-TRUST-SCOPED[aud] main.tf:3', 'fail IAM-TRUST-SCOPED[string-equals] main.tf:3', 'fail IAM-TRUST-SCOPED[wildcard] main.tf:3']);
  });

  it('file() reads beside the configuration on disk when reports name files from another folder', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'keelson-tf-'));
    try {
      mkdirSync(path.join(parent, 'infra', 'policies'), { recursive: true });
      writeFileSync(path.join(parent, 'infra', 'main.tf'), role('file("policies/trust.json")'));
      writeFileSync(path.join(parent, 'infra', 'policies', 'trust.json'), TRUST('app:*', 'StringLike'));
      // GIVEN names shown relative to the parent folder, not to the working directory
      const inventory = await readInputsAsync([path.join(parent, 'infra')], (f) => path.relative(parent, f));
      const result = runRules([iamTrustScoped], inventory);
      expect(result.findings.map((f) => `${f.id} ${f.location.file}:${f.location.line}`)).toContain(`IAM-TRUST-SCOPED[wildcard] ${path.join('infra', 'main.tf')}:3`);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('templatefile() substitutes its variables; an issuer known only at apply stays <issuer>', async () => {
    const ok = await check({ 'main.tf': templated(`${VARS}\n    service_account = "api"\n    test = "StringEquals"`), 'templates/trust.json.tpl': TEMPLATE });
    expect([ok.rules[0]?.status, ok.findings]).toEqual(['pass', []]);
    const wild = await check({ 'main.tf': templated(`${VARS}\n    service_account = "*"\n    test = "StringLike"`), 'templates/trust.json.tpl': TEMPLATE });
    expect(wild.outcomes).toContain('fail IAM-TRUST-SCOPED[wildcard] main.tf:3');
  });

  it('leaves a template variable known only at plan time unknown: not evaluated, never a pass', async () => {
    const r = await check({ 'main.tf': `variable "sa" {}\n${templated(`${VARS}\n    service_account = var.sa\n    test = "StringEquals"`)}`, 'templates/trust.json.tpl': TEMPLATE });
    expect(r.rules[0]?.status).toBe('not-evaluated');
    expect(r.findings[0]?.message).toContain('known only at plan or apply time');
  });

  it('refuses a path outside the configuration\'s directory, and says why for a missing file or a template directive', async () => {
    expect(trustUnknown(await check({ 'main.tf': role('file("../outside.json")') }))).toBe('assume_role_policy: file "../outside.json" is outside the configuration\'s directory, so not among the inputs');
    expect(trustUnknown(await check({ 'main.tf': role('file("policies/none.json")') }))).toBe('assume_role_policy: file "policies/none.json" is not in the configuration\'s directory');
    const directive = await check({ 'main.tf': templated(VARS), 'templates/trust.json.tpl': '%{ for sa in service_accounts }${sa}%{ endfor }' });
    expect(trustUnknown(directive)).toBe('assume_role_policy: template ./templates/trust.json.tpl is not read by keelson (template directive)');
  });
});
