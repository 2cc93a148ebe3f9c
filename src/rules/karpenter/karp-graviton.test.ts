import { describe, expect, it } from 'vitest';
import rule from './karp-graviton.js';
import { nodePool } from './karp-rules.fixtures.js';
import { deployment } from '../internal/manifests.js';
import { checkFiles, checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

const withReqs = (reqs: string, name = 'default') => nodePool('', name).replace('      requirements: []', `      requirements:\n${reqs}`);
const AMD64 = '        - key: kubernetes.io/arch\n          operator: In\n          values: [amd64]\n';

describe('KARP-GRAVITON', () => {
  it('fails an amd64-only NodePool at the arch values', () => {
    // GIVEN the arch requirement's values on line 12
    expect(failures(checkYaml(rule, withReqs(AMD64)))).toEqual(['KARP-GRAVITON in.yaml:12']);
  });

  it('fails instance families without a Graviton one, at their values', () => {
    const r = checkYaml(rule, withReqs('        - {key: karpenter.k8s.aws/instance-family, operator: In, values: [m5, c5, g5]}\n'));
    expect(failures(r)).toEqual(['KARP-GRAVITON in.yaml:10']);
    expect(r.findings[0]?.message).toContain('no Graviton family');
  });

  it('passes the guide\'s arm64 pool, both architectures, no arch requirement, and Graviton families', () => {
    for (const reqs of [
      '        - {key: kubernetes.io/arch, operator: In, values: [arm64]}\n',
      '        - {key: kubernetes.io/arch, operator: In, values: [arm64, amd64]}\n',
      '        - {key: karpenter.k8s.aws/instance-category, operator: In, values: [c, m, r]}\n',
      '        - {key: karpenter.k8s.aws/instance-family, operator: In, values: [m7g, c7i]}\n',
    ]) {
      const r = checkYaml(rule, withReqs(reqs));
      expect(r.findings, reqs).toEqual([]);
      expect(r.rules[0]?.status).toBe('pass');
    }
  });

  it('passes an amd64 pool beside an arm64 pool', () => {
    const arm = withReqs('        - {key: kubernetes.io/arch, operator: In, values: [arm64]}\n', 'arm');
    expect(checkYaml(rule, `${withReqs(AMD64)}---\n${arm}`).findings).toEqual([]);
  });

  it('passes an amd64 pool when every workload pins amd64 (its images are not multi-arch), fails when one does not', () => {
    const pinned = deployment({ name: 'legacy', namespace: 'shop' }).replace('      containers:', '      nodeSelector: {kubernetes.io/arch: amd64}\n      containers:');
    expect(checkFiles(rule, { 'pool.yaml': withReqs(AMD64), 'app.yaml': pinned }).findings).toEqual([]);
    const other = deployment({ name: 'web', namespace: 'shop' });
    expect(failures(checkFiles(rule, { 'pool.yaml': withReqs(AMD64), 'app.yaml': `${pinned}---\n${other}` }))).toEqual(['KARP-GRAVITON pool.yaml:12']);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('fails the amd64-only general-purpose example at its arch values', () => {
      expect(failures(checkFixtures(rule, ['karpenter/general-purpose.yaml']))).toEqual(['KARP-GRAVITON karpenter/general-purpose.yaml:15']);
    });
  });
});
