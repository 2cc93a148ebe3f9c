/**
 * What a live audit reads from Kubernetes: the kinds the rules need, listed once each (paginated), never one GET
 * per object. Secrets are never read; ConfigMaps only by name (CoreDNS and aws-auth).
 */
export interface KindSpec {
  readonly group: string;
  readonly kind: string;
  /** Plural resource name, for permission messages and the ClusterRole `keelson permissions` prints. */
  readonly resource: string;
  /** Custom resources are read only when their group is served (found by discovery). */
  readonly custom?: boolean;
}

export const LIVE_KINDS: readonly KindSpec[] = [
  { group: '', kind: 'Namespace', resource: 'namespaces' },
  { group: '', kind: 'Node', resource: 'nodes' },
  { group: '', kind: 'Pod', resource: 'pods' },
  { group: '', kind: 'Service', resource: 'services' },
  { group: '', kind: 'ServiceAccount', resource: 'serviceaccounts' },
  { group: 'apps', kind: 'Deployment', resource: 'deployments' },
  { group: 'apps', kind: 'StatefulSet', resource: 'statefulsets' },
  { group: 'apps', kind: 'DaemonSet', resource: 'daemonsets' },
  { group: 'batch', kind: 'Job', resource: 'jobs' },
  { group: 'batch', kind: 'CronJob', resource: 'cronjobs' },
  { group: 'policy', kind: 'PodDisruptionBudget', resource: 'poddisruptionbudgets' },
  { group: 'autoscaling', kind: 'HorizontalPodAutoscaler', resource: 'horizontalpodautoscalers' },
  { group: 'networking.k8s.io', kind: 'NetworkPolicy', resource: 'networkpolicies' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', resource: 'clusterroles' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding', resource: 'clusterrolebindings' },
  { group: 'rbac.authorization.k8s.io', kind: 'Role', resource: 'roles' },
  { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding', resource: 'rolebindings' },
  { group: 'karpenter.sh', kind: 'NodePool', resource: 'nodepools', custom: true },
  { group: 'karpenter.sh', kind: 'NodeClaim', resource: 'nodeclaims', custom: true },
  { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', resource: 'ec2nodeclasses', custom: true },
  { group: 'kyverno.io', kind: 'ClusterPolicy', resource: 'clusterpolicies', custom: true },
  { group: 'kyverno.io', kind: 'Policy', resource: 'policies', custom: true },
  { group: 'templates.gatekeeper.sh', kind: 'ConstraintTemplate', resource: 'constrainttemplates', custom: true },
];

const WORKLOAD_RULES = ['SEC-POD-RESTRICTED', 'SEC-IMAGE-REGISTRY', 'SEC-IMAGE-TAG', 'SEC-REQUIRED-LABELS', 'WL-RESOURCES', 'WL-PDB', 'WL-HPA', 'WL-REPLICAS', 'WL-TOPOLOGY', 'WL-GRACEFUL', 'WL-SPOT-STATEFUL', 'WL-DO-NOT-DISRUPT', 'IAM-IRSA', 'ADDON-CORE', 'OBS-LOGS', 'OBS-METRICS', 'OBS-TRACING', 'KARP-INTERRUPTION', 'DNS-COREDNS-HA'];

/** The rules a forbidden list leaves undecided, by resource: reported `not evaluated` naming the grant. */
export const RULES_BY_RESOURCE: Readonly<Record<string, readonly string[]>> = {
  namespaces: ['SEC-PSS', 'NET-DEFAULT-DENY'],
  nodes: ['DNS-COREDNS-HA', 'DNS-NODELOCAL', 'NODE-AMI'],
  pods: ['SEC-POD-RESTRICTED', 'SEC-IMAGE-REGISTRY', 'SEC-IMAGE-TAG', 'WL-RESOURCES'],
  services: ['WL-HPA'],
  serviceaccounts: ['IAM-IRSA', 'ADDON-IRSA'],
  deployments: WORKLOAD_RULES,
  statefulsets: WORKLOAD_RULES,
  daemonsets: WORKLOAD_RULES,
  jobs: WORKLOAD_RULES,
  cronjobs: WORKLOAD_RULES,
  poddisruptionbudgets: ['WL-PDB', 'UPG-PDB-DRAINABLE'],
  horizontalpodautoscalers: ['WL-HPA'],
  networkpolicies: ['NET-DEFAULT-DENY', 'NET-POLICY-ENGINE'],
  clusterroles: ['SEC-RBAC'],
  clusterrolebindings: ['SEC-RBAC'],
  roles: ['SEC-RBAC'],
  rolebindings: ['SEC-RBAC'],
  nodepools: ['KARP-PRESENT', 'KARP-BUDGETS', 'KARP-DRIFT', 'KARP-EXPIRE', 'KARP-CONSOLIDATION', 'KARP-LIMITS', 'KARP-SPOT-DIVERSITY', 'KARP-GRAVITON', 'KARP-INTERRUPTION'],
  nodeclaims: ['KARP-DRIFT'],
  ec2nodeclasses: ['KARP-PRESENT', 'KARP-NODECLASS-HARDENING', 'KARP-DRIFT', 'NODE-IMDSV2', 'NODE-EBS-ENCRYPTED', 'NODE-AMI'],
  clusterpolicies: ['SEC-POLICY-ENGINE', 'SEC-IMAGE-SIGNING'],
  policies: ['SEC-POLICY-ENGINE', 'SEC-IMAGE-SIGNING'],
  constrainttemplates: ['SEC-POLICY-ENGINE'],
  'configmaps/coredns': ['DNS-COREDNS-HA', 'DNS-NODELOCAL'],
  'configmaps/aws-auth': ['CP-ACCESS-ENTRIES', 'SEC-RBAC'],
};

/** ConfigMaps read by name: everything else in ConfigMaps may hold configuration a team considers private. */
export const NAMED_CONFIGMAPS: readonly { namespace: string; name: string }[] = [
  { namespace: 'kube-system', name: 'coredns' },
  { namespace: 'kube-system', name: 'aws-auth' },
];

/** The ClusterRole a live audit needs: get/list on exactly these resources, nothing else. */
export function auditClusterRole(): Record<string, unknown> {
  const byGroup = new Map<string, string[]>();
  for (const k of LIVE_KINDS) byGroup.set(k.group, [...(byGroup.get(k.group) ?? []), k.resource]);
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'keelson-audit' },
    rules: [
      ...[...byGroup].map(([group, resources]) => ({ apiGroups: [group], resources, verbs: ['get', 'list'] })),
      { apiGroups: [''], resources: ['configmaps'], resourceNames: NAMED_CONFIGMAPS.map((c) => c.name), verbs: ['get'] },
    ],
  };
}
