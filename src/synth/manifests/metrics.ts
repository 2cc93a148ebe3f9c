/**
 * Metrics in the cluster for either backend. amp: the scraper runs outside the cluster (the CDK app creates it),
 * so the cluster holds only what it reads: kube-state-metrics and the RBAC the managed scraper's user is bound to.
 * kube-prometheus-stack: Prometheus, Alertmanager and Grafana in the cluster, with the shared alert rules.
 */
import type { ClusterDefinition } from '../../model/schema.js';
import { alertRuleGroups } from './alert-rules.js';
import { podSecurityLabels } from './namespaces.js';
import { MANAGED_BY } from './types.js';
import type { Component, HelmRelease, K8sObject } from './types.js';

export const MONITORING_NAMESPACE = 'monitoring';
export const KUBE_PROMETHEUS_STACK_CHART_VERSION = '77.11.1';
export const KUBE_STATE_METRICS_CHART_VERSION = '6.1.4';
/** The Kubernetes user Amazon Managed Prometheus maps its scraper to (AMP documentation, "clusterrole-binding.yml"). */
export const AMP_SCRAPER_USER = 'aps-collector-user';

const PROMETHEUS_COMMUNITY = 'https://prometheus-community.github.io/helm-charts';
const critical = { tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }] };

function monitoringNamespace(d: ClusterDefinition, level: 'restricted' | 'privileged', reason?: string): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: MONITORING_NAMESPACE,
      labels: { ...MANAGED_BY, ...podSecurityLabels(level, d.kubernetesVersion) },
      ...(reason ? { annotations: { 'keelson.io/pod-security-exception': reason } } : {}),
    },
  };
}

/** What the managed scraper may read: the documented aps-collector-role, bound to its user. */
export function ampScraperRbac(): K8sObject[] {
  const labels = { ...MANAGED_BY };
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'aps-collector-role', labels },
      rules: [
        { apiGroups: [''], resources: ['nodes', 'nodes/proxy', 'nodes/metrics', 'services', 'endpoints', 'pods', 'ingresses', 'configmaps'], verbs: ['describe', 'get', 'list', 'watch'] },
        { apiGroups: ['extensions', 'networking.k8s.io'], resources: ['ingresses/status', 'ingresses'], verbs: ['describe', 'get', 'list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
        { nonResourceURLs: ['/metrics'], verbs: ['get'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'aps-collector-user-role-binding', labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'aps-collector-role' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: AMP_SCRAPER_USER }],
    },
  ];
}

/** Karpenter's metrics Service is in kube-system; kube-prometheus-stack has no ServiceMonitor for it. */
const karpenterScrapeJob = {
  job_name: 'karpenter',
  kubernetes_sd_configs: [{ role: 'endpoints', namespaces: { names: ['kube-system'] } }],
  relabel_configs: [
    { source_labels: ['__meta_kubernetes_service_name', '__meta_kubernetes_endpoint_port_name'], regex: 'karpenter;http-metrics', action: 'keep' },
  ],
};

export function kubePrometheusStackValues(d: ClusterDefinition): Record<string, unknown> {
  return {
    // The shared rules, as values: a PrometheusRule object would need the operator's CRD before the chart installs it.
    ...(d.observability.metrics.alertRules ? { additionalPrometheusRulesMap: { 'keelson-alerts': { groups: alertRuleGroups() } } } : {}),
    prometheus: {
      prometheusSpec: {
        replicas: 2,
        retention: '15d',
        resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '4Gi' } },
        additionalScrapeConfigs: d.karpenter.enabled ? [karpenterScrapeJob] : [],
      },
    },
    alertmanager: { alertmanagerSpec: { replicas: 2 } },
    prometheusOperator: { ...critical },
    coreDns: { enabled: true },
    // EKS runs these on the control plane, out of Prometheus' reach.
    kubeControllerManager: { enabled: false },
    kubeScheduler: { enabled: false },
    kubeEtcd: { enabled: false },
    kubeProxy: { enabled: d.addons.kubeProxy.enabled },
    // node-exporter runs on every node, tainted or not.
    'prometheus-node-exporter': { tolerations: [{ operator: 'Exists' }] },
  };
}

function networkPolicy(name: string, spec: Record<string, unknown>): K8sObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: MONITORING_NAMESPACE, labels: { ...MANAGED_BY } }, spec };
}

/**
 * amp: the monitoring namespace is isolated. The managed scraper reaches kube-state-metrics from its network
 * interfaces in the node subnets (the VPC CIDR); kube-state-metrics reaches the API server, whose endpoint is
 * both the kubernetes Service IP and the control plane's interfaces in the VPC.
 */
