import { describe, expect, it } from 'vitest';
import rule from './cp-access-entries.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

describe('CP-ACCESS-ENTRIES', () => {
  it('fails a CloudFormation cluster on the CONFIG_MAP default', () => {
    expect(failures(checkYaml(rule, 'Resources:\n  C:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: c\n'))).toEqual(['CP-ACCESS-ENTRIES in.yaml:4']);
  });
  it('passes API', () => {
    expect(checkYaml(rule, 'Resources:\n  C:\n    Type: AWS::EKS::Cluster\n    Properties:\n      AccessConfig: {AuthenticationMode: API}\n').findings).toEqual([]);
  });
  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('passes the eksctl default (API_AND_CONFIG_MAP)', () => {
      expect(checkFixtures(rule, ['eksctl/01-simple-cluster.yaml']).rules[0]).toMatchObject({ status: 'pass', targets: 1 });
    });
  });
});
