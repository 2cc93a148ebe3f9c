import { isRecord } from '../../sources/detect.js';
import type { Inventory } from '../../sources/inventory.js';
import { objectsOfGroup, objectsOfKind } from '../../sources/inventory.js';
import { child } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { helmCharts, workloadsMatching } from '../internal/components.js';
import { cfnResources, keelsonDefinitions, tfAddress, tfBlocks, written } from '../internal/definitions.js';
import { eksModuleAddon, judgeEvidence } from '../internal/evidence.js';
import type { Found } from '../internal/evidence.js';
import { otelCollectors, pipelinesFor } from '../internal/otel.js';
import { scopeRule } from '../internal/scope.js';

const CW_ADDON = 'amazon-cloudwatch-observability';
/** Collectors that scrape and store or forward metrics. Exporters (node-exporter, kube-state-metrics) and metrics-server are not. */
const COLLECTOR_IMAGE = /(^|\/)prometheus\/prometheus|(^|\/)prom\/prometheus|grafana\/agent|grafana\/alloy|cloudwatch-agent|victoria-?metrics\/(vmagent|victoria-metrics)/;
const METRICS_CHARTS = /^(kube-prometheus-stack|prometheus|victoria-metrics-k8s-stack|victoria-metrics-agent|grafana-agent|alloy|k8s-monitoring|amazon-cloudwatch-observability)$/;
/** The Kubernetes user Amazon Managed Prometheus' managed scraper authenticates as; its RBAC exists only for that scraper. */
const AMP_SCRAPER_USER = 'aps-collector-user';

function inManifests(inv: Inventory): Found[] {
  const out: Found[] = [];
  for (const o of objectsOfGroup(inv, 'monitoring.coreos.com')) {
    if (o.kind === 'Prometheus' || o.kind === 'PrometheusAgent') out.push({ ok: true, what: `${o.kind} ${o.name}`, at: o.at });
  }
  for (const w of workloadsMatching(inv, COLLECTOR_IMAGE)) out.push({ ok: true, what: `${w.object.kind} ${w.object.name}`, at: w.object.at });
  for (const c of helmCharts(inv)) if (METRICS_CHARTS.test(c.chart)) out.push({ ok: true, what: `Helm chart ${c.chart}`, at: c.at });
  for (const c of otelCollectors(inv)) if (pipelinesFor(c, 'metrics').some((p) => p.exporters.length > 0)) out.push({ ok: true, what: `${c.what} (metrics pipeline)`, at: c.at });
  for (const b of objectsOfKind(inv, 'ClusterRoleBinding', 'rbac.authorization.k8s.io')) {
    const subjects = b.value.subjects;
    if (Array.isArray(subjects) && subjects.some((s) => isRecord(s) && s.kind === 'User' && s.name === AMP_SCRAPER_USER)) out.push({ ok: true, what: `ClusterRoleBinding ${b.name} for the AMP managed scraper`, at: b.at });
  }
  return out;
}

