import { describe, expect, it } from 'vitest';
import rule from './sec-image-tag.js';
import { deployment } from '../internal/manifests.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

describe('SEC-IMAGE-TAG', () => {
  it('fails latest and untagged images at the image line', () => {
    // GIVEN two Deployments, one on :latest and one untagged
    const r = checkYaml(rule, `${deployment({ name: 'a', image: 'nginx:latest' })}---\n${deployment({ name: 'b', image: 'nginx' })}`);
    // THEN each fails with its own sub-id on line 18 of its document
    expect(failures(r)).toEqual(['SEC-IMAGE-TAG[latest] in.yaml:18', 'SEC-IMAGE-TAG[untagged] in.yaml:37']);
  });

  it('passes version tags, digests and registry ports', () => {
    const r = checkYaml(rule, `${deployment({ image: 'localhost:5000/web:1.0' })}---\n${deployment({ name: 'b', image: 'nginx@sha256:abc' })}`);
    expect(r.findings).toEqual([]);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('passes the tagged images of the guestbook and podinfo examples', () => {
      const r = checkFixtures(rule, ['k8s/guestbook-all-in-one.yaml', 'k8s/podinfo-deployment.yaml']);
      expect(r.findings).toEqual([]);
      expect(r.rules[0]?.targets).toBe(4);
    });
  });
});
