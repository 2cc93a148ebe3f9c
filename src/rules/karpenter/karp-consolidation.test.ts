import { describe, expect, it } from 'vitest';
import rule from './karp-consolidation.js';
import { nodePool } from './karp-rules.fixtures.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

describe('KARP-CONSOLIDATION', () => {
  it('fails WhenEmpty with consolidateAfter 0s', () => {
    expect(failures(checkYaml(rule, nodePool('  disruption:\n    consolidationPolicy: WhenEmpty\n    consolidateAfter: 0s\n')))).toEqual(['KARP-CONSOLIDATION[policy] in.yaml:11', 'KARP-CONSOLIDATION[consolidate-after] in.yaml:12']);
  });
  it('passes WhenEmptyOrUnderutilized after 1m', () => {
    expect(checkYaml(rule, nodePool('  disruption:\n    consolidationPolicy: WhenEmptyOrUnderutilized\n    consolidateAfter: 1m\n')).findings).toEqual([]);
  });
  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('flags the immediate consolidation default of the general-purpose example', () => {
      expect(failures(checkFixtures(rule, ['karpenter/general-purpose.yaml']))).toEqual(['KARP-CONSOLIDATION[consolidate-after] karpenter/general-purpose.yaml:9']);
    });
  });
});
