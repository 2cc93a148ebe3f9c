import { describe, expect, it } from 'vitest';
import rule from './sec-pod-restricted.js';
import { deployment, RESTRICTED_CONTAINER } from '../internal/manifests.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

describe('SEC-POD-RESTRICTED', () => {
  it('reports each missing setting of a bare container', () => {
    const ids = failures(checkYaml(rule, deployment())).map((f) => f.split(' ')[0]);
    expect(ids).toEqual(['SEC-POD-RESTRICTED[capabilities]', 'SEC-POD-RESTRICTED[privilege-escalation]', 'SEC-POD-RESTRICTED[read-only-root]', 'SEC-POD-RESTRICTED[run-as-non-root]', 'SEC-POD-RESTRICTED[seccomp]']);
  });

  it('passes a restricted container', () => {
    expect(checkYaml(rule, deployment({ container: RESTRICTED_CONTAINER })).findings).toEqual([]);
  });

  it('flags privileged at its line', () => {
    const r = checkYaml(rule, deployment({ container: `${RESTRICTED_CONTAINER}\n            privileged: true` }));
    expect(failures(r)).toEqual(['SEC-POD-RESTRICTED[privileged] in.yaml:25']);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('flags the tensorflow serving container, which sets no securityContext', () => {
      const f = failures(checkFixtures(rule, ['k8s/tensorflow-model-serving-deployment.yaml']));
      expect(f).toHaveLength(5);
      expect(f.every((x) => x.endsWith('k8s/tensorflow-model-serving-deployment.yaml:18'))).toBe(true);
    });
  });
});
