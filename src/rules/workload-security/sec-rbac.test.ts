import { describe, expect, it } from 'vitest';
import rule from './sec-rbac.js';
import { checkYaml, failures } from '../internal/rule-tester.js';

const binding = (annotations = '') => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ops${annotations}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\nsubjects: [{kind: Group, name: ops}]\n`;

describe('SEC-RBAC', () => {
  it('fails a cluster-admin binding at roleRef.name', () => {
    expect(failures(checkYaml(rule, binding()))).toEqual(['SEC-RBAC[cluster-admin] in.yaml:8']);
  });

  it('accepts an annotated break-glass binding', () => {
    expect(checkYaml(rule, binding('\n  annotations: {keelson.io/break-glass: "incident access, reviewed quarterly"}')).findings).toEqual([]);
  });

  it('fails wildcards and exec in a role, each at its field', () => {
    const role = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: dev, namespace: a}\nrules:\n  - apiGroups: [""]\n    resources: ["*"]\n    verbs: ["*"]\n  - apiGroups: [""]\n    resources: [pods/exec]\n    verbs: [create]\n';
    expect(failures(checkYaml(rule, role))).toEqual(['SEC-RBAC[wildcard-resources] in.yaml:6', 'SEC-RBAC[wildcard-verbs] in.yaml:7', 'SEC-RBAC[exec] in.yaml:9']);
  });

  it('passes a read-only role', () => {
    expect(checkYaml(rule, 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: view-pods}\nrules:\n  - apiGroups: [""]\n    resources: [pods]\n    verbs: [get, list, watch]\n').findings).toEqual([]);
  });

  // The shared fixtures hold no RBAC objects; the real-world shape here is the eksctl-created cluster-admin binding
  // pattern used by many bootstrap repositories, covered by the first case.
});
