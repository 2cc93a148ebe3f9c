import { describe, expect, it } from 'vitest';
import rule from './cp-secrets-kms.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

const cfn = (extra: string) => `Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n${extra}      Description: k\n  C:\n    Type: AWS::EKS::Cluster\n    Properties:\n      EncryptionConfig:\n        - Resources: [secrets]\n          Provider: {KeyArn: !GetAtt Key.Arn}\n`;

describe('CP-SECRETS-KMS', () => {
  it('fails a CloudFormation cluster without EncryptionConfig', () => {
    const r = checkYaml(rule, 'Resources:\n  C:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: c\n');
    expect(failures(r)).toEqual(['CP-SECRETS-KMS[key] in.yaml:4']);
  });

  it('fails a key in the same template without rotation, at the key', () => {
    expect(failures(checkYaml(rule, cfn('')))).toEqual(['CP-SECRETS-KMS[rotation] in.yaml:4']);
  });

  it('passes a rotating key in the same template', () => {
    expect(checkYaml(rule, cfn('      EnableKeyRotation: true\n')).findings).toEqual([]);
  });

  it('passes keelson defaults (keelson creates a rotating key)', () => {
    expect(checkYaml(rule, 'name: prod\naccount: "123456789012"\nregion: eu-west-1\n').findings).toEqual([]);
  });

  it('leaves rotation of an external eksctl key not evaluated', () => {
    const r = checkYaml(rule, 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: eu-west-1}\nsecretsEncryption:\n  keyARN: arn:aws:kms:eu-west-1:123456789012:key/abc\n');
    expect(r.findings.map((f) => [f.id, f.outcome, f.location.line])).toEqual([['CP-SECRETS-KMS[rotation]', 'not-evaluated', 5]]);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('fails the eksctl examples, which do not encrypt Secrets', () => {
      expect(failures(checkFixtures(rule, ['eksctl/03-two-nodegroups.yaml']))).toEqual(['CP-SECRETS-KMS[key] eksctl/03-two-nodegroups.yaml:3']);
    });
  });
});
