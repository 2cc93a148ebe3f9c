import type * as APS from 'aws-cdk-lib/aws-aps';
import type * as EC2 from 'aws-cdk-lib/aws-ec2';
import type * as EKS from 'aws-cdk-lib/aws-eks-v2';
import type { Construct } from 'constructs';
import { stringify } from 'yaml';
import type { ClusterDefinition } from '../../model/schema.js';
import { alertRulesYaml } from '../manifests/alert-rules.js';
import { MONITORING_NAMESPACE } from '../manifests/metrics.js';
import { aps, constructs } from './lib.js';

export interface ManagedPrometheusProps {
  readonly cluster: EKS.Cluster;
  readonly definition: ClusterDefinition;
  readonly vpc: EC2.IVpc;
  /** Where the scraper's network interfaces go: the node subnets. */
  readonly subnets: EC2.SubnetSelection;
}

const endpointsIn = (namespace: string, service: string, port: string, job: string): Record<string, unknown> => ({
  job_name: job,
  kubernetes_sd_configs: [{ role: 'endpoints', namespaces: { names: [namespace] } }],
  relabel_configs: [{ source_labels: ['__meta_kubernetes_service_name', '__meta_kubernetes_endpoint_port_name'], regex: `${service};${port}`, action: 'keep' }],
});

/**
 * Through the API server proxy: the scraper has no kubelet credentials. The token and CA paths are the in-cluster
 * service-account files of Prometheus' kubernetes examples, which the managed collector provides for its user.
 */
const nodeJob = (job: string, metricsPath: string): Record<string, unknown> => ({
  job_name: job,
  scheme: 'https',
  bearer_token_file: '/var/run/secrets/kubernetes.io/serviceaccount/token',
  tls_config: { ca_file: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt' },
  kubernetes_sd_configs: [{ role: 'node' }],
  relabel_configs: [
    { target_label: '__address__', replacement: 'kubernetes.default.svc:443' },
    { source_labels: ['__meta_kubernetes_node_name'], regex: '(.+)', target_label: '__metrics_path__', replacement: `/api/v1/nodes/$1/proxy${metricsPath}` },
  ],
});

/** The scrape configuration of the managed scraper: exactly the sources the shared alert rules read. */
export function scrapeConfiguration(d: ClusterDefinition): Record<string, unknown> {
  const jobs: Record<string, unknown>[] = [
    endpointsIn(MONITORING_NAMESPACE, 'kube-state-metrics', 'http', 'kube-state-metrics'),
    endpointsIn('kube-system', 'kube-dns', 'metrics', 'coredns'),
    nodeJob('kubelet', '/metrics'),
    nodeJob('cadvisor', '/metrics/cadvisor'),
    {
      // Applications opt in with the prometheus.io/scrape annotation; this is where the RED metrics come from.
      job_name: 'pods',
      kubernetes_sd_configs: [{ role: 'pod' }],
      relabel_configs: [
        { source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], regex: 'true', action: 'keep' },
        { source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_path'], regex: '(.+)', target_label: '__metrics_path__' },
        { source_labels: ['__address__', '__meta_kubernetes_pod_annotation_prometheus_io_port'], regex: '([^:]+)(?::\\d+)?;(\\d+)', replacement: '$1:$2', target_label: '__address__' },
        { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
        { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
        // The RED rules group by job: per application (the app label Kyverno requires), as a Service is in Prometheus.
        { source_labels: ['__meta_kubernetes_pod_label_app'], regex: '(.+)', target_label: 'job' },
      ],
    },
  ];
  if (d.karpenter.enabled) jobs.push(endpointsIn('kube-system', 'karpenter', 'http-metrics', 'karpenter'));
  return { global: { scrape_interval: '30s', external_labels: { cluster: d.name } }, scrape_configs: jobs };
}

/**
 * metrics.backend amp: a workspace, a managed scraper reading the cluster from inside the VPC (no Prometheus to
 * run), and the shared alert rules as a rule groups namespace.
 */
export class ManagedPrometheus extends constructs.Construct {
  readonly workspace: APS.CfnWorkspace;
  readonly scraper: APS.CfnScraper;
  readonly rules?: APS.CfnRuleGroupsNamespace;

  constructor(scope: Construct, id: string, props: ManagedPrometheusProps) {
    super(scope, id);
    const d = props.definition;
    this.workspace = new aps.CfnWorkspace(this, 'Workspace', { alias: d.name });
    this.scraper = new aps.CfnScraper(this, 'Scraper', {
      alias: d.name,
      source: {
        eksConfiguration: {
          clusterArn: props.cluster.clusterArn,
          subnetIds: props.vpc.selectSubnets(props.subnets).subnetIds,
          securityGroupIds: [props.cluster.clusterSecurityGroupId],
        },
      },
      destination: { ampConfiguration: { workspaceArn: this.workspace.attrArn } },
      scrapeConfiguration: { configurationBlob: Buffer.from(stringify(scrapeConfiguration(d), { lineWidth: 0 }), 'utf8').toString('base64') },
    });
    if (d.observability.metrics.alertRules) {
      this.rules = new aps.CfnRuleGroupsNamespace(this, 'AlertRules', { name: 'keelson-alerts', workspace: this.workspace.attrArn, data: alertRulesYaml() });
    }
  }
}
