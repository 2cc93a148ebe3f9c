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

  it('judges the mapping Karpenter uses as root: rootVolume, else Bottlerocket\'s data volume /dev/xvdb, else /dev/xvda', () => {
    const nodeClass = (alias: string, mappings: string) => `apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata: {name: n}\nspec:\n  amiSelectorTerms:\n    - alias: ${alias}\n  blockDeviceMappings:\n${mappings}`;
    // GIVEN an encrypted OS volume and an unencrypted data volume (lines 8-9 and 10-11)
    const osEncrypted = '    - deviceName: /dev/xvda\n      ebs: {volumeType: gp3, volumeSize: 4Gi, encrypted: true}\n    - deviceName: /dev/xvdb\n      ebs: {volumeType: gp3, volumeSize: 20Gi}\n';
    expect(failures(checkYaml(rule, nodeClass('bottlerocket@latest', osEncrypted)))).toEqual(['NODE-EBS-ENCRYPTED[encrypted] in.yaml:11']);
    expect(checkYaml(rule, nodeClass('al2023@latest', osEncrypted)).findings).toEqual([]);
    const marked = osEncrypted.replace('    - deviceName: /dev/xvdb\n', '    - deviceName: /dev/xvdb\n      rootVolume: true\n');
    expect(failures(checkYaml(rule, nodeClass('al2023@latest', marked)))).toEqual(['NODE-EBS-ENCRYPTED[encrypted] in.yaml:12']);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('accepts encryption but flags gp2 in the eksctl encrypted-volumes example', () => {
      expect(failures(checkFixtures(rule, ['eksctl/10-encrypted-volumes.yaml']))).toEqual(['NODE-EBS-ENCRYPTED[gp3] eksctl/10-encrypted-volumes.yaml:15', 'NODE-EBS-ENCRYPTED[gp3] eksctl/10-encrypted-volumes.yaml:22']);
    });

    it('flags the Bottlerocket EC2NodeClass whose explicit gp3 mappings omit encrypted', () => {
      const f = failures(checkFixtures(rule, ['karpenter/bottlerocket.yaml']));
      // the data volume /dev/xvdb holds the pods' images and ephemeral storage: it is the one judged
      expect(f).toEqual(['NODE-EBS-ENCRYPTED[encrypted] karpenter/bottlerocket.yaml:58']);
    });
  });
});
