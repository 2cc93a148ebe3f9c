import { describe, expect, it } from 'vitest';
import rule from './karp-nodeclass-hardening.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

const GOOD = 'apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata: {name: default}\nspec:\n  role: KarpenterNodeRole-prod\n  amiSelectorTerms: [{alias: al2023@v20250505}]\n  subnetSelectorTerms: [{tags: {karpenter.sh/discovery: prod}}]\n  securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: prod}}]\n';

describe('KARP-NODECLASS-HARDENING', () => {
  it('passes a class on Karpenter v1 defaults with selectors and a role', () => {
    expect(checkYaml(rule, GOOD).findings).toEqual([]);
  });
  it('fails hop limit 2, missing selectors and role, each at its field', () => {
    const bad = 'apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata: {name: default}\nspec:\n  metadataOptions:\n    httpPutResponseHopLimit: 2\n';
    expect(failures(checkYaml(rule, bad))).toEqual(['KARP-NODECLASS-HARDENING[role] in.yaml:4', 'KARP-NODECLASS-HARDENING[security-groups] in.yaml:4', 'KARP-NODECLASS-HARDENING[subnets] in.yaml:4', 'KARP-NODECLASS-HARDENING[imds] in.yaml:6']);
  });
  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('passes general-purpose and flags the unencrypted explicit mapping of bottlerocket', () => {
      expect(checkFixtures(rule, ['karpenter/general-purpose.yaml']).findings).toEqual([]);
      const f = failures(checkFixtures(rule, ['karpenter/bottlerocket.yaml']));
      expect(f).toHaveLength(1);
      expect(f[0]).toMatch(/^KARP-NODECLASS-HARDENING\[root-volume\] karpenter\/bottlerocket\.yaml:\d+$/);
    });
  });
});
