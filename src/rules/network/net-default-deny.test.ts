import { describe, expect, it } from 'vitest';
import rule from './net-default-deny.js';
import { deployment } from '../internal/manifests.js';
import { checkFiles, checkFixtures, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

const policy = (ns: string, types: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: ${ns}}\nspec:\n  podSelector: {}\n  policyTypes: [${types}]\n`;

describe('NET-DEFAULT-DENY', () => {
  it('fails a namespace with only an ingress default deny', () => {
    const r = checkFiles(rule, { 'app.yaml': deployment({ namespace: 'shop' }), 'np.yaml': policy('shop', 'Ingress') });
    expect(failures(r)).toEqual(['NET-DEFAULT-DENY[egress] app.yaml:5']);
  });

  it('passes with a default deny for both directions in another file', () => {
    expect(checkFiles(rule, { 'app.yaml': deployment({ namespace: 'shop' }), 'np.yaml': policy('shop', 'Ingress, Egress') }).findings).toEqual([]);
  });

  it('does not count a policy that selects only some pods', () => {
    const np = policy('shop', 'Ingress, Egress').replace('podSelector: {}', 'podSelector: {matchLabels: {app: web}}');
    expect(failures(checkFiles(rule, { 'app.yaml': deployment({ namespace: 'shop' }), 'np.yaml': np }))).toHaveLength(2);
  });

  it('ignores system namespaces', () => {
    expect(checkFiles(rule, { 'app.yaml': deployment({ namespace: 'kube-system' }) }).rules[0]?.targets).toBe(0);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('flags the guestbook, which ships no NetworkPolicy', () => {
      expect(failures(checkFixtures(rule, ['k8s/guestbook-all-in-one.yaml']))).toEqual(['NET-DEFAULT-DENY[egress] k8s/guestbook-all-in-one.yaml:18', 'NET-DEFAULT-DENY[ingress] k8s/guestbook-all-in-one.yaml:18']);
    });
  });
});
