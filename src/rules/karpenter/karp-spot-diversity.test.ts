import { describe, expect, it } from 'vitest';
import rule from './karp-spot-diversity.js';
import { nodePool } from './karp-rules.fixtures.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

const withReqs = (reqs: string) => nodePool('').replace('      requirements: []', `      requirements:\n${reqs}`);
const SPOT = '        - {key: karpenter.sh/capacity-type, operator: In, values: [spot]}\n';

describe('KARP-SPOT-DIVERSITY', () => {
  it('fails a spot pool pinned to one instance type, at its values', () => {
    expect(failures(checkYaml(rule, withReqs(`${SPOT}        - key: node.kubernetes.io/instance-type\n          operator: In\n          values: [m5.large]\n`)))).toEqual(['KARP-SPOT-DIVERSITY in.yaml:13']);
  });
  it('passes a spot pool constrained by category', () => {
    expect(checkYaml(rule, withReqs(`${SPOT}        - {key: karpenter.k8s.aws/instance-category, operator: In, values: [c, m, r]}\n`)).findings).toEqual([]);
  });
  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('passes the on-demand general-purpose example', () => {
      expect(checkFixtures(rule, ['karpenter/general-purpose.yaml']).rules[0]).toMatchObject({ status: 'pass', targets: 1 });
    });
  });
});
