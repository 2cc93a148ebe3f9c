import { describe, expect, it } from 'vitest';
import rule from './cp-logging.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

describe('CP-LOGGING', () => {
  it('reports each missing log type with its own sub-id', () => {
    const r = checkYaml(rule, 'name: prod\naccount: "123456789012"\nregion: eu-west-1\nlogging:\n  types: [api, audit]\n');
    expect(failures(r)).toEqual(['CP-LOGGING[authenticator] in.yaml:5', 'CP-LOGGING[controllerManager] in.yaml:5', 'CP-LOGGING[scheduler] in.yaml:5']);
  });

  it('accepts eksctl "*"', () => {
    const r = checkYaml(rule, 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: eu-west-1}\ncloudWatch:\n  clusterLogging:\n    enableTypes: ["*"]\n');
    expect(r.findings).toEqual([]);
  });

  it('fails all five when CloudFormation has no Logging block', () => {
    const r = checkYaml(rule, 'Resources:\n  C:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: c\n');
    expect(failures(r)).toHaveLength(5);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('finds the two types the eksctl simple example leaves off, at enableTypes', () => {
      expect(failures(checkFixtures(rule, ['eksctl/01-simple-cluster.yaml']))).toEqual(['CP-LOGGING[api] eksctl/01-simple-cluster.yaml:18', 'CP-LOGGING[scheduler] eksctl/01-simple-cluster.yaml:18']);
    });
  });
});
