import { describe, expect, it } from 'vitest';
import rule from './karp-budgets.js';
import { nodePool } from './karp-rules.fixtures.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

describe('KARP-BUDGETS', () => {
  it('fails a NodePool without budgets', () => {
    expect(failures(checkYaml(rule, nodePool('')))).toEqual(['KARP-BUDGETS in.yaml:5']);
  });
  it('passes explicit budgets', () => {
    expect(checkYaml(rule, nodePool('  disruption:\n    budgets: [{nodes: "10%"}]\n')).findings).toEqual([]);
  });
  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('flags the general-purpose example', () => {
      expect(failures(checkFixtures(rule, ['karpenter/general-purpose.yaml']))).toEqual(['KARP-BUDGETS karpenter/general-purpose.yaml:9']);
    });
  });
});
