import { describe, expect, it } from 'vitest';
import rule from './node-ami.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

describe('NODE-AMI', () => {
  it('fails an AL2 CloudFormation node group at AmiType', () => {
    expect(failures(checkYaml(rule, 'Resources:\n  NG:\n    Type: AWS::EKS::Nodegroup\n    Properties:\n      AmiType: AL2_x86_64\n'))).toEqual(['NODE-AMI in.yaml:5']);
  });

  it('passes an EC2NodeClass with a Bottlerocket alias', () => {
    expect(checkYaml(rule, 'apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata: {name: b}\nspec:\n  amiSelectorTerms:\n    - alias: bottlerocket@v1.30.0\n').findings).toEqual([]);
  });

  it('passes eksctl default (AmazonLinux2023)', () => {
    expect(checkYaml(rule, 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: eu-west-1}\nnodeGroups: [{name: a}]\n').findings).toEqual([]);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('fails amiFamily: AmazonLinux2 in the eksctl advanced example', () => {
      expect(failures(checkFixtures(rule, ['eksctl/05-advanced-nodegroups.yaml']))).toEqual(['NODE-AMI eksctl/05-advanced-nodegroups.yaml:18']);
    });
  });
});
