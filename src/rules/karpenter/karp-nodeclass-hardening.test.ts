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
    const r = checkYaml(rule, bad);
    expect(failures(r)).toEqual(['KARP-NODECLASS-HARDENING[role] in.yaml:4', 'KARP-NODECLASS-HARDENING[security-groups] in.yaml:4', 'KARP-NODECLASS-HARDENING[subnets] in.yaml:4', 'KARP-NODECLASS-HARDENING[imds] in.yaml:6']);
    // each finding's fix is its own step, not the list of all four
    expect(r.findings.map((f) => [f.id, f.fix])).toEqual([
      ['KARP-NODECLASS-HARDENING[role]', expect.stringMatching(/^set spec\.role /)],
      ['KARP-NODECLASS-HARDENING[security-groups]', expect.stringMatching(/^set spec\.securityGroupSelectorTerms: /)],
      ['KARP-NODECLASS-HARDENING[subnets]', expect.stringMatching(/^set spec\.subnetSelectorTerms: /)],
      ['KARP-NODECLASS-HARDENING[imds]', 'set spec.metadataOptions: {httpTokens: required, httpPutResponseHopLimit: 1}'],
    ]);
  });
  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('passes general-purpose and flags the unencrypted explicit mapping of bottlerocket', () => {
      expect(checkFixtures(rule, ['karpenter/general-purpose.yaml']).findings).toEqual([]);
      const f = failures(checkFixtures(rule, ['karpenter/bottlerocket.yaml']));
      expect(f).toHaveLength(1);
      expect(f).toEqual(['KARP-NODECLASS-HARDENING[root-volume] karpenter/bottlerocket.yaml:58']);
      expect(checkFixtures(rule, ['karpenter/bottlerocket.yaml']).findings[0]?.fix).toMatch(/^set encrypted: true and volumeType: gp3 on the root volume/);
    });
  });
});
