import { describe, expect, it } from 'vitest';
import rule from './net-policy-engine.js';
import { checkFiles, checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';
import { checkOwnOutput, OWN_OUTPUT_TIMEOUT_MS } from '../internal/own-output.js';
import { checkOnDisk, checkTerraform, outcomes, planJson } from '../../sources/terraform/terraform.fixtures.js';

const CLUSTER = 'Resources:\n  C:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: prod\n';
const CNI = (config?: string) => `  Cni:\n    Type: AWS::EKS::Addon\n    Properties:\n      ClusterName: prod\n      AddonName: vpc-cni\n${config === undefined ? '' : `      ConfigurationValues: '${config}'\n`}`;
const EKSCTL = (body = '') => `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: prod, region: eu-west-1}\n${body}`;
const KEELSON = 'name: prod\naccount: "123456789012"\nregion: eu-west-1\n';
const AWS_NODE = (agentArgs: string) =>
  [
    'apiVersion: apps/v1', 'kind: DaemonSet', 'metadata: {name: aws-node, namespace: kube-system}', 'spec:', '  selector: {matchLabels: {k8s-app: aws-node}}', '  template:',
    '    metadata: {labels: {k8s-app: aws-node}}', '    spec:', '      containers:', '        - name: aws-node', '          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.0',
    '        - name: aws-network-policy-agent', '          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon/aws-network-policy-agent:v1.1.5', `          args: [${agentArgs}]`, '',
  ].join('\n');

describe('NET-POLICY-ENGINE', () => {
  it('fails a CloudFormation vpc-cni add-on without enableNetworkPolicy, at its Properties', () => {
    // GIVEN the add-on's Properties on line 8
    expect(failures(checkYaml(rule, CLUSTER + CNI()))).toEqual(['NET-POLICY-ENGINE in.yaml:8']);
    expect(failures(checkYaml(rule, CLUSTER + CNI('{"enableNetworkPolicy":"false"}')))).toEqual(['NET-POLICY-ENGINE in.yaml:11']);
  });

  it('fails a cluster with no vpc-cni add-on and no engine, at the cluster', () => {
    expect(failures(checkYaml(rule, CLUSTER))).toEqual(['NET-POLICY-ENGINE in.yaml:2']);
  });

  it('passes enableNetworkPolicy "true" on the CloudFormation add-on', () => {
    const r = checkYaml(rule, CLUSTER + CNI('{"env":{"ENABLE_PREFIX_DELEGATION":"true"},"enableNetworkPolicy":"true"}'));
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('is not evaluated when the configuration is a deploy-time value', () => {
    const r = checkYaml(rule, CLUSTER + '  Cni:\n    Type: AWS::EKS::Addon\n    Properties:\n      ClusterName: prod\n      AddonName: vpc-cni\n      ConfigurationValues: !Ref CniConfig\n');
    expect(r.rules[0]?.status).toBe('not-evaluated');
    expect(r.findings[0]?.message).toContain('known only at deploy time');
  });

  it('fails eksctl\'s default vpc-cni (no configuration) at addons; passes it with enableNetworkPolicy', () => {
    // GIVEN no addons list: the finding points at its nearest parent, the document root
    expect(failures(checkYaml(rule, EKSCTL()))).toEqual(['NET-POLICY-ENGINE in.yaml:1']);
    const on = checkYaml(rule, EKSCTL('addons:\n  - name: vpc-cni\n    configurationValues: |-\n      {"enableNetworkPolicy": "true"}\n'));
    expect(on.findings).toEqual([]);
    expect(on.rules[0]?.status).toBe('pass');
  });

  it('passes keelson\'s default and fails networkPolicy: false at that field', () => {
    expect(checkYaml(rule, KEELSON).rules[0]?.status).toBe('pass');
    expect(failures(checkYaml(rule, `${KEELSON}addons:\n  vpcCni:\n    networkPolicy: false\n`))).toEqual(['NET-POLICY-ENGINE in.yaml:6']);
  });

  it('reads Terraform aws_eks_addon and the eks module\'s cluster_addons, literal jsonencode included', async () => {
    const cluster = 'resource "aws_eks_cluster" "this" {\n  name = "prod"\n}\n';
    const off = await checkTerraform(rule, { 'main.tf': `${cluster}resource "aws_eks_addon" "cni" {\n  cluster_name = "prod"\n  addon_name   = "vpc-cni"\n}\n` });
    expect(outcomes(off)).toEqual(['fail NET-POLICY-ENGINE main.tf:4']);
    const module = (config: string) => `module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  cluster_name = "prod"\n  cluster_addons = {\n    vpc-cni = {\n      configuration_values = ${config}\n    }\n  }\n}\n`;
    expect((await checkTerraform(rule, { 'main.tf': module('jsonencode({ enableNetworkPolicy = "true" })') })).rules[0]?.status).toBe('pass');
    expect(outcomes(await checkTerraform(rule, { 'main.tf': module('var.cni_config') }))).toEqual(['not-evaluated NET-POLICY-ENGINE main.tf:6']);
  });

  it('reads the vpc-cni add-on\'s configuration_values = file(...) beside the configuration, and leaves a file it cannot read not evaluated', async () => {
    // GIVEN configurations on disk, as `keelson check DIR` reads them: file() reads beside main.tf
    const check = (files: Record<string, string>) => checkOnDisk([rule], files);
    const tf = (config: string) => `resource "aws_eks_cluster" "this" {\n  name = "prod"\n}\nresource "aws_eks_addon" "cni" {\n  cluster_name         = "prod"\n  addon_name           = "vpc-cni"\n  configuration_values = ${config}\n}\n`;
    const module = (config: string) => `module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  cluster_name = "prod"\n  cluster_addons = {\n    vpc-cni = {\n      configuration_values = ${config}\n    }\n  }\n}\n`;
    // THEN the file's enableNetworkPolicy decides, for the resource and for the eks module's add-on map
    expect((await check({ 'main.tf': tf('file("${path.module}/cni.json")'), 'cni.json': '{"enableNetworkPolicy": "true"}' })).rules[0]?.status).toBe('pass');
    expect(outcomes(await check({ 'main.tf': tf('file("cni.json")'), 'cni.json': '{"enableNetworkPolicy": "false"}' }))).toEqual(['fail NET-POLICY-ENGINE main.tf:7']);
    expect((await check({ 'main.tf': module('templatefile("cni.json.tpl", { on = "true" })'), 'cni.json.tpl': '{"enableNetworkPolicy": "${on}"}' })).rules[0]?.status).toBe('pass');
    // AND a missing file is not evaluated, with the reason: never a pass
    const missing = await check({ 'main.tf': tf('file("none.json")') });
    expect(outcomes(missing)).toEqual(['not-evaluated NET-POLICY-ENGINE main.tf:7']);
    expect(missing.findings[0]?.message).toMatch(/none\.json/);
  });

  it('reads the eks module\'s vpc-cni add-on from plan JSON: its rendered configuration_values decide; one known only after apply does not', async () => {
    // GIVEN a plan of the eks module: its add-ons are aws_eks_addon resources with the JSON the module renders
    const cluster = { address: 'module.eks.aws_eks_cluster.this[0]', type: 'aws_eks_cluster', values: { name: 'prod', version: '1.32' } };
    const cni = (values: Record<string, unknown>) => ({ address: 'module.eks.aws_eks_addon.this["vpc-cni"]', type: 'aws_eks_addon', values: { addon_name: 'vpc-cni', cluster_name: 'prod', ...values } });
    const on = await checkTerraform(rule, { 'plan.json': planJson([cluster, cni({ configuration_values: '{"enableNetworkPolicy":"true","env":{"ENABLE_PREFIX_DELEGATION":"true"}}' })]) });
    expect([on.rules[0]?.status, on.findings]).toEqual(['pass', []]);
    const offText = planJson([cluster, cni({ configuration_values: '{"env":{"ENABLE_PREFIX_DELEGATION":"true"}}' })]);
    const line = offText.split('\n').findIndex((l) => l.includes('"configuration_values"')) + 1;
    expect(outcomes(await checkTerraform(rule, { 'plan.json': offText }))).toEqual([`fail NET-POLICY-ENGINE plan.json:${line}`]);
    // WHEN configuration_values embeds a value known only after apply THEN the plan leaves it out: not "no configuration"
    const unknown = await checkTerraform(rule, { 'plan.json': planJson([cluster, cni({})], { 'module.eks.aws_eks_addon.this["vpc-cni"]': { configuration_values: true } }) });
    expect(unknown.findings.map((f) => [f.outcome, f.message])).toEqual([['not-evaluated', 'cluster prod: whether the VPC CNI enforces NetworkPolicy is not known: configuration_values is known only after apply']]);
  });

  it('passes Cilium in the manifests even when the VPC CNI does not enforce', () => {
    const cilium = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nhelmCharts:\n  - name: cilium\n    repo: https://helm.cilium.io\n    valuesInline: {cni: {chainingMode: aws-cni}}\n';
    expect(checkFiles(rule, { 'cluster.yaml': CLUSTER + CNI(), 'kustomization.yaml': cilium }).findings).toEqual([]);
  });

  it('judges a rendered aws-node DaemonSet by its network policy agent flag', () => {
    expect(checkYaml(rule, AWS_NODE('--enable-network-policy=true')).rules[0]?.status).toBe('pass');
    expect(failures(checkYaml(rule, AWS_NODE('--enable-network-policy=false')))).toEqual(['NET-POLICY-ENGINE in.yaml:14']);
  });

  it('is not evaluated on manifests alone without an engine (it is usually set on the cluster)', () => {
    const r = checkYaml(rule, 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec: {podSelector: {}}\n');
    expect(r.rules[0]?.status).toBe('not-evaluated');
  });

  it('passes keelson\'s own synth output', { timeout: OWN_OUTPUT_TIMEOUT_MS }, async () => {
    const r = await checkOwnOutput(rule);
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('fails the simple eksctl example (default add-ons, no network policy) at its root', () => {
      expect(failures(checkFixtures(rule, ['eksctl/01-simple-cluster.yaml']))).toEqual(['NET-POLICY-ENGINE eksctl/01-simple-cluster.yaml:3']);
    });
  });
});
