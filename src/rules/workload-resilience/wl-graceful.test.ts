import { describe, expect, it } from 'vitest';
import rule from './wl-graceful.js';
import { deployment } from '../internal/manifests.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

const withGrace = (s: number) => deployment().replace('      containers:', `      terminationGracePeriodSeconds: ${s}\n      containers:`);

describe('WL-GRACEFUL', () => {
  it('fails a 300 s grace period at its line', () => {
    expect(failures(checkYaml(rule, withGrace(300)))).toEqual(['WL-GRACEFUL in.yaml:16']);
  });
  it('passes 60 s and the 30 s default', () => {
    expect(checkYaml(rule, withGrace(60)).findings).toEqual([]);
    expect(checkYaml(rule, deployment()).findings).toEqual([]);
  });
  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('passes the guestbook (default grace period)', () => {
      expect(checkFixtures(rule, ['k8s/guestbook-all-in-one.yaml']).rules[0]).toMatchObject({ status: 'pass', targets: 3 });
    });
  });
});
