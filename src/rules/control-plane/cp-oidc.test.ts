import { describe, expect, it } from 'vitest';
import rule from './cp-oidc.js';
import { checkFiles, checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';
import { checkOwnOutput, OWN_OUTPUT_TIMEOUT_MS } from '../internal/own-output.js';

const CLUSTER = 'Resources:\n  C:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: c\n';
const EKSCTL = (body: string) => `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: eu-west-1}\n${body}`;

describe('CP-OIDC', () => {
  it('fails a CloudFormation cluster with neither an OIDC provider nor the Pod Identity agent, at the cluster', () => {
    expect(failures(checkYaml(rule, CLUSTER))).toEqual(['CP-OIDC in.yaml:2']);
  });

  it('passes an AWS::IAM::OIDCProvider, or an eks-pod-identity-agent add-on in another template', () => {
    const oidc = CLUSTER + '  Oidc:\n    Type: AWS::IAM::OIDCProvider\n    Properties:\n      Url: !GetAtt C.OpenIdConnectIssuerUrl\n      ClientIdList: [sts.amazonaws.com]\n';
    expect(checkYaml(rule, oidc).findings).toEqual([]);
    const agent = 'Resources:\n  Agent:\n    Type: AWS::EKS::Addon\n    Properties:\n      ClusterName: c\n      AddonName: eks-pod-identity-agent\n';
    const r = checkFiles(rule, { 'cluster.yaml': CLUSTER, 'addons.yaml': agent });
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('fails eksctl iam.withOIDC: false at that field; passes withOIDC: true or the pod identity add-on', () => {
    expect(failures(checkYaml(rule, EKSCTL('iam:\n  withOIDC: false\n')))).toEqual(['CP-OIDC in.yaml:5']);
    expect(checkYaml(rule, EKSCTL('iam:\n  withOIDC: true\n')).findings).toEqual([]);
    expect(checkYaml(rule, EKSCTL('addons:\n  - name: eks-pod-identity-agent\n')).findings).toEqual([]);
  });

  it('judges each eksctl cluster by its own config when several are checked together', () => {
    // GIVEN two ClusterConfigs, only the second with withOIDC: true
    const a = 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: a, region: eu-west-1}\n';
    const b = 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: b, region: eu-west-1}\niam:\n  withOIDC: true\n';
    const r = checkFiles(rule, { 'a.yaml': a, 'b.yaml': b });
    // THEN cluster a fails in its own file, and b's provider does not count for a (nor a's default for b)
    expect(failures(r)).toEqual(['CP-OIDC a.yaml:3']);
    expect(r.findings[0]?.message).toMatch(/^cluster a:/);
    const both = checkFiles(rule, { 'a.yaml': a, 'c.yaml': a.replace('name: a', 'name: c') });
    expect(failures(both)).toEqual(['CP-OIDC a.yaml:3', 'CP-OIDC c.yaml:3']);
  });

  it('fails keelson addons.podIdentityAgent.enabled: false, passes the default', () => {
    const r = checkYaml(rule, 'name: prod\naccount: "123456789012"\nregion: eu-west-1\naddons:\n  podIdentityAgent:\n    enabled: false\n');
    expect(failures(r)).toEqual(['CP-OIDC in.yaml:6']);
    expect(checkYaml(rule, 'name: prod\naccount: "123456789012"\nregion: eu-west-1\n').findings).toEqual([]);
  });

  it('passes keelson\'s own synth output', { timeout: OWN_OUTPUT_TIMEOUT_MS }, async () => {
    const r = await checkOwnOutput(rule);
    expect(r.findings).toEqual([]);
    expect(r.rules).toEqual([{ ruleId: 'CP-OIDC', status: 'pass', targets: 1 }]);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('fails the simple eksctl example (withOIDC defaults to false), at metadata', () => {
      const r = checkFixtures(rule, ['eksctl/01-simple-cluster.yaml']);
      expect(failures(r)).toEqual(['CP-OIDC eksctl/01-simple-cluster.yaml:6']);
      expect(r.findings[0]?.message).toContain('iam.withOIDC is off by default');
    });
  });
});
