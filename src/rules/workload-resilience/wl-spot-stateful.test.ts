import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from './wl-spot-stateful.js';
import { deployment } from '../internal/manifests.js';
import { checkFiles, checkYaml, failures, hasSharedFixtures, sharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';
import { ownManifests } from '../internal/own-manifests.js';

const POOL = (capacity: string, extra = '') => `apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: ${capacity === 'on-demand' ? 'on-demand' : 'mixed'}
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements:
        - key: karpenter.sh/capacity-type
          operator: In
          values: [${capacity}]
${extra}`;
const SPOT_POOL = POOL('spot, on-demand');
// A PostgreSQL StatefulSet as operators write one, with the scheduling part under test.
const POSTGRES = (pod = '') => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: postgres
  namespace: data
spec:
  serviceName: postgres
  replicas: 3
  selector:
    matchLabels: {app: postgres}
  template:
    metadata:
      labels: {app: postgres}
    spec:
${pod}      containers:
        - name: postgres
          image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/postgres:16.4
          volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
  volumeClaimTemplates:
    - metadata: {name: data}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 100Gi}}}
`;

describe('WL-SPOT-STATEFUL', () => {
  it('fails a StatefulSet that a spot NodePool in another file can take, at its pod spec', () => {
    const r = checkFiles(rule, { 'db.yaml': POSTGRES(), 'pools.yaml': SPOT_POOL });
    expect(failures(r)).toEqual(['WL-SPOT-STATEFUL db.yaml:14']);
    expect(r.findings[0]?.message).toMatch(/NodePool mixed allows spot/);
  });

  it('passes with nodeSelector capacity-type on-demand', () => {
    const r = checkFiles(rule, { 'db.yaml': POSTGRES('      nodeSelector:\n        karpenter.sh/capacity-type: on-demand\n'), 'pools.yaml': SPOT_POOL });
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('passes with a required node affinity excluding spot, and fails a preferred one', () => {
    const required = '      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n              - matchExpressions: [{key: karpenter.sh/capacity-type, operator: NotIn, values: [spot]}]\n';
    expect(checkFiles(rule, { 'db.yaml': POSTGRES(required), 'pools.yaml': SPOT_POOL }).findings).toEqual([]);
    const preferred = '      affinity:\n        nodeAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n            - weight: 100\n              preference: {matchExpressions: [{key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}]}\n';
    expect(failures(checkFiles(rule, { 'db.yaml': POSTGRES(preferred), 'pools.yaml': SPOT_POOL }))).toHaveLength(1);
  });

  it('fails a stateful pod that selects spot, at the selector, even without NodePools in the inputs', () => {
    expect(failures(checkYaml(rule, POSTGRES('      nodeSelector:\n        eks.amazonaws.com/capacityType: SPOT\n')))).toEqual(['WL-SPOT-STATEFUL in.yaml:16']);
  });

  it('passes when the only spot pool is tainted and the pods do not tolerate it, or need a label it does not set', () => {
    const tainted = POOL('spot', '      taints: [{key: spot, value: "true", effect: NoSchedule}]\n');
    expect(checkFiles(rule, { 'db.yaml': POSTGRES(), 'pools.yaml': tainted }).findings).toEqual([]);
    const labelled = POSTGRES('      nodeSelector:\n        workload-type: database\n');
    expect(checkFiles(rule, { 'db.yaml': labelled, 'pools.yaml': SPOT_POOL }).findings).toEqual([]);
  });

  it('passes when every NodePool is on-demand (Karpenter\'s default without a capacity-type requirement too)', () => {
    const noReq = 'apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: default}\nspec:\n  template:\n    spec:\n      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}\n';
    expect(checkFiles(rule, { 'db.yaml': POSTGRES(), 'a.yaml': POOL('on-demand'), 'b.yaml': noReq }).findings).toEqual([]);
  });

  it('is not evaluated for an unconstrained StatefulSet when no NodePool is in the inputs; stateless Deployments are not judged', () => {
    expect(checkYaml(rule, POSTGRES()).rules[0]?.status).toBe('not-evaluated');
    expect(checkFiles(rule, { 'web.yaml': deployment(), 'pools.yaml': SPOT_POOL }).findings).toEqual([]);
  });

  describe('node groups of cluster definitions', () => {
    const EKSCTL = (groups: string, extra = '') => `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: prod, region: eu-west-1}\n${extra}managedNodeGroups:\n${groups}`;
    it('fails a StatefulSet beside an eksctl spot managed node group, naming it', () => {
      const r = checkFiles(rule, { 'cluster.yaml': EKSCTL('  - {name: spot-workers, spot: true, instanceTypes: [m6i.large, m5.large]}\n'), 'db.yaml': POSTGRES() });
      expect(failures(r)).toEqual(['WL-SPOT-STATEFUL db.yaml:14']);
      expect(r.findings[0]?.message).toMatch(/managedNodeGroups spot-workers allows spot/);
    });

    it('passes on-demand node groups, and a pod pinned to ON_DEMAND beside a spot group', () => {
      expect(checkFiles(rule, { 'cluster.yaml': EKSCTL('  - {name: workers, instanceType: m6i.large}\n'), 'db.yaml': POSTGRES() }).rules[0]?.status).toBe('pass');
      const pinned = POSTGRES('      nodeSelector:\n        eks.amazonaws.com/capacityType: ON_DEMAND\n');
      expect(checkFiles(rule, { 'cluster.yaml': EKSCTL('  - {name: spot-workers, spot: true}\n  - {name: workers}\n'), 'db.yaml': pinned }).findings).toEqual([]);
    });

    it('reads CloudFormation CapacityType and taints (a tainted spot group keeps intolerant pods off)', () => {
      const cfn = (taints: string) => `Resources:\n  Spot:\n    Type: AWS::EKS::Nodegroup\n    Properties:\n      ClusterName: prod\n      CapacityType: SPOT\n${taints}`;
      expect(failures(checkFiles(rule, { 'stack.yaml': cfn(''), 'db.yaml': POSTGRES() }))).toHaveLength(1);
      expect(checkFiles(rule, { 'stack.yaml': cfn('      Taints: [{Key: spot, Value: "true", Effect: NO_SCHEDULE}]\n'), 'db.yaml': POSTGRES() }).findings).toEqual([]);
    });

    it('is not evaluated when the cluster runs Karpenter whose NodePools are not in the inputs', () => {
      const r = checkFiles(rule, { 'cluster.yaml': EKSCTL('  - {name: workers}\n', 'karpenter: {version: "1.14.1"}\n'), 'db.yaml': POSTGRES() });
      expect(r.rules[0]?.status).toBe('not-evaluated');
    });
  });

  it('fails a stateful pod beside keelson\'s own NodePool (the guide\'s spot + on-demand pool)', () => {
    const r = checkFiles(rule, { ...ownManifests(), 'db.yaml': POSTGRES() });
    expect(failures(r)).toEqual(['WL-SPOT-STATEFUL db.yaml:14']);
    expect(r.findings[0]?.message).toMatch(/NodePool general-purpose allows spot/);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    const fixture = (p: string) => readFileSync(path.join(sharedFixtures, p), 'utf8');
    it('fails tensorflow serving (a Deployment on a PVC) beside a spot pool, and passes it beside the on-demand general-purpose example', () => {
      const tf = fixture('k8s/tensorflow-model-serving-deployment.yaml');
      expect(failures(checkFiles(rule, { 'tf.yaml': tf, 'pools.yaml': SPOT_POOL }))).toEqual(['WL-SPOT-STATEFUL tf.yaml:16']);
      expect(checkFiles(rule, { 'tf.yaml': tf, 'pools.yaml': fixture('karpenter/general-purpose.yaml') }).rules[0]?.status).toBe('pass');
    });
  });
});
