import { describe, expect, it } from 'vitest';
import rule from './addon-irsa.js';
import { checkYaml, failures } from '../internal/rule-tester.js';
import { checkOwnOutput, OWN_OUTPUT_TIMEOUT_MS } from '../internal/own-output.js';

const addon = (name: string, extra = '') => `Resources:\n  A:\n    Type: AWS::EKS::Addon\n    Properties:\n      ClusterName: c\n      AddonName: ${name}\n${extra}`;
const EKSCTL = (body: string) => `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: eu-west-1}\n${body}`;

describe('ADDON-IRSA', () => {
  it('fails a vpc-cni add-on without a role, at its Properties, with the add-on as sub-id', () => {
    expect(failures(checkYaml(rule, addon('vpc-cni')))).toEqual(['ADDON-IRSA[vpc-cni] in.yaml:4']);
  });

  it('passes PodIdentityAssociations, ServiceAccountRoleArn, or a separate AWS::EKS::PodIdentityAssociation', () => {
    expect(checkYaml(rule, addon('aws-ebs-csi-driver', '      PodIdentityAssociations:\n        - {ServiceAccount: ebs-csi-controller-sa, RoleArn: arn:aws:iam::1:role/x}\n')).findings).toEqual([]);
    expect(checkYaml(rule, addon('vpc-cni', '      ServiceAccountRoleArn: arn:aws:iam::1:role/cni\n')).findings).toEqual([]);
    const separate = addon('vpc-cni') + '  P:\n    Type: AWS::EKS::PodIdentityAssociation\n    Properties:\n      ClusterName: c\n      Namespace: kube-system\n      ServiceAccount: aws-node\n      RoleArn: arn:aws:iam::1:role/cni\n';
    const r = checkYaml(rule, separate);
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('does not judge add-ons that do not call AWS (coredns)', () => {
    expect(checkYaml(rule, addon('coredns')).rules[0]?.status).toBe('not-evaluated');
  });

  it('fails an eksctl aws-ebs-csi-driver add-on without a role; passes useDefaultPodIdentityAssociations and vpc-cni with withOIDC', () => {
    expect(failures(checkYaml(rule, EKSCTL('addons:\n  - name: aws-ebs-csi-driver\n')))).toEqual(['ADDON-IRSA[aws-ebs-csi-driver] in.yaml:5']);
    expect(checkYaml(rule, EKSCTL('addons:\n  - name: aws-ebs-csi-driver\n    useDefaultPodIdentityAssociations: true\n')).findings).toEqual([]);
    expect(checkYaml(rule, EKSCTL('iam:\n  withOIDC: true\naddons:\n  - name: vpc-cni\n')).findings).toEqual([]);
  });

  it('passes keelson defaults (Pod Identity for vpc-cni and the EBS CSI driver)', () => {
    const r = checkYaml(rule, 'name: prod\naccount: "123456789012"\nregion: eu-west-1\n');
    expect(r.findings).toEqual([]);
    expect(r.rules[0]).toEqual({ ruleId: 'ADDON-IRSA', status: 'pass', targets: 2 });
  });

  it('passes keelson\'s own synth output', { timeout: OWN_OUTPUT_TIMEOUT_MS }, async () => {
    const r = await checkOwnOutput(rule);
    expect(r.findings).toEqual([]);
    expect(r.rules).toEqual([{ ruleId: 'ADDON-IRSA', status: 'pass', targets: 2 }]);
  });
});
