import { describe, expect, it } from 'vitest';
import rule from './upg-addon-compat.js';
import { checkYaml, failures } from '../internal/rule-tester.js';
import { checkOwnOutput, OWN_OUTPUT_TIMEOUT_MS } from '../internal/own-output.js';
import { checkTerraform, outcomes, planJson } from '../../sources/terraform/terraform.fixtures.js';

const CFN = (clusterVersion: string, addonVersion: string) =>
  `Resources:\n  C:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: prod\n      Version: ${clusterVersion}\n  Proxy:\n    Type: AWS::EKS::Addon\n    Properties:\n      ClusterName: prod\n      AddonName: kube-proxy\n      AddonVersion: ${addonVersion}\n`;
const EKSCTL = (version: string) => `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: prod, region: eu-west-1, version: "1.35"}\naddons:\n  - name: kube-proxy\n    version: ${version}\n  - name: coredns\n`;

describe('UPG-ADDON-COMPAT', () => {
  it('fails a kube-proxy pinned to another minor than the cluster, at AddonVersion, with the build to pin', () => {
    // GIVEN AddonVersion on line 12
    const r = checkYaml(rule, CFN('"1.36"', 'v1.33.10-eksbuild.13'));
    expect(failures(r)).toEqual(['UPG-ADDON-COMPAT[kube-proxy] in.yaml:12']);
    expect(r.findings[0]?.fix).toContain('v1.36.0-eksbuild.14');
  });

  it('passes a kube-proxy of the cluster\'s minor, and fails it against --target-version', () => {
    const r = checkYaml(rule, CFN('"1.36"', 'v1.36.0-eksbuild.14'));
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
    expect(failures(checkYaml(rule, CFN('"1.35"', 'v1.35.3-eksbuild.13'), { targetVersion: '1.36' }))).toEqual(['UPG-ADDON-COMPAT[kube-proxy] in.yaml:12']);
  });

  it('is not evaluated when the version or the cluster version is known only at deploy time', () => {
    expect(checkYaml(rule, CFN('"1.36"', '!Ref ProxyVersion')).rules[0]?.status).toBe('not-evaluated');
    const r = checkYaml(rule, CFN('!Ref K8sVersion', 'v1.36.0-eksbuild.14'));
    expect(r.rules[0]?.status).toBe('not-evaluated');
    expect(r.findings[0]?.message).toContain('--target-version');
  });

  it('eksctl: "latest" passes, a pin of another minor fails at version', () => {
    expect(checkYaml(rule, EKSCTL('latest')).rules[0]?.status).toBe('pass');
    expect(failures(checkYaml(rule, EKSCTL('v1.34.6-eksbuild.13')))).toEqual(['UPG-ADDON-COMPAT[kube-proxy] in.yaml:6']);
  });

  it('keelson: addons.kubeProxy.version must match kubernetesVersion', () => {
    const keelson = (v: string) => `name: prod\naccount: "123456789012"\nregion: eu-west-1\nkubernetesVersion: "1.36"\naddons:\n  kubeProxy:\n    version: ${v}\n`;
    expect(checkYaml(rule, keelson('v1.36.0-eksbuild.14')).findings).toEqual([]);
    expect(failures(checkYaml(rule, keelson('v1.32.13-eksbuild.16')))).toEqual(['UPG-ADDON-COMPAT[kube-proxy] in.yaml:7']);
  });

  it('Terraform: a v20 eks module pinning its add-ons the way its examples do', async () => {
    // GIVEN a module upgraded to 1.33 whose kube-proxy pin stayed on 1.32
    const main = [
      'module "eks" {',
      '  source  = "terraform-aws-modules/eks/aws"',
      '  version = "~> 20.0"',
      '',
      '  cluster_name    = "prod-cluster"',
      '  cluster_version = "1.33"',
      '',
      '  cluster_addons = {',
      '    coredns = {',
      '      most_recent = true',
      '    }',
      '    kube-proxy = {',
      '      addon_version = "v1.32.13-eksbuild.16"',
      '    }',
      '    vpc-cni = {',
      '      most_recent    = true',
      '      before_compute = true',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    expect(outcomes(await checkTerraform(rule, { 'main.tf': main }))).toEqual(['fail UPG-ADDON-COMPAT[kube-proxy] main.tf:13']);
    expect((await checkTerraform(rule, { 'main.tf': main.replace('v1.32.13', 'v1.33.10') })).rules[0]?.status).toBe('pass');
  });

  it('Terraform plan JSON: the planned addon_version decides; one known only after apply is not evaluated', async () => {
    const cluster = { address: 'module.eks.aws_eks_cluster.this[0]', type: 'aws_eks_cluster', values: { name: 'prod', version: '1.33' } };
    const proxy = (values: Record<string, unknown>) => ({ address: 'module.eks.aws_eks_addon.this["kube-proxy"]', type: 'aws_eks_addon', values: { addon_name: 'kube-proxy', cluster_name: 'prod', ...values } });
    const old = planJson([cluster, proxy({ addon_version: 'v1.32.13-eksbuild.16' })]);
    const line = old.split('\n').findIndex((l) => l.includes('"addon_version"')) + 1;
    expect(outcomes(await checkTerraform(rule, { 'plan.json': old }))).toEqual([`fail UPG-ADDON-COMPAT[kube-proxy] plan.json:${line}`]);
    expect((await checkTerraform(rule, { 'plan.json': planJson([cluster, proxy({ addon_version: 'v1.33.10-eksbuild.2' })]) })).rules[0]?.status).toBe('pass');
    // GIVEN addon_version from a data source resolved only at apply
    const later = await checkTerraform(rule, { 'plan.json': planJson([cluster, proxy({})], { 'module.eks.aws_eks_addon.this["kube-proxy"]': { addon_version: true } }) });
    expect(later.findings.map((f) => [f.outcome, f.message])).toEqual([['not-evaluated', 'kube-proxy version: addon_version is known only after apply']]);
  });

  it('passes keelson\'s own synth output', { timeout: OWN_OUTPUT_TIMEOUT_MS }, async () => {
    const r = await checkOwnOutput(rule);
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });
});
