import { describe, expect, it } from 'vitest';
import rule from './wl-resources.js';
import { deployment, RESOURCES } from '../internal/manifests.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

describe('WL-RESOURCES', () => {
  it('reports the missing memory limit at resources.limits', () => {
    const r = checkYaml(rule, deployment({ container: '          resources:\n            requests: {cpu: 100m, memory: 128Mi}' }));
    expect(failures(r)).toEqual(['WL-RESOURCES[limits.memory] in.yaml:19']);
  });

  it('passes requests and a memory limit', () => {
    expect(checkYaml(rule, deployment({ container: RESOURCES })).findings).toEqual([]);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('passes podinfo and flags all three on tensorflow serving', () => {
      expect(checkFixtures(rule, ['k8s/podinfo-deployment.yaml']).findings).toEqual([]);
      expect(failures(checkFixtures(rule, ['k8s/tensorflow-model-serving-deployment.yaml'])).map((f) => f.split(' ')[0])).toEqual(['WL-RESOURCES[limits.memory]', 'WL-RESOURCES[requests.cpu]', 'WL-RESOURCES[requests.memory]']);
    });
  });
});
