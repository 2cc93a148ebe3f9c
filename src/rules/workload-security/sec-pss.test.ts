import { describe, expect, it } from 'vitest';
import rule from './sec-pss.js';
import { deployment } from '../internal/manifests.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

const ns = (labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n${labels}`;

describe('SEC-PSS', () => {
  it('fails a namespace that only enforces baseline', () => {
    const r = checkYaml(rule, ns('    pod-security.kubernetes.io/enforce: baseline\n'));
    expect(failures(r)).toEqual(['SEC-PSS[audit] in.yaml:5', 'SEC-PSS[warn] in.yaml:5', 'SEC-PSS[enforce] in.yaml:6']);
  });

  it('passes restricted for enforce, audit and warn', () => {
    const r = checkYaml(rule, ns('    pod-security.kubernetes.io/enforce: restricted\n    pod-security.kubernetes.io/audit: restricted\n    pod-security.kubernetes.io/warn: restricted\n'));
    expect(r.findings).toEqual([]);
  });

  it('is not evaluated for a namespace used but not declared', () => {
    const r = checkYaml(rule, deployment({ namespace: 'shop' }));
    expect(r.findings.map((f) => f.outcome)).toEqual(['not-evaluated']);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('has no evidence in the namespace-less examples', () => {
      const r = checkFixtures(rule, ['k8s/guestbook-all-in-one.yaml']);
      expect(r.rules[0]).toMatchObject({ status: 'not-evaluated', targets: 0 });
    });
  });
});
