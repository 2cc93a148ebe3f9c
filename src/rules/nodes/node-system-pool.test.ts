import { describe, expect, it } from 'vitest';
import rule from './node-system-pool.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

const eksctl = (ng: string) => `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: eu-west-1}\nmanagedNodeGroups:\n  - name: system\n${ng}`;

describe('NODE-SYSTEM-POOL', () => {
  it('fails when no node group carries the taint', () => {
    expect(failures(checkYaml(rule, eksctl('    labels: {role: system}\n')))).toEqual(['NODE-SYSTEM-POOL in.yaml:5']);
  });
  it('passes a CriticalAddonsOnly node group', () => {
    expect(checkYaml(rule, eksctl('    taints: [{key: CriticalAddonsOnly, value: "true", effect: NoSchedule}]\n')).findings).toEqual([]);
  });
  it('passes a CloudFormation node group with the taint', () => {
    expect(checkYaml(rule, 'Resources:\n  C:\n    Type: AWS::EKS::Cluster\n    Properties: {Name: c}\n  NG:\n    Type: AWS::EKS::Nodegroup\n    Properties:\n      Taints: [{Key: CriticalAddonsOnly, Value: "true", Effect: NO_SCHEDULE}]\n').findings).toEqual([]);
  });

  it('passes keelson defaults', () => {
    expect(checkYaml(rule, 'name: prod\naccount: "123456789012"\nregion: eu-west-1\n').findings).toEqual([]);
  });
  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('fails the taints example, whose taints are all application taints', () => {
      expect(failures(checkFixtures(rule, ['eksctl/34-taints.yaml']))).toEqual(['NODE-SYSTEM-POOL eksctl/34-taints.yaml:11']);
    });
  });
});
