import { describe, expect, it } from 'vitest';
import rule from './wl-topology.js';
import { deployment } from '../internal/manifests.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

describe('WL-TOPOLOGY', () => {
  it('fails 3 replicas without a zone spread, at the pod spec', () => {
    expect(failures(checkYaml(rule, deployment({ replicas: 3 })))).toEqual(['WL-TOPOLOGY in.yaml:16']);
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
  });
});
