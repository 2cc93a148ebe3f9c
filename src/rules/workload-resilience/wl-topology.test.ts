import { describe, expect, it } from 'vitest';
import rule from './wl-topology.js';
import { deployment } from '../internal/manifests.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

describe('WL-TOPOLOGY', () => {
  it('fails 3 replicas without a zone spread, at the pod spec', () => {
    expect(failures(checkYaml(rule, deployment({ replicas: 3 })))).toEqual(['WL-TOPOLOGY in.yaml:16']);
  });
  it('judges a one-replica Deployment whose HPA scales it out, and leaves one with an HPA capped at 1 alone', () => {
    // GIVEN spec.replicas unset (1) and an HPA that owns the count, as kustomize bases like podinfo write them
    const hpa = (max: number) => `---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 1\n  maxReplicas: ${max}\n`;
    expect(failures(checkYaml(rule, `${deployment({ replicas: 1 })}${hpa(4)}`))).toEqual(['WL-TOPOLOGY in.yaml:16']);
    expect(checkYaml(rule, `${deployment({ replicas: 1 })}${hpa(1)}`).findings).toEqual([]);
  });

  it('passes a zone topology spread', () => {
    const spread = deployment({ replicas: 3 }).replace('      containers:', '      topologySpreadConstraints:\n        - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway}\n      containers:');
    expect(checkYaml(rule, spread).findings).toEqual([]);
  });
  it('passes zone anti-affinity', () => {
    const anti = deployment({ replicas: 3 }).replace('      containers:', '      affinity:\n        podAntiAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n            - weight: 100\n              podAffinityTerm: {topologyKey: topology.kubernetes.io/zone}\n      containers:');
    expect(checkYaml(rule, anti).findings).toEqual([]);
  });
  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('flags the multi-replica guestbook Deployments but not the single redis master', () => {
      expect(failures(checkFixtures(rule, ['k8s/guestbook-all-in-one.yaml'])).map((f) => f.split(':')[0])).toEqual(['WL-TOPOLOGY k8s/guestbook-all-in-one.yaml', 'WL-TOPOLOGY k8s/guestbook-all-in-one.yaml']);
    });

    it('flags podinfo, one replica in the Deployment but up to 4 through its HPA', () => {
      expect(failures(checkFixtures(rule, ['k8s/podinfo-deployment.yaml', 'k8s/podinfo-hpa.yaml']))).toEqual(['WL-TOPOLOGY k8s/podinfo-deployment.yaml:23']);
      expect(failures(checkFixtures(rule, ['k8s/podinfo-deployment.yaml']))).toEqual([]);
    });
  });
});
