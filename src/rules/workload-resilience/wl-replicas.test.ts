import { describe, expect, it } from 'vitest';
import rule from './wl-replicas.js';
import { deployment } from '../internal/manifests.js';
import { checkFiles, checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

describe('WL-REPLICAS', () => {
  it('fails an unset replica count (default 1) at spec', () => {
    expect(failures(checkYaml(rule, deployment()))).toEqual(['WL-REPLICAS in.yaml:7']);
  });

  it('passes 3 replicas', () => {
    expect(checkYaml(rule, deployment({ replicas: 3 })).findings).toEqual([]);
  });

  it('lets an HPA in another file own the count', () => {
    const hpa = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 5\n';
    expect(checkFiles(rule, { 'app.yaml': deployment({ replicas: 1 }), 'hpa.yaml': hpa }).findings).toEqual([]);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('flags the single-replica redis master of the guestbook', () => {
      expect(failures(checkFixtures(rule, ['k8s/guestbook-all-in-one.yaml']))).toEqual(['WL-REPLICAS k8s/guestbook-all-in-one.yaml:28']);
    });
  });
});
