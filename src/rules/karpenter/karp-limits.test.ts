import { describe, expect, it } from 'vitest';
import rule from './karp-limits.js';
import { nodePool } from './karp-rules.fixtures.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

describe('KARP-LIMITS', () => {
  it('fails each missing limit', () => {
    expect(failures(checkYaml(rule, nodePool('')))).toEqual(['KARP-LIMITS[cpu] in.yaml:5', 'KARP-LIMITS[memory] in.yaml:5']);
  });
  it('passes cpu and memory limits', () => {
    expect(checkYaml(rule, nodePool('  limits: {cpu: "100", memory: 400Gi}\n')).findings).toEqual([]);
  });
  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('flags only the memory limit of the 100-cpu-limit example, at limits', () => {
      expect(failures(checkFixtures(rule, ['karpenter/100-cpu-limit.yaml']))).toEqual(['KARP-LIMITS[memory] karpenter/100-cpu-limit.yaml:34']);
    });
  });
});
