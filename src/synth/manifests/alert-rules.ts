/**
 * The alert rules of guide section 9, written once and shipped to whichever metrics backend the definition picks:
 * an Amazon Managed Prometheus rule groups namespace, or kube-prometheus-stack's additionalPrometheusRulesMap.
 *
 * Metric names assumed (documented, because an alert on a metric nobody exports never fires):
 * - RED: `http_requests_total` (counter, label `code`) and `http_request_duration_seconds_bucket` (histogram), the
 *   names of the Prometheus client libraries' HTTP middleware (client_golang promhttp, prom-client, micrometer with
 *   the Prometheus naming convention). Services on other names need their own rules.
 * - Pods and nodes: kube-state-metrics (`kube_pod_status_phase`, `kube_node_status_condition`).
 * - Karpenter v1: `karpenter_cloudprovider_errors_total`, `karpenter_nodepools_usage`, `karpenter_nodepools_limit`.
 * - CoreDNS: `coredns_dns_responses_total` (label `rcode`), `coredns_dns_request_duration_seconds_bucket`.
 */
import { stringify } from 'yaml';

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  /** Prometheus duration the condition must hold before the alert fires. */
  readonly for: string;
  readonly labels: { readonly severity: 'warning' | 'critical' };
  readonly annotations: { readonly summary: string; readonly description: string };
}

export interface AlertRuleGroup {
  readonly name: string;
  readonly rules: readonly AlertRule[];
}

const rule = (alert: string, expr: string, forDuration: string, severity: AlertRule['labels']['severity'], summary: string, description: string): AlertRule => ({
  alert,
  expr,
  for: forDuration,
  labels: { severity },
  annotations: { summary, description },
});

export const PENDING_PODS_EXPR = 'sum by (namespace) (kube_pod_status_phase{phase="Pending"}) > 0';

export function alertRuleGroups(): AlertRuleGroup[] {
  return [
    {
      name: 'red-signals',
      rules: [
        rule(
          'HttpRequestRateDropped',
          'sum by (namespace, job) (rate(http_requests_total[5m])) < 0.5 * sum by (namespace, job) (rate(http_requests_total[5m] offset 1w))',
          '15m',
          'warning',
          'Request rate of {{ $labels.namespace }}/{{ $labels.job }} is below half of the same time last week',
          'A sudden drop in traffic often means clients cannot reach the service (DNS, load balancer, network policy).',
        ),
        rule(
          'HttpErrorRateHigh',
          'sum by (namespace, job) (rate(http_requests_total{code=~"5.."}[5m])) / sum by (namespace, job) (rate(http_requests_total[5m])) > 0.05',
          '10m',
          'critical',
          'More than 5% of requests to {{ $labels.namespace }}/{{ $labels.job }} fail with 5xx',
          'The error rate of the RED method; check recent deploys and dependencies.',
        ),
        rule(
          'HttpLatencyP99High',
          'histogram_quantile(0.99, sum by (namespace, job, le) (rate(http_request_duration_seconds_bucket[5m]))) > 1',
          '10m',
          'warning',
          'p99 latency of {{ $labels.namespace }}/{{ $labels.job }} is above 1 s',
          'The duration signal of the RED method, at the 99th percentile.',
        ),
      ],
    },
    {
      name: 'scheduling',
      rules: [
        rule('PodsPending', PENDING_PODS_EXPR, '10m', 'warning', 'Pods in {{ $labels.namespace }} have been Pending for 10 minutes', 'Karpenter could not place them: NodePool limits, requirements no instance type satisfies, or quota.'),
        rule('NodeNotReady', 'kube_node_status_condition{condition="Ready",status="true"} == 0', '10m', 'critical', 'Node {{ $labels.node }} has not been Ready for 10 minutes', 'Its pods are not running; Karpenter replaces nodes it owns only once they are disrupted.'),
      ],
    },
    {
      name: 'karpenter',
      rules: [
        rule(
          'KarpenterCloudProviderErrors',
          'sum by (controller, method, error) (rate(karpenter_cloudprovider_errors_total[5m])) > 0',
          '15m',
          'warning',
          'Karpenter gets errors from EC2 ({{ $labels.method }}: {{ $labels.error }})',
          'Provisioning errors: insufficient capacity, IAM denials or throttling keep nodes from launching.',
        ),
        rule(
          'KarpenterNodePoolNearLimit',
          'karpenter_nodepools_usage{resource_type="cpu"} / karpenter_nodepools_limit{resource_type="cpu"} > 0.9',
          '15m',
          'warning',
          'NodePool {{ $labels.nodepool }} uses more than 90% of its CPU limit',
          'At the limit Karpenter launches no more nodes and pods stay Pending.',
        ),
      ],
    },
    {
      name: 'coredns',
      rules: [
        rule(
          'CoreDNSServfailHigh',
          'sum(rate(coredns_dns_responses_total{rcode="SERVFAIL"}[5m])) / sum(rate(coredns_dns_responses_total[5m])) > 0.01',
          '10m',
          'critical',
          'More than 1% of CoreDNS responses are SERVFAIL',
          'Upstream resolution is failing; every service that resolves names is affected.',
        ),
        rule(
          'CoreDNSLatencyHigh',
          'histogram_quantile(0.99, sum by (le) (rate(coredns_dns_request_duration_seconds_bucket[5m]))) > 0.25',
          '10m',
          'warning',
          'CoreDNS p99 latency is above 250 ms',
          'CoreDNS is the usual hidden bottleneck under pod density: add replicas or enable NodeLocal DNSCache.',
        ),
      ],
    },
  ];
}

/** The rule file format Prometheus and Amazon Managed Prometheus read (`groups:`). */
export function alertRulesYaml(): string {
  return stringify({ groups: alertRuleGroups() }, { lineWidth: 0 });
}
