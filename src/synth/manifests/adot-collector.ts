/**
 * The ADOT collector as plain Kubernetes objects. The ADOT operator's OpenTelemetryCollector resource would need
 * the operator and its CRD; a Deployment of the collector image does the same job and validates against the core
 * schemas.
 */
import { stringify } from 'yaml';
import type { ClusterDefinition } from '../../model/schema.js';
import { podSecurityLabels } from './namespaces.js';
import { clusterDnsIp } from './node-local-dns.js';
import { platformWorkloadLabels } from './platform-labels.js';
import { MANAGED_BY } from './types.js';
import type { Component, K8sObject } from './types.js';

export const ADOT_NAMESPACE = 'opentelemetry';
export const ADOT_SERVICE_ACCOUNT = 'adot-collector';
export const ADOT_IMAGE = 'public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3';
export const OTLP_GRPC_PORT = 4317;
export const OTLP_HTTP_PORT = 4318;
const HEALTH_PORT = 13133;
/** The EKS Pod Identity agent, on every node's host network. */
const POD_IDENTITY_AGENT = '169.254.170.23/32';

const selector = { 'app.kubernetes.io/name': 'adot-collector' };
const labels = { ...MANAGED_BY, ...selector };

/** Receives OTLP, keeps samplingPercent of the traces (head sampling), exports them to X-Ray. */
export function collectorConfig(d: ClusterDefinition): Record<string, unknown> {
  return {
    receivers: { otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${OTLP_GRPC_PORT}` }, http: { endpoint: `0.0.0.0:${OTLP_HTTP_PORT}` } } } },
    processors: {
      // First in the pipeline: a collector that runs out of memory drops everything, not just the excess.
      memory_limiter: { check_interval: '1s', limit_percentage: 80, spike_limit_percentage: 25 },
      probabilistic_sampler: { sampling_percentage: d.observability.tracing.samplingPercent },
      batch: {},
    },
    exporters: { awsxray: { region: d.region } },
    extensions: { health_check: { endpoint: `0.0.0.0:${HEALTH_PORT}` } },
    service: {
      extensions: ['health_check'],
      pipelines: { traces: { receivers: ['otlp'], processors: ['memory_limiter', 'probabilistic_sampler', 'batch'], exporters: ['awsxray'] } },
    },
  };
}

function deployment(d: ClusterDefinition): K8sObject {
  const probe = { httpGet: { path: '/', port: HEALTH_PORT } };
  const workloadLabels = { ...labels, ...platformWorkloadLabels(d) };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'adot-collector', namespace: ADOT_NAMESPACE, labels: workloadLabels },
    spec: {
      replicas: 2,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: workloadLabels },
        spec: {
          serviceAccountName: ADOT_SERVICE_ACCOUNT,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } }],
          containers: [
            {
              name: 'collector',
              image: ADOT_IMAGE,
              args: ['--config=/conf/config.yaml'],
              ports: [
                { name: 'otlp-grpc', containerPort: OTLP_GRPC_PORT, protocol: 'TCP' },
                { name: 'otlp-http', containerPort: OTLP_HTTP_PORT, protocol: 'TCP' },
                { name: 'health', containerPort: HEALTH_PORT, protocol: 'TCP' },
              ],
              resources: { requests: { cpu: '200m', memory: '256Mi' }, limits: { memory: '512Mi' } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              livenessProbe: probe,
              readinessProbe: probe,
              volumeMounts: [{ name: 'config', mountPath: '/conf', readOnly: true }],
            },
          ],
          volumes: [{ name: 'config', configMap: { name: 'adot-collector-config' } }],
        },
      },
    },
  };
}

function networkPolicy(name: string, spec: Record<string, unknown>): K8sObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ADOT_NAMESPACE, labels: { ...MANAGED_BY } }, spec };
}

/**
 * The collector's namespace is isolated like an application namespace: OTLP in from any namespace, out only DNS,
 * HTTPS (X-Ray and STS have no fixed addresses) and the Pod Identity agent that hands out its credentials.
 */
export function collectorNetworkPolicies(d: ClusterDefinition): K8sObject[] {
  const dns = [
    { port: 53, protocol: 'UDP' },
    { port: 53, protocol: 'TCP' },
  ];
  const nodeLocal = d.dns.nodeLocal.enabled ? [{ ipBlock: { cidr: `${d.dns.nodeLocal.localIp}/32` } }, { ipBlock: { cidr: `${clusterDnsIp(d)}/32` } }] : [];
  return [
    networkPolicy('default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    networkPolicy('allow-otlp-ingress', {
      podSelector: { matchLabels: selector },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ namespaceSelector: {} }],
          ports: [
            { port: OTLP_GRPC_PORT, protocol: 'TCP' },
            { port: OTLP_HTTP_PORT, protocol: 'TCP' },
          ],
        },
      ],
    }),
    networkPolicy('allow-collector-egress', {
      podSelector: { matchLabels: selector },
      policyTypes: ['Egress'],
      egress: [
        { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }, ...nodeLocal], ports: dns },
        { to: [{ ipBlock: { cidr: POD_IDENTITY_AGENT } }], ports: [{ port: 80, protocol: 'TCP' }] },
        { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443, protocol: 'TCP' }] },
      ],
    }),
  ];
}

/** The ADOT collector (Deployment, Service, config) exporting traces to X-Ray with head sampling. */
export function adotCollectorComponent(d: ClusterDefinition): Component {
  const objects: K8sObject[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ADOT_NAMESPACE, labels: { ...MANAGED_BY, ...podSecurityLabels('restricted', d.kubernetesVersion) } },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: ADOT_SERVICE_ACCOUNT, namespace: ADOT_NAMESPACE, labels } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'adot-collector-config', namespace: ADOT_NAMESPACE, labels }, data: { 'config.yaml': stringify(collectorConfig(d), { lineWidth: 0 }) } },
    deployment(d),
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'adot-collector', namespace: ADOT_NAMESPACE, labels },
      spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
    },
    {
      // Trace volume follows traffic: a fixed pair would either idle or drop spans at peak.
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'adot-collector', namespace: ADOT_NAMESPACE, labels },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'adot-collector' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
    },
    ...collectorNetworkPolicies(d),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'adot-collector', namespace: ADOT_NAMESPACE, labels },
      spec: {
        selector,
        ports: [
          { name: 'otlp-grpc', port: OTLP_GRPC_PORT, targetPort: 'otlp-grpc', protocol: 'TCP' },
          { name: 'otlp-http', port: OTLP_HTTP_PORT, targetPort: 'otlp-http', protocol: 'TCP' },
        ],
      },
    },
  ];
  return {
    name: 'adot-collector',
    description: `ADOT collector: OTLP in (adot-collector.${ADOT_NAMESPACE}:${OTLP_GRPC_PORT}/${OTLP_HTTP_PORT}), ${d.observability.tracing.samplingPercent}% head sampling, X-Ray out. Application namespaces deny egress by default: allow it to ${ADOT_NAMESPACE} (ports ${OTLP_GRPC_PORT}/${OTLP_HTTP_PORT}) in the definition`,
    objects,
  };
}
