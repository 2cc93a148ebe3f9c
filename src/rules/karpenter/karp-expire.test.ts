import { describe, expect, it } from 'vitest';
import rule from './karp-expire.js';
import { nodePool } from './karp-rules.fixtures.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

describe('KARP-EXPIRE', () => {
  it('fails expireAfter: Never at its line', () => {
    expect(failures(checkYaml(rule, nodePool('').replace('      requirements: []', '      requirements: []\n      expireAfter: Never')))).toEqual(['KARP-EXPIRE in.yaml:10']);
  });
  it('passes 720h', () => {
    expect(checkYaml(rule, nodePool('').replace('      requirements: []', '      requirements: []\n      expireAfter: 720h')).findings).toEqual([]);
  });
  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('passes the examples, which keep the 720h default', () => {
      const r = checkFixtures(rule, ['karpenter/general-purpose.yaml', 'karpenter/bottlerocket.yaml']);
      expect(r.rules[0]).toMatchObject({ status: 'pass', targets: 2 });
    });
  });
});
