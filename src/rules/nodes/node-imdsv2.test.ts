import { describe, expect, it } from 'vitest';
import rule from './node-imdsv2.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

const nodeClass = (meta: string) => `apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata: {name: default}\nspec:\n  role: r\n${meta}`;

describe('NODE-IMDSV2', () => {
  it('fails an EC2NodeClass with optional tokens and hop limit 2', () => {
    const r = checkYaml(rule, nodeClass('  metadataOptions:\n    httpTokens: optional\n    httpPutResponseHopLimit: 2\n'));
    expect(failures(r)).toEqual(['NODE-IMDSV2[http-tokens] in.yaml:7', 'NODE-IMDSV2[hop-limit] in.yaml:8']);
  });

  it('passes Karpenter v1 defaults (required, hop limit 1)', () => {
    expect(checkYaml(rule, nodeClass('')).findings).toEqual([]);
  });

  it('passes an eksctl node group that blocks pod IMDS access', () => {
    const r = checkYaml(rule, 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: eu-west-1}\nmanagedNodeGroups:\n  - name: a\n    disablePodIMDS: true\n');
    expect(r.findings).toEqual([]);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('fails disableIMDSv1: false in the eksctl advanced example at that line', () => {
      const r = checkFixtures(rule, ['eksctl/05-advanced-nodegroups.yaml']);
      expect(failures(r)).toEqual(['NODE-IMDSV2[http-tokens] eksctl/05-advanced-nodegroups.yaml:20']);
      // eksctl sets the hop limit itself: not evaluated, never a silent pass
      expect(r.findings.filter((f) => f.outcome === 'not-evaluated').map((f) => f.id)).toEqual(['NODE-IMDSV2[hop-limit]', 'NODE-IMDSV2[hop-limit]', 'NODE-IMDSV2[hop-limit]']);
    });
  });
});
