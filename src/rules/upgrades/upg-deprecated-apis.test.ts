import { describe, expect, it } from 'vitest';
import rule from './upg-deprecated-apis.js';
import { DEPRECATED_APIS } from './deprecated-apis.data.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

describe('UPG-DEPRECATED-APIS', () => {
  it('fails an API removed before the target version, at apiVersion', () => {
    const r = checkYaml(rule, 'kind: PodDisruptionBudget\napiVersion: policy/v1beta1\nmetadata: {name: x}\n', { targetVersion: '1.30' });
    expect(failures(r)).toEqual(['UPG-DEPRECATED-APIS[removed] in.yaml:2']);
    expect(r.findings[0]?.fix).toBe('use policy/v1');
  });

  it('passes the same API when the target is older than its removal', () => {
    expect(checkYaml(rule, 'kind: PodDisruptionBudget\napiVersion: policy/v1beta1\nmetadata: {name: x}\n', { targetVersion: '1.20' }).findings.filter((f) => f.id.endsWith('[removed]'))).toEqual([]);
  });

  it('fails Karpenter v1beta1 NodePools', () => {
    expect(failures(checkYaml(rule, 'apiVersion: karpenter.sh/v1beta1\nkind: NodePool\nmetadata: {name: x}\n'))).toEqual(['UPG-DEPRECATED-APIS[removed] in.yaml:1']);
  });

  it('embeds the pluto table with its attribution', () => {
    expect(DEPRECATED_APIS.length).toBeGreaterThan(80);
    expect(DEPRECATED_APIS.some((d) => d.apiVersion === 'extensions/v1beta1' && d.kind === 'Ingress')).toBe(true);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('passes the current apiVersions of the real-world manifests', () => {
      const r = checkFixtures(rule, ['k8s/guestbook-all-in-one.yaml', 'k8s/podinfo-hpa.yaml', 'karpenter/general-purpose.yaml']);
      expect(r.findings).toEqual([]);
      expect(r.rules[0]?.targets).toBeGreaterThan(5);
    });
  });
});
