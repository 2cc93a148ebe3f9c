import { describe, expect, it } from 'vitest';
import rule from './addon-core.js';
import { checkFiles, checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';
import { checkTerraform, outcomes, planJson } from '../../sources/terraform/terraform.fixtures.js';
import { checkOwnOutput, OWN_OUTPUT_TIMEOUT_MS } from '../internal/own-output.js';

const CLUSTER = (props = '') => `Resources:\n  C:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: prod\n${props}`;
const ADDON = (id: string, name: string) => `  ${id}:\n    Type: AWS::EKS::Addon\n    Properties:\n      ClusterName: prod\n      AddonName: ${name}\n`;
const ALL_MANAGED = ADDON('Cni', 'vpc-cni') + ADDON('Dns', 'coredns') + ADDON('Proxy', 'kube-proxy') + ADDON('Ebs', 'aws-ebs-csi-driver') + ADDON('Metrics', 'metrics-server');
const LBC_CHART = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nhelmCharts:\n  - name: aws-load-balancer-controller\n    repo: https://aws.github.io/eks-charts\n    version: 1.14.0\n';
const EKSCTL = (body = '') => `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: prod, region: eu-west-1}\n${body}`;
const KEELSON = 'name: prod\naccount: "123456789012"\nregion: eu-west-1\n';

describe('ADDON-CORE', () => {
  it('fails a CloudFormation cluster without add-ons: self-managed core ones and missing others, each with its sub-id at the cluster', () => {
    const r = checkYaml(rule, CLUSTER());
    expect(failures(r)).toEqual(['ADDON-CORE[aws-ebs-csi-driver] in.yaml:2', 'ADDON-CORE[aws-load-balancer-controller] in.yaml:2', 'ADDON-CORE[coredns] in.yaml:2', 'ADDON-CORE[kube-proxy] in.yaml:2', 'ADDON-CORE[metrics-server] in.yaml:2', 'ADDON-CORE[vpc-cni] in.yaml:2']);
    expect(r.findings.find((f) => f.id === 'ADDON-CORE[coredns]')?.message).toContain('self-managed copy');
  });

  it('passes every core add-on managed, with the LB controller from a Helm chart in the manifests', () => {
    const r = checkFiles(rule, { 'cluster.yaml': CLUSTER() + ALL_MANAGED, 'kustomization.yaml': LBC_CHART });
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('fails a core add-on installed with Helm when the managed add-on is offered, at the chart', () => {
    const ebsChart = LBC_CHART.replace('helmCharts:\n', 'helmCharts:\n  - name: aws-ebs-csi-driver\n    repo: https://kubernetes-sigs.github.io/aws-ebs-csi-driver\n');
    const managedButEbs = ADDON('Cni', 'vpc-cni') + ADDON('Dns', 'coredns') + ADDON('Proxy', 'kube-proxy') + ADDON('Metrics', 'metrics-server');
    const r = checkFiles(rule, { 'cluster.yaml': CLUSTER() + managedButEbs, 'kustomization.yaml': ebsChart });
    expect(failures(r)).toEqual(['ADDON-CORE[aws-ebs-csi-driver] kustomization.yaml:4']);
  });

  it('eksctl: the default add-ons count (metrics-server among them); EBS CSI and the LB controller are missing at addons', () => {
    const r = checkYaml(rule, EKSCTL('addons:\n  - name: aws-ebs-csi-driver\n'));
    expect(failures(r)).toEqual(['ADDON-CORE[aws-load-balancer-controller] in.yaml:4']);
    expect(failures(checkYaml(rule, EKSCTL('addons: []\n')))).toEqual(['ADDON-CORE[aws-ebs-csi-driver] in.yaml:4', 'ADDON-CORE[aws-load-balancer-controller] in.yaml:4']);
    // disableDefaultAddons leaves the cluster without the VPC CNI, CoreDNS and kube-proxy
    expect(failures(checkYaml(rule, EKSCTL('addonsConfig: {disableDefaultAddons: true}\naddons:\n  - name: aws-ebs-csi-driver\n  - name: metrics-server\n  - name: aws-load-balancer-controller\n')))).toEqual([
      'ADDON-CORE[coredns] in.yaml:5', 'ADDON-CORE[kube-proxy] in.yaml:5', 'ADDON-CORE[vpc-cni] in.yaml:5',
    ]);
  });

  it('passes keelson\'s defaults; a disabled add-on fails at its switch', () => {
    expect(checkYaml(rule, KEELSON).rules[0]?.status).toBe('pass');
    expect(failures(checkYaml(rule, `${KEELSON}addons:\n  metricsServer:\n    enabled: false\n`))).toEqual(['ADDON-CORE[metrics-server] in.yaml:6']);
  });

  it('Terraform: the eks module\'s cluster_addons plus helm_release for the LB controller pass; missing ones fail at the module', async () => {
    const module = (addons: string) => `module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  cluster_name = "prod"\n  cluster_addons = {\n${addons}  }\n}\n`;
    const core = '    vpc-cni = {}\n    coredns = {}\n    kube-proxy = {}\n    aws-ebs-csi-driver = {}\n';
    const helm = (chart: string) => `resource "helm_release" "${chart}" {\n  name = "${chart}"\n  chart = "${chart}"\n}\n`;
    const ok = await checkTerraform(rule, { 'main.tf': module(core) + helm('aws-load-balancer-controller') + helm('metrics-server') });
    expect(ok.findings).toEqual([]);
    expect(ok.rules[0]?.status).toBe('pass');
    const missing = await checkTerraform(rule, { 'main.tf': module(core) });
    expect(outcomes(missing)).toEqual(['fail ADDON-CORE[aws-load-balancer-controller] main.tf:1', 'fail ADDON-CORE[metrics-server] main.tf:1']);
  });

  it('Terraform plan JSON: the eks module\'s add-ons and Helm releases as planned resources pass; a missing one fails at the cluster', async () => {
    // GIVEN a plan of the eks module with cluster_addons and the blueprints' Helm releases
    const addon = (name: string) => ({ address: `module.eks.aws_eks_addon.this["${name}"]`, type: 'aws_eks_addon', values: { addon_name: name, cluster_name: 'prod' } });
    const helm = (chart: string) => ({ address: `module.addons.module.${chart}.helm_release.this[0]`, type: 'helm_release', values: { chart, name: chart, namespace: 'kube-system' } });
    const cluster = { address: 'module.eks.aws_eks_cluster.this[0]', type: 'aws_eks_cluster', values: { name: 'prod', version: '1.32' } };
    const all = [cluster, ...['vpc-cni', 'coredns', 'kube-proxy', 'aws-ebs-csi-driver'].map(addon), helm('aws-load-balancer-controller'), helm('metrics-server')];
    const ok = await checkTerraform(rule, { 'plan.json': planJson(all) });
    expect([ok.rules[0]?.status, ok.findings]).toEqual(['pass', []]);
    const text = planJson(all.filter((r) => r.address !== 'module.eks.aws_eks_addon.this["coredns"]'));
    const line = text.split('\n').findIndex((l) => l.includes('"values"')) + 1;
    expect(outcomes(await checkTerraform(rule, { 'plan.json': text }))).toEqual([`fail ADDON-CORE[coredns] plan.json:${line}`]);
  });

  it('is not evaluated on manifests alone that lack the core add-ons', () => {
    const r = checkYaml(rule, LBC_CHART);
    expect(r.rules[0]?.status).toBe('not-evaluated');
    expect(r.findings[0]?.message).toContain('CoreDNS');
  });

  it('passes keelson\'s own synth output (the LB controller\'s Pod Identity association stands for its GitOps Helm install)', { timeout: OWN_OUTPUT_TIMEOUT_MS }, async () => {
    const r = await checkOwnOutput(rule);
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('fails the encrypted-volumes eksctl example for what it leaves out, at its root', () => {
      expect(failures(checkFixtures(rule, ['eksctl/10-encrypted-volumes.yaml']))).toEqual([
        'ADDON-CORE[aws-ebs-csi-driver] eksctl/10-encrypted-volumes.yaml:3', 'ADDON-CORE[aws-load-balancer-controller] eksctl/10-encrypted-volumes.yaml:3',
      ]);
    });
  });
});
