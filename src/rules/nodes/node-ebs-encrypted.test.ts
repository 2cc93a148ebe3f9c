import { describe, expect, it } from 'vitest';
import rule from './node-ebs-encrypted.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

const eksctl = (ng: string) => `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: eu-west-1}\nnodeGroups:\n  - name: a\n${ng}`;

describe('NODE-EBS-ENCRYPTED', () => {
  it('fails an unencrypted gp2 node group', () => {
    expect(failures(checkYaml(rule, eksctl('    volumeType: gp2\n')))).toEqual(['NODE-EBS-ENCRYPTED[encrypted] in.yaml:5', 'NODE-EBS-ENCRYPTED[gp3] in.yaml:6']);
  });

  it('passes an encrypted gp3 node group', () => {
    expect(checkYaml(rule, eksctl('    volumeType: gp3\n    volumeEncrypted: true\n')).findings).toEqual([]);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('accepts encryption but flags gp2 in the eksctl encrypted-volumes example', () => {
      expect(failures(checkFixtures(rule, ['eksctl/10-encrypted-volumes.yaml']))).toEqual(['NODE-EBS-ENCRYPTED[gp3] eksctl/10-encrypted-volumes.yaml:15', 'NODE-EBS-ENCRYPTED[gp3] eksctl/10-encrypted-volumes.yaml:22']);
    });

    it('flags the Bottlerocket EC2NodeClass whose explicit gp3 mappings omit encrypted', () => {
      const f = failures(checkFixtures(rule, ['karpenter/bottlerocket.yaml']));
      expect(f.length).toBeGreaterThan(0);
      expect(f.every((x) => x.startsWith('NODE-EBS-ENCRYPTED[encrypted] karpenter/bottlerocket.yaml:'))).toBe(true);
    });
  });
});
