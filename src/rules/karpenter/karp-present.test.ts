import { describe, expect, it } from 'vitest';
import rule from './karp-present.js';
import { nodePool } from './karp-rules.fixtures.js';
import { checkFiles, checkFixtures, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

const nodeClass = 'apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata: {name: default}\nspec: {role: r}\n';

describe('KARP-PRESENT', () => {
  it('fails a NodePool whose EC2NodeClass is missing, at nodeClassRef', () => {
    expect(failures(checkFiles(rule, { 'np.yaml': nodePool('') }))).toEqual(['KARP-PRESENT np.yaml:8']);
  });
  it('passes when the EC2NodeClass is in another file', () => {
    expect(checkFiles(rule, { 'np.yaml': nodePool(''), 'nc.yaml': nodeClass }).findings).toEqual([]);
  });
  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('resolves the nodeClassRef of the general-purpose example', () => {
      expect(checkFixtures(rule, ['karpenter/general-purpose.yaml']).rules[0]).toMatchObject({ status: 'pass', targets: 1 });
    });
  });
});
