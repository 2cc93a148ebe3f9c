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
  /** An integration many clusters do without: its absence is the normal case, not worth a line in the summary. */
  readonly optional?: boolean;
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
  // Where Secrets come from (their values are never read; these objects only say which store feeds which Secret).
  { group: 'external-secrets.io', kind: 'ExternalSecret', resource: 'externalsecrets', custom: true, optional: true },
  { group: 'external-secrets.io', kind: 'SecretStore', resource: 'secretstores', custom: true, optional: true },
  { group: 'external-secrets.io', kind: 'ClusterSecretStore', resource: 'clustersecretstores', custom: true, optional: true },
  { group: 'secrets-store.csi.x-k8s.io', kind: 'SecretProviderClass', resource: 'secretproviderclasses', custom: true, optional: true },
  { group: 'bitnami.com', kind: 'SealedSecret', resource: 'sealedsecrets', custom: true, optional: true },
  { group: 'cert-manager.io', kind: 'Certificate', resource: 'certificates', custom: true, optional: true },
  // Observability and image-signing setups the rules recognise by their custom resources.
  { group: 'opentelemetry.io', kind: 'OpenTelemetryCollector', resource: 'opentelemetrycollectors', custom: true, optional: true },
  { group: 'monitoring.coreos.com', kind: 'Prometheus', resource: 'prometheuses', custom: true, optional: true },
  { group: 'policy.sigstore.dev', kind: 'ClusterImagePolicy', resource: 'clusterimagepolicies', custom: true, optional: true },
  { group: 'policies.kyverno.io', kind: 'ImageValidatingPolicy', resource: 'imagevalidatingpolicies', custom: true, optional: true },
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
  externalsecrets: ['SEC-SECRETS-EXTERNAL'],
  secretstores: ['SEC-SECRETS-EXTERNAL'],
  clustersecretstores: ['SEC-SECRETS-EXTERNAL'],
  secretproviderclasses: ['SEC-SECRETS-EXTERNAL'],
  sealedsecrets: ['SEC-SECRETS-EXTERNAL'],
  certificates: ['SEC-SECRETS-EXTERNAL'],
  opentelemetrycollectors: ['OBS-TRACING', 'OBS-METRICS'],
  prometheuses: ['OBS-METRICS'],
  clusterimagepolicies: ['SEC-IMAGE-SIGNING'],
  imagevalidatingpolicies: ['SEC-IMAGE-SIGNING'],
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
