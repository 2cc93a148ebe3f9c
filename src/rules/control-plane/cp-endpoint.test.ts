import { describe, expect, it } from 'vitest';
import rule from './cp-endpoint.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

const eksctl = (vpc: string) => `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n  region: eu-west-1\n${vpc}`;

describe('CP-ENDPOINT', () => {
  it('fails on eksctl defaults: private off, public open to the world', () => {
    // GIVEN an eksctl config with no vpc block WHEN checked
    const r = checkYaml(rule, eksctl(''));
    // THEN both sub-rules fail, at the nearest parent (the document root)
    expect(failures(r)).toEqual(['CP-ENDPOINT[private] in.yaml:1', 'CP-ENDPOINT[public] in.yaml:1']);
  });

  it('passes a private endpoint with the public one restricted to specific CIDRs', () => {
    const r = checkYaml(rule, eksctl('vpc:\n  clusterEndpoints: {privateAccess: true, publicAccess: true}\n  publicAccessCIDRs: ["203.0.113.0/24"]\n'));
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('flags private ranges in the public allow list at the list', () => {
    const r = checkYaml(rule, eksctl('vpc:\n  clusterEndpoints: {privateAccess: true, publicAccess: true}\n  publicAccessCIDRs: ["10.0.0.0/8"]\n'));
    expect(failures(r)).toEqual(['CP-ENDPOINT[private-cidr] in.yaml:8']);
  });

  it('is not evaluated when a CloudFormation parameter decides', () => {
    const r = checkYaml(rule, 'Resources:\n  C:\n    Type: AWS::EKS::Cluster\n    Properties:\n      ResourcesVpcConfig:\n        EndpointPrivateAccess: true\n        EndpointPublicAccess: !Ref Public\n');
    expect(r.findings.map((f) => [f.outcome, f.location.line])).toEqual([['not-evaluated', 7]]);
    expect(r.rules[0]?.status).toBe('not-evaluated');
  });

  it('passes keelson defaults', () => {
    expect(checkYaml(rule, 'name: prod\naccount: "123456789012"\nregion: eu-west-1\n').findings).toEqual([]);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('fails the eksctl simple cluster example', () => {
      expect(failures(checkFixtures(rule, ['eksctl/01-simple-cluster.yaml']))).toEqual(['CP-ENDPOINT[private] eksctl/01-simple-cluster.yaml:3', 'CP-ENDPOINT[public] eksctl/01-simple-cluster.yaml:3']);
    });
  });
});
