import { describe, expect, it } from 'vitest';
import rule from './cp-version.js';
import { EKS_VERSIONS } from './eks-versions.data.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

const eksctl = (version: string) => `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n  region: eu-west-1\n  version: "${version}"\n`;
const v132 = EKS_VERSIONS.find((e) => e.version === '1.32')!;

describe('CP-VERSION', () => {
  it('fails a version past its end of standard support, at the version', () => {
    expect(failures(checkYaml(rule, eksctl('1.32'), { today: '2026-06-01' }))).toEqual(['CP-VERSION[standard-support] in.yaml:6']);
    expect(v132.endOfStandardSupport < '2026-06-01').toBe(true);
  });

  it('warns within 90 days of the end', () => {
    expect(failures(checkYaml(rule, eksctl('1.32'), { today: '2026-01-15' }))).toEqual(['CP-VERSION[ending-soon] in.yaml:6']);
  });

  it('passes a version well inside standard support', () => {
    expect(checkYaml(rule, eksctl('1.35'), { today: '2026-06-01' }).findings).toEqual([]);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('is not evaluated for eksctl examples that leave the version to eksctl', () => {
      const r = checkFixtures(rule, ['eksctl/01-simple-cluster.yaml'], { today: '2026-06-01' });
      expect(r.findings.map((f) => f.outcome)).toEqual(['not-evaluated']);
    });
  });
});