function inDefinitions(inv: Inventory): Found[] {
  const out: Found[] = [];
  for (const a of inv.addons) if (a.name === CW_ADDON) out.push({ ok: true, what: `the ${CW_ADDON} add-on (Container Insights)`, at: a.at });
  // An AMP workspace only stores metrics: something must write to it (the managed scraper, or an in-cluster agent).
  const scrapers = [...cfnResources(inv, 'AWS::APS::Scraper').map((r) => ({ what: `AWS::APS::Scraper ${r.id}`, at: r.at })), ...tfBlocks(inv, 'resource', 'aws_prometheus_scraper').map((b) => ({ what: tfAddress(b), at: b.at }))];
  for (const s of scrapers) out.push({ ok: true, what: s.what, at: s.at });
  const workspaces = [...cfnResources(inv, 'AWS::APS::Workspace').map((r) => ({ what: `AWS::APS::Workspace ${r.id}`, at: r.at })), ...tfBlocks(inv, 'resource', 'aws_prometheus_workspace').map((b) => ({ what: tfAddress(b), at: b.at }))];
  for (const w of workspaces) out.push({ ok: false, what: w.what, at: w.at, message: `${w.what} stores metrics, but nothing in the inputs writes to it: no managed scraper, no Prometheus, ADOT or Grafana agent remote-writing` });
  for (const b of tfBlocks(inv, 'resource', 'aws_eks_addon')) if (b.value.addon_name === CW_ADDON) out.push({ ok: true, what: tfAddress(b), at: b.at });
  out.push(...eksModuleAddon(inv, CW_ADDON));
  for (const k of keelsonDefinitions(inv)) {
    const d = k.definition;
    if (d.observability.metrics.backend !== 'none') out.push({ ok: true, what: `keelson observability.metrics.backend: ${d.observability.metrics.backend}`, at: child(k.at, 'observability') });
    else if (d.addons.cloudWatchObservability.enabled) out.push({ ok: true, what: 'keelson addons.cloudWatchObservability', at: child(k.at, 'addons', 'cloudWatchObservability') });
    else {
      const at = written(k.raw, 'observability', 'metrics', 'backend') ? child(k.at, 'observability', 'metrics', 'backend') : child(k.at, 'observability');
      out.push({ ok: false, what: 'keelson definition', at, message: `cluster ${d.name}: observability.metrics.backend is none and the CloudWatch observability add-on is off, so no metrics are collected` });
    }
  }
  return out;
}

export default defineRule({
  id: 'OBS-METRICS',
  title: 'Prometheus/Grafana, AMP/AMG or Container Insights collect metrics',
  severity: 'medium',
  area: 'observability',
  evidence: ['DEF', 'K8S', 'LIVE'],
  checklist: 15,
  rationale: 'Without collected metrics there are no RED dashboards, no alert on pending pods, OOM kills, CPU throttling or API-server errors, and no evidence for capacity decisions. The guide uses CloudWatch Container Insights as the zero-configuration baseline and kube-prometheus-stack, or Amazon Managed Prometheus and Managed Grafana, for application metrics.',
  practice: 'AWS now offers a managed scraper for Amazon Managed Prometheus (AWS::APS::Scraper, aws_prometheus_scraper) that needs no agent in the cluster, and packages Container Insights as the amazon-cloudwatch-observability add-on; both pass. An AMP workspace alone stores nothing until a scraper or an agent writes to it. metrics-server only serves the HPA\'s resource metrics and collects nothing.',
  remediation: {
    keelson: 'set observability.metrics.backend: amp (the default: a workspace and a managed scraper) or kube-prometheus-stack',
    eksctl: `add "- name: ${CW_ADDON}" to addons (Container Insights), or install kube-prometheus-stack / an AMP managed scraper`,
    cloudformation: `add an AWS::APS::Workspace with an AWS::APS::Scraper for the cluster, or an AWS::EKS::Addon with AddonName: ${CW_ADDON}`,
    terraform: `add aws_prometheus_workspace with aws_prometheus_scraper, or aws_eks_addon with addon_name = "${CW_ADDON}"`,
    kubernetes: 'install kube-prometheus-stack (Prometheus, Grafana, Alertmanager), or an ADOT/Grafana agent remote-writing to Amazon Managed Prometheus',
  },
  ...scopeRule(true),
  check(s, ctx) {
    return judgeEvidence(ctx, [...inManifests(s.inventory), ...inDefinitions(s.inventory)], () => {
      if (!s.hasManifests && s.format !== 'keelson') {
        return [ctx.notEvaluated('the cluster definition sets up no metrics collection (no AMP scraper, no CloudWatch observability add-on), and the inputs hold no Kubernetes manifests that could show Prometheus or an agent installed by Helm or GitOps', s.at)];
      }
      return [ctx.fail('nothing in the inputs collects metrics: no Prometheus, no Container Insights agent or add-on, no AMP scraper or agent, no OpenTelemetry metrics pipeline', s.at)];
    });
  },
});
