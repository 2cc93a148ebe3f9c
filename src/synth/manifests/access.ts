import type { ClusterDefinition } from '../../model/schema.js';
import { MANAGED_BY } from './types.js';
import type { Component, K8sObject } from './types.js';

export const TEAM_EDIT_ROLE = 'keelson-team-edit';
export const EXEC_ROLE = 'keelson-exec';

export function teamGroup(team: string): string {
  return `keelson:team:${team}`;
}

const rw = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const ro = ['get', 'list', 'watch'];

/**
 * "edit" without the lateral-movement verbs (exec, attach, port-forward) and without the power to rewrite the
 * namespace's NetworkPolicies, quotas or RBAC: those belong to the platform. Explicit resources, no wildcards.
 */
export function teamEditClusterRole(): K8sObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: TEAM_EDIT_ROLE, labels: { ...MANAGED_BY } },
    rules: [
      { apiGroups: [''], resources: ['pods', 'services', 'configmaps', 'secrets', 'persistentvolumeclaims', 'serviceaccounts'], verbs: rw },
      { apiGroups: [''], resources: ['pods/log', 'events', 'endpoints', 'resourcequotas', 'limitranges'], verbs: ro },
      { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets', 'deployments/scale', 'statefulsets/scale'], verbs: rw },
      { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: rw },
      { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: rw },
      { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: rw },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: rw },
      { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ro },
    ],
  };
}

export function execClusterRole(): K8sObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: EXEC_ROLE, labels: { ...MANAGED_BY } },
    rules: [{ apiGroups: [''], resources: ['pods/exec', 'pods/attach', 'pods/portforward'], verbs: ['get', 'create'] }],
  };
}

function roleBinding(namespace: string, name: string, clusterRole: string, group: string): K8sObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace, labels: { ...MANAGED_BY } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group }],
  };
}

/**
 * Team access: the team's IAM role maps (through its access entry) to a Kubernetes group that is bound, in its
 * own namespaces only, to edit-without-exec; exec and port-forward only for teams the definition names.
 * Nothing here binds cluster-admin: the break-glass admins get it through their access entries alone.
 */
export function accessComponent(d: ClusterDefinition): Component {
  const teams = d.teams.filter((t) => t.roleArn);
  if (teams.length === 0) return { name: 'access', description: 'Team RBAC', objects: [] };
  const objects: K8sObject[] = [teamEditClusterRole()];
  if (teams.some((t) => t.allowExecAndPortForward)) objects.push(execClusterRole());
  for (const t of teams) {
    for (const ns of t.namespaces) {
      objects.push(roleBinding(ns.name, `team-${t.name}-edit`, TEAM_EDIT_ROLE, teamGroup(t.name)));
      if (t.allowExecAndPortForward) objects.push(roleBinding(ns.name, `team-${t.name}-exec`, EXEC_ROLE, teamGroup(t.name)));
    }
  }
  return { name: 'access', description: 'Team RBAC: edit without exec in their own namespaces; exec and port-forward only where named', objects };
}
