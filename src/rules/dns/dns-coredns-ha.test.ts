import { describe, expect, it } from 'vitest';
import rule, { spreadsAcrossZones } from './dns-coredns-ha.js';
import { checkFiles, checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';
import { checkOwnOutput, OWN_OUTPUT_TIMEOUT_MS } from '../internal/own-output.js';
import { checkOnDisk, checkTerraform, outcomes } from '../../sources/terraform/terraform.fixtures.js';

const SPREAD = '{"maxSkew":1,"topologyKey":"topology.kubernetes.io/zone","whenUnsatisfiable":"ScheduleAnyway","labelSelector":{"matchLabels":{"k8s-app":"kube-dns"}}}';
const CFN = (config?: string) => `Resources:\n  C:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: c\n  CoreDns:\n    Type: AWS::EKS::Addon\n    Properties:\n      ClusterName: c\n      AddonName: coredns\n${config === undefined ? '' : `      ConfigurationValues: '${config}'\n`}`;
const EKSCTL = (addons = '') => `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: prod\n  region: eu-west-1\n${addons}`;
// The coredns Deployment as EKS ships it (kube-system, k8s-app: kube-dns), with the fields under test changed.
const DEPLOYMENT = (replicas: number, podExtra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
  labels: {k8s-app: kube-dns, eks.amazonaws.com/component: coredns}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {k8s-app: kube-dns, eks.amazonaws.com/component: coredns}
  template:
    metadata:
      labels: {k8s-app: kube-dns, eks.amazonaws.com/component: coredns}
    spec:
      priorityClassName: system-cluster-critical
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                labelSelector:
                  matchExpressions: [{key: k8s-app, operator: In, values: [kube-dns]}]
                topologyKey: kubernetes.io/hostname
${podExtra}      containers:
        - name: coredns
          image: 602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/coredns:v1.11.4-eksbuild.2
          args: [-conf, /etc/coredns/Corefile]
`;
const ZONE_TSC = `      topologySpreadConstraints:\n        - ${SPREAD}\n`;

describe('DNS-COREDNS-HA', () => {
  it('recognizes zone spread by topology spread or by anti-affinity on the zone, not on the hostname', () => {
    expect(spreadsAcrossZones({ topologySpreadConstraints: [JSON.parse(SPREAD)] })).toBe(true);
    expect(spreadsAcrossZones({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'topology.kubernetes.io/zone' }] } } })).toBe(true);
    expect(spreadsAcrossZones({ affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } }] } } })).toBe(false);
  });

  describe('CloudFormation add-on', () => {
    it('passes replicaCount 2 with a zone topology spread constraint', () => {
      expect(checkYaml(rule, CFN(`{"replicaCount":2,"topologySpreadConstraints":[${SPREAD}]}`)).rules[0]).toEqual({ ruleId: 'DNS-COREDNS-HA', status: 'pass', targets: 1 });
    });

    it('fails one replica and no zone spread, both at ConfigurationValues', () => {
      expect(failures(checkYaml(rule, CFN('{"replicaCount":1}')))).toEqual(['DNS-COREDNS-HA[replicas] in.yaml:11', 'DNS-COREDNS-HA[zone-spread] in.yaml:11']);
    });

    it('fails the add-on with EKS defaults (2 replicas, spread across nodes only) on zone spread, at its Properties', () => {
      const r = checkYaml(rule, CFN());
      expect(failures(r)).toEqual(['DNS-COREDNS-HA[zone-spread] in.yaml:8']);
    });

    it('accepts the add-on autoscaler with minReplicas 2', () => {
      expect(checkYaml(rule, CFN(`{"autoScaling":{"enabled":true,"minReplicas":2,"maxReplicas":10},"topologySpreadConstraints":[${SPREAD}]}`)).findings).toEqual([]);
    });

    it('leaves a configuration made by an intrinsic not evaluated', () => {
      const r = checkYaml(rule, CFN().replace('AddonName: coredns\n', 'AddonName: coredns\n      ConfigurationValues: !Sub "${Config}"\n'));
      expect(r.rules[0]?.status).toBe('not-evaluated');
    });
  });

  describe('eksctl', () => {
    it('fails a cluster with no coredns configuration (EKS default CoreDNS), at the cluster', () => {
      expect(failures(checkYaml(rule, EKSCTL()))).toEqual(['DNS-COREDNS-HA[zone-spread] in.yaml:3']);
    });

    it('sizes CoreDNS by the node groups\' maxSize: 180 nodes need 4 replicas', () => {
      const addons = `addons:\n  - name: coredns\n    configurationValues: |-\n      {"replicaCount": 3, "topologySpreadConstraints": [${SPREAD}]}\nmanagedNodeGroups:\n  - {name: a, maxSize: 90}\n  - {name: b, maxSize: 90}\n`;
      const r = checkYaml(rule, EKSCTL(addons));
      expect(failures(r)).toEqual(['DNS-COREDNS-HA[replicas] in.yaml:8']);
      expect(r.findings[0]?.message).toMatch(/180 nodes \(the maxSize of 2 node groups\) need max\(2, ceil\(180\/50\)\) = 4/);
    });

    it('passes a coredns add-on whose configurationValues spread across zones', () => {
      const addons = `addons:\n  - name: coredns\n    configurationValues: |-\n      {"replicaCount": 3, "topologySpreadConstraints": [${SPREAD}]}\n`;
      expect(checkYaml(rule, EKSCTL(addons)).rules[0]?.status).toBe('pass');
    });
  });

  describe('manifests', () => {
    it('fails the EKS coredns Deployment (hostname anti-affinity only), at its pod spec', () => {
      expect(failures(checkYaml(rule, DEPLOYMENT(2)))).toEqual(['DNS-COREDNS-HA[zone-spread] in.yaml:14']);
    });

    it('fails one replica at spec.replicas, and passes two replicas spread across zones', () => {
      expect(failures(checkYaml(rule, DEPLOYMENT(1, ZONE_TSC)))).toEqual(['DNS-COREDNS-HA[replicas] in.yaml:8']);
      expect(checkYaml(rule, DEPLOYMENT(2, ZONE_TSC)).findings).toEqual([]);
    });

    it('a coredns Deployment in the manifests stands for the cluster\'s CoreDNS (no default finding on the eksctl cluster)', () => {
      expect(checkFiles(rule, { 'cluster.yaml': EKSCTL(), 'coredns.yaml': DEPLOYMENT(2, ZONE_TSC) }).findings).toEqual([]);
    });
  });

  describe('Terraform', () => {
    const CLUSTER = 'resource "aws_eks_cluster" "this" {\n  name = "prod"\n  vpc_config {\n    subnet_ids = ["s-1"]\n  }\n}\n';
    it('fails an aws_eks_addon with EKS defaults at the block, and leaves jsonencode(...) to the plan', async () => {
      const plain = await checkTerraform(rule, { 'main.tf': `${CLUSTER}resource "aws_eks_addon" "coredns" {\n  cluster_name = aws_eks_cluster.this.name\n  addon_name   = "coredns"\n}\n` });
      expect(outcomes(plain)).toEqual(['fail DNS-COREDNS-HA[zone-spread] main.tf:7']);
      const encoded = await checkTerraform(rule, { 'main.tf': `${CLUSTER}resource "aws_eks_addon" "coredns" {\n  cluster_name = aws_eks_cluster.this.name\n  addon_name   = "coredns"\n  configuration_values = jsonencode({ replicaCount = 3 })\n}\n` });
      expect(outcomes(encoded)).toEqual(['not-evaluated DNS-COREDNS-HA main.tf:10']);
    });

    it('reads the evaluated configuration_values of a plan (terraform show -json)', async () => {
      const addon = (config: unknown) => JSON.stringify({
        format_version: '1.2', terraform_version: '1.9.0',
        planned_values: { root_module: { child_modules: [{ address: 'module.eks', resources: [
          { address: 'module.eks.aws_eks_cluster.this[0]', mode: 'managed', type: 'aws_eks_cluster', name: 'this', values: { name: 'prod' } },
          { address: 'module.eks.aws_eks_addon.this["coredns"]', mode: 'managed', type: 'aws_eks_addon', name: 'this', values: { addon_name: 'coredns', configuration_values: JSON.stringify(config) } },
        ] }] } },
      }, null, 2);
      expect((await checkTerraform(rule, { 'plan.json': addon({ replicaCount: 2, topologySpreadConstraints: [JSON.parse(SPREAD)] }) })).findings).toEqual([]);
      const r = await checkTerraform(rule, { 'plan.json': addon({ replicaCount: 1, topologySpreadConstraints: [JSON.parse(SPREAD)] }) });
      expect(r.findings.map((f) => f.message)).toEqual(['module.eks.aws_eks_addon.this["coredns"] runs 1 CoreDNS replica; the guide\'s minimum is 2']);
    });

    it('reads a literal JSON string in the eks module\'s addons.coredns.configuration_values, and leaves a variable to the plan', async () => {
      const mod = (config: string) => `module "eks" {\n  source       = "terraform-aws-modules/eks/aws"\n  cluster_name = "prod"\n  addons = {\n    coredns = {\n      configuration_values = ${config}\n    }\n  }\n}\n`;
      const literal = (replicas: number) => JSON.stringify(JSON.stringify({ replicaCount: replicas, topologySpreadConstraints: [JSON.parse(SPREAD)] }));
      expect((await checkTerraform(rule, { 'main.tf': mod(literal(2)) })).findings).toEqual([]);
      const one = await checkTerraform(rule, { 'main.tf': mod(literal(1)) });
      expect(one.findings.map((f) => f.message)).toEqual(['module.eks addons.coredns runs 1 CoreDNS replica; the guide\'s minimum is 2']);
      expect(outcomes(await checkTerraform(rule, { 'main.tf': `variable "coredns" {}\n${mod('var.coredns')}` }))).toEqual(['not-evaluated DNS-COREDNS-HA main.tf:7']);
    });
  });

  describe('Terraform configuration_values = file() / templatefile()', () => {
    /** A configuration directory on disk, checked as `keelson check DIR`: file() reads beside main.tf. */
    const check = async (files: Record<string, string>) => {
      const r = await checkOnDisk([rule], files);
      return { ...r, outcomes: outcomes(r), messages: r.findings.map((f) => f.message) };
    };
    const CLUSTER = 'resource "aws_eks_cluster" "this" {\n  name = "prod"\n  vpc_config {\n    subnet_ids = ["s-1"]\n  }\n}\n';
    const ADDON = (config: string) => `${CLUSTER}resource "aws_eks_addon" "coredns" {\n  cluster_name         = aws_eks_cluster.this.name\n  addon_name           = "coredns"\n  configuration_values = ${config}\n}\n`;
    const TEMPLATE = `replicaCount: \${replicas}\ntopologySpreadConstraints:\n  - ${SPREAD}\n`;

    it('file() reads the JSON beside the configuration: two spread replicas pass, one fails', async () => {
      const ok = await check({ 'main.tf': ADDON('file("${path.module}/coredns.json")'), 'coredns.json': `{"replicaCount": 2, "topologySpreadConstraints": [${SPREAD}]}` });
      expect([ok.rules[0]?.status, ok.findings]).toEqual(['pass', []]);
      const one = await check({ 'main.tf': ADDON('file("coredns.json")'), 'coredns.json': `{"replicaCount": 1, "topologySpreadConstraints": [${SPREAD}]}` });
      expect(one.outcomes).toEqual(['fail DNS-COREDNS-HA[replicas] main.tf:10']);
      expect(one.messages).toEqual(['aws_eks_addon.coredns runs 1 CoreDNS replica; the guide\'s minimum is 2']);
    });

    it('templatefile() renders its variables into YAML', async () => {
      const tpl = (replicas: string) => ADDON(`templatefile("coredns.yaml.tpl", { replicas = ${replicas} })`);
      const ok = await check({ 'main.tf': tpl('3'), 'coredns.yaml.tpl': TEMPLATE });
      expect([ok.rules[0]?.status, ok.findings]).toEqual(['pass', []]);
      expect((await check({ 'main.tf': tpl('1'), 'coredns.yaml.tpl': TEMPLATE })).outcomes).toEqual(['fail DNS-COREDNS-HA[replicas] main.tf:10']);
    });

    it('a file it cannot read, or a variable known only at plan time, leaves it not evaluated with the reason, never a pass', async () => {
      const missing = await check({ 'main.tf': ADDON('file("none.json")') });
      expect([missing.rules[0]?.status, missing.outcomes, missing.messages]).toEqual(['not-evaluated', ['not-evaluated DNS-COREDNS-HA main.tf:10'], ['aws_eks_addon.coredns: configuration_values = file(...): file "none.json" is not in the configuration\'s directory']]);
      const open = await check({ 'main.tf': `variable "replicas" {}\n${ADDON('templatefile("coredns.yaml.tpl", { replicas = var.replicas })')}`, 'coredns.yaml.tpl': TEMPLATE });
      expect(open.rules[0]?.status).toBe('not-evaluated');
      expect(open.messages[0]).toContain('var.replicas has no default');
    });

    it('the eks module\'s addons.coredns reads its file() too', async () => {
      const mod = 'module "eks" {\n  source       = "terraform-aws-modules/eks/aws"\n  cluster_name = "prod"\n  addons = {\n    coredns = {\n      configuration_values = file("coredns.json")\n    }\n  }\n}\n';
      const one = await check({ 'main.tf': mod, 'coredns.json': `{"replicaCount": 1, "topologySpreadConstraints": [${SPREAD}]}` });
      expect(one.outcomes).toEqual(['fail DNS-COREDNS-HA[replicas] main.tf:6']);
      const ok = await check({ 'main.tf': mod, 'coredns.json': `{"replicaCount": 2, "topologySpreadConstraints": [${SPREAD}]}` });
      expect(ok.findings).toEqual([]);
    });
  });

  describe('keelson', () => {
    const KEELSON = 'name: prod\naccount: "123456789012"\nregion: eu-west-1\n';
    it('passes the default (max(2, ceil(10/50)) = 2 replicas, zone spread)', () => {
      expect(checkYaml(rule, KEELSON).rules[0]?.status).toBe('pass');
    });

    it('fails explicit replicas below the guide\'s formula for the expected nodes, at replicas', () => {
      const r = checkYaml(rule, `${KEELSON}addons:\n  coreDns:\n    expectedNodes: 300\n    replicas: 3\n`);
      expect(failures(r)).toEqual(['DNS-COREDNS-HA[replicas] in.yaml:7']);
      expect(r.findings[0]?.message).toMatch(/300 nodes \(addons.coreDns.expectedNodes\) need max\(2, ceil\(300\/50\)\) = 6/);
    });

    it('holds a CoreDNS add-on in another file to the keelson definition\'s expected nodes', () => {
      const r = checkFiles(rule, { 'keelson.yaml': `${KEELSON}addons:\n  coreDns:\n    expectedNodes: 200\n`, 'stack.yaml': CFN(`{"replicaCount":2,"topologySpreadConstraints":[${SPREAD}]}`) });
      expect(failures(r)).toEqual(['DNS-COREDNS-HA[replicas] stack.yaml:11']);
    });
  });

  it('passes keelson\'s own cloud assembly (the coredns add-on with replicaCount and zone spread)', { timeout: OWN_OUTPUT_TIMEOUT_MS }, async () => {
    const r = await checkOwnOutput(rule);
    expect(r.findings).toEqual([]);
    expect(r.rules[0]).toEqual({ ruleId: 'DNS-COREDNS-HA', status: 'pass', targets: 1 });
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('fails the eksctl examples, which leave CoreDNS at EKS\'s default', () => {
      const r = checkFixtures(rule, ['eksctl/01-simple-cluster.yaml']);
      expect(failures(r)).toEqual(['DNS-COREDNS-HA[zone-spread] eksctl/01-simple-cluster.yaml:6']);
    });
  });
});
