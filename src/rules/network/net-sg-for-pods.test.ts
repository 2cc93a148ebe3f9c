import { describe, expect, it } from 'vitest';
import rule from './net-sg-for-pods.js';
import { deployment } from '../internal/manifests.js';
import { checkFiles, checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

const RDS = 'orders.cluster-c9akciq32.eu-west-1.rds.amazonaws.com';
const APP = (env = `          env:\n            - {name: DB_HOST, value: ${RDS}}\n`) => deployment({ name: 'orders', namespace: 'shop', container: env });
/** The EKS user guide's SecurityGroupPolicy shape, selecting the workload's pods by label. */
const SGP = (selector = 'podSelector:\n    matchLabels:\n      app: orders') =>
  `apiVersion: vpcresources.k8s.aws/v1beta1\nkind: SecurityGroupPolicy\nmetadata:\n  name: orders-db\n  namespace: shop\nspec:\n  ${selector}\n  securityGroups:\n    groupIds: [sg-0a1b2c3d4e5f67890]\n`;
const CNI = (env: string) => `Resources:\n  Cni:\n    Type: AWS::EKS::Addon\n    Properties:\n      ClusterName: prod\n      AddonName: vpc-cni\n      ConfigurationValues: '{"env":{${env}}}'\n`;

describe('NET-SG-FOR-PODS', () => {
  it('fails a workload with an RDS endpoint in its env and no SecurityGroupPolicy, at the env value', () => {
    // GIVEN the DB_HOST entry on line 21
    const r = checkYaml(rule, APP());
    expect(failures(r)).toEqual(['NET-SG-FOR-PODS in.yaml:21']);
    expect(r.findings[0]?.message).toContain('RDS');
  });

  it('passes when a SecurityGroupPolicy selects its pods, or its service account', () => {
    expect(checkFiles(rule, { 'app.yaml': APP(), 'sgp.yaml': SGP() }).findings).toEqual([]);
    const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: orders\n  namespace: shop\n  labels: {role: db-client}\n';
    const app = APP().replace('      containers:', '      serviceAccountName: orders\n      containers:');
    const r = checkFiles(rule, { 'app.yaml': app, 'sa.yaml': sa, 'sgp.yaml': SGP('serviceAccountSelector:\n    matchLabels:\n      role: db-client') });
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('follows configMapKeyRef to an ElastiCache endpoint, and points at the ConfigMap value', () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cache, namespace: shop}\ndata:\n  REDIS_HOST: sessions.abc123.ng.0001.euw1.cache.amazonaws.com\n';
    const env = '          env:\n            - name: REDIS_HOST\n              valueFrom: {configMapKeyRef: {name: cache, key: REDIS_HOST}}\n';
    const r = checkFiles(rule, { 'app.yaml': APP(env), 'cm.yaml': cm });
    expect(failures(r)).toEqual(['NET-SG-FOR-PODS cm.yaml:5']);
    expect(r.findings[0]?.message).toContain('ElastiCache');
  });

  it('fails a SecurityGroupPolicy that the VPC CNI ignores (ENABLE_POD_ENI not set), at the add-on configuration', () => {
    expect(failures(checkFiles(rule, { 'app.yaml': APP(), 'sgp.yaml': SGP(), 'cni.yaml': CNI('"ENABLE_PREFIX_DELEGATION":"true"') }))).toEqual(['NET-SG-FOR-PODS[pod-eni] cni.yaml:7']);
    expect(checkFiles(rule, { 'app.yaml': APP(), 'sgp.yaml': SGP(), 'cni.yaml': CNI('"ENABLE_POD_ENI":"true"') }).findings).toEqual([]);
  });

  it('has nothing to judge for workloads that reach no AWS database', () => {
    expect(checkYaml(rule, deployment({ name: 'web', namespace: 'shop' })).rules[0]?.status).toBe('not-evaluated');
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('judges nothing in the guestbook, whose Redis runs in the cluster (an in-cluster host is not an AWS database)', () => {
      expect(checkFixtures(rule, ['k8s/guestbook-all-in-one.yaml']).rules[0]).toMatchObject({ status: 'not-evaluated', targets: 0 });
    });
  });
});