export function ampNetworkPolicies(d: ClusterDefinition): K8sObject[] {
  const vpcCidr = d.network.existing?.vpcCidrBlock ?? d.network.cidr;
  const ksm = { matchLabels: { 'app.kubernetes.io/name': 'kube-state-metrics' } };
  return [
    networkPolicy('default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    networkPolicy('allow-scraper-ingress', {
      podSelector: ksm,
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ ipBlock: { cidr: vpcCidr } }], ports: [{ port: 8080, protocol: 'TCP' }] }],
    }),
    networkPolicy('allow-api-server-egress', {
      podSelector: ksm,
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: vpcCidr } }, { ipBlock: { cidr: d.network.serviceCidr } }], ports: [{ port: 443, protocol: 'TCP' }] }],
    }),
  ];
}

const DNS_PORTS = [
  { port: 53, protocol: 'UDP' },
  { port: 53, protocol: 'TCP' },
];
const podsNamed = (name: string): Record<string, unknown> => ({ matchLabels: { 'app.kubernetes.io/name': name } });

/**
 * kube-prometheus-stack: the monitoring namespace is isolated like an application namespace, then opened exactly
 * as far as the stack works. Prometheus must reach every scrape target (pods in any namespace, and the kubelet,
 * node-exporter and CoreDNS on the nodes' addresses); Alertmanager must reach its receivers, which live outside
 * the cluster on HTTPS; the operator's admission webhook is called by the control plane from its interfaces in
 * the VPC. node-exporter runs on the host network, where NetworkPolicies do not apply.
 */
export function kubePrometheusStackNetworkPolicies(d: ClusterDefinition): K8sObject[] {
  const vpcCidr = d.network.existing?.vpcCidrBlock ?? d.network.cidr;
  return [
    networkPolicy('default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    networkPolicy('allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: DNS_PORTS }],
    }),
    // Grafana to Prometheus and Alertmanager, Prometheus to Alertmanager and kube-state-metrics, Alertmanager gossip.
    networkPolicy('allow-same-namespace', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    }),
    // The operator, kube-state-metrics, Prometheus' service discovery and Grafana's dashboard sidecar watch the API.
    networkPolicy('allow-api-server-egress', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: vpcCidr } }, { ipBlock: { cidr: d.network.serviceCidr } }], ports: [{ port: 443, protocol: 'TCP' }] }],
    }),
    networkPolicy('allow-prometheus-scrape-egress', {
      podSelector: podsNamed('prometheus'),
      policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: {} }, { ipBlock: { cidr: vpcCidr } }] }],
    }),
    networkPolicy('allow-alertmanager-receivers-egress', {
      podSelector: podsNamed('alertmanager'),
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443, protocol: 'TCP' }] }],
    }),
    networkPolicy('allow-operator-webhook-ingress', {
      podSelector: { matchLabels: { app: 'kube-prometheus-stack-operator' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ ipBlock: { cidr: vpcCidr } }], ports: [{ port: 10250, protocol: 'TCP' }] }],
    }),
  ];
}

function kubeStateMetricsRelease(): HelmRelease {
  return {
    name: 'kube-state-metrics',
    chart: 'kube-state-metrics',
    repo: PROMETHEUS_COMMUNITY,
    version: KUBE_STATE_METRICS_CHART_VERSION,
    namespace: MONITORING_NAMESPACE,
    values: {
      replicas: 1,
      resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } },
      ...critical,
    },
  };
}

export function metricsComponent(d: ClusterDefinition): Component | undefined {
  const backend = d.observability.metrics.backend;
  if (backend === 'amp') {
    return {
      name: 'metrics',
      description:
        'Amazon Managed Prometheus: the scraper and its workspace are in the CDK app; here kube-state-metrics (pods, nodes) and the RBAC of the scraper user aps-collector-user. Alert rules live in the workspace',
      helm: kubeStateMetricsRelease(),
      objects: [monitoringNamespace(d, 'restricted'), ...ampScraperRbac(), ...ampNetworkPolicies(d)],
    };
  }
  if (backend === 'kube-prometheus-stack') {
    return {
      name: 'metrics',
      description: 'kube-prometheus-stack (Prometheus, Alertmanager, Grafana, node-exporter, kube-state-metrics) with keelson\'s alert rules in additionalPrometheusRulesMap',
      helm: {
        name: 'kube-prometheus-stack',
        chart: 'kube-prometheus-stack',
        repo: PROMETHEUS_COMMUNITY,
        version: KUBE_PROMETHEUS_STACK_CHART_VERSION,
        namespace: MONITORING_NAMESPACE,
        values: kubePrometheusStackValues(d),
      },
      objects: [
        monitoringNamespace(d, 'privileged', 'node-exporter reads host metrics with hostNetwork, hostPID and hostPath mounts'),
        ...kubePrometheusStackNetworkPolicies(d),
      ],
    };
  }
  return undefined;
}
