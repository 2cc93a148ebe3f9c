import { describe, expect, it } from 'vitest';
import rule from './obs-metrics.js';
import { deployment } from '../internal/manifests.js';
import { checkFiles, checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';
import { ownManifests } from '../internal/own-manifests.js';
import { checkOwnOutput, OWN_OUTPUT_TIMEOUT_MS } from '../internal/own-output.js';

const KEELSON = 'name: prod\naccount: "123456789012"\nregion: eu-west-1\n';
const CFN = (extra: string) => `Resources:\n  C:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: c\n${extra}`;
const WORKSPACE = '  Workspace:\n    Type: AWS::APS::Workspace\n    Properties:\n      Alias: c\n';
const SCRAPER = '  Scraper:\n    Type: AWS::APS::Scraper\n    Properties:\n      Destination:\n        AmpConfiguration:\n          WorkspaceArn: !GetAtt Workspace.Arn\n';
// An ADOT collector that scrapes Prometheus endpoints and remote-writes to AMP (the ADOT EKS add-on's documented shape).
const ADOT_METRICS = `apiVersion: opentelemetry.io/v1beta1
kind: OpenTelemetryCollector
metadata:
  name: adot-metrics
  namespace: opentelemetry
spec:
  mode: deployment
  config:
    receivers:
      prometheus:
        config:
          scrape_configs:
            - job_name: kubernetes-pods
    exporters:
      prometheusremotewrite:
        endpoint: https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1/api/v1/remote_write
    service:
      pipelines:
        metrics:
          receivers: [prometheus]
          exporters: [prometheusremotewrite]
`;

describe('OBS-METRICS', () => {
  it('fails manifests that hold only metrics-server, at the first object', () => {
    const ms = deployment({ name: 'metrics-server', namespace: 'kube-system', image: 'registry.k8s.io/metrics-server/metrics-server:v0.8.0' });
    expect(failures(checkFiles(rule, { 'app.yaml': deployment(), 'ms.yaml': ms }))).toEqual(['OBS-METRICS app.yaml:1']);
  });

  it('passes a Prometheus Operator Prometheus in another file', () => {
    const prom = 'apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: k8s, namespace: monitoring}\nspec:\n  replicas: 2\n';
    expect(checkFiles(rule, { 'app.yaml': deployment(), 'prom.yaml': prom }).rules[0]?.status).toBe('pass');
  });

  it('passes an OpenTelemetry collector with a metrics pipeline, and not one with traces only', () => {
    expect(checkFiles(rule, { 'app.yaml': deployment(), 'adot.yaml': ADOT_METRICS }).rules[0]?.status).toBe('pass');
    const tracesOnly = ADOT_METRICS.replace('        metrics:', '        traces:');
    expect(failures(checkFiles(rule, { 'app.yaml': deployment(), 'adot.yaml': tracesOnly }))).toEqual(['OBS-METRICS app.yaml:1']);
  });

  it('passes kube-prometheus-stack installed by a Flux HelmRelease', () => {
    const hr = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: kps, namespace: monitoring}\nspec:\n  chart:\n    spec:\n      chart: kube-prometheus-stack\n      sourceRef: {kind: HelmRepository, name: prometheus-community}\n';
    expect(checkFiles(rule, { 'app.yaml': deployment(), 'hr.yaml': hr }).rules[0]?.status).toBe('pass');
  });

  describe('cluster definitions', () => {
    it('passes an AMP workspace with a managed scraper', () => {
      expect(checkYaml(rule, CFN(WORKSPACE + SCRAPER)).rules[0]?.status).toBe('pass');
    });

    it('fails an AMP workspace that nothing writes to, at the workspace', () => {
      expect(failures(checkYaml(rule, CFN(WORKSPACE)))).toEqual(['OBS-METRICS in.yaml:6']);
    });

    it('is not evaluated for a CloudFormation cluster alone, and passes the Container Insights add-on', () => {
      expect(checkYaml(rule, CFN('')).rules[0]?.status).toBe('not-evaluated');
      expect(checkYaml(rule, CFN('  Obs:\n    Type: AWS::EKS::Addon\n    Properties:\n      ClusterName: c\n      AddonName: amazon-cloudwatch-observability\n')).rules[0]?.status).toBe('pass');
    });

    it('passes Terraform aws_prometheus_scraper, and fails a lone aws_prometheus_workspace', () => {
      const cluster = { aws_eks_cluster: { c: [{ name: 'c', role_arn: 'arn:aws:iam::123456789012:role/c', vpc_config: [{ subnet_ids: ['subnet-1'] }] }] } };
      const ws = { ...cluster, aws_prometheus_workspace: { amp: [{ alias: 'c' }] } };
      const scraper = { aws_prometheus_scraper: { s: [{ alias: 'c' }] } };
      expect(checkFiles(rule, { 'main.tf.json': JSON.stringify({ resource: { ...ws, ...scraper } }) }).rules[0]).toMatchObject({ status: 'pass' });
      const r = checkFiles(rule, { 'main.tf.json': JSON.stringify({ resource: ws }), 'app.yaml': deployment() });
      expect(r.findings.map((f) => `${f.outcome} ${f.message}`)).toEqual(['fail aws_prometheus_workspace.amp stores metrics, but nothing in the inputs writes to it: no managed scraper, no Prometheus, ADOT or Grafana agent remote-writing']);
    });

    it('keelson: passes the default (amp), fails backend none at the field', () => {
      expect(checkYaml(rule, KEELSON).rules[0]?.status).toBe('pass');
      expect(failures(checkYaml(rule, `${KEELSON}observability:\n  metrics:\n    backend: none\n`))).toEqual(['OBS-METRICS in.yaml:6']);
    });
  });

  it('passes keelson\'s own GitOps tree (the AMP scraper\'s RBAC shows the managed scraper)', () => {
    expect(checkFiles(rule, ownManifests()).rules[0]?.status).toBe('pass');
    expect(checkFiles(rule, ownManifests({ observability: { metrics: { backend: 'kube-prometheus-stack' } } })).rules[0]?.status).toBe('pass');
  });

  it('passes keelson\'s own cloud assembly (AMP workspace and managed scraper)', { timeout: OWN_OUTPUT_TIMEOUT_MS }, async () => {
    const r = await checkOwnOutput(rule);
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('fails the guestbook manifests, which collect no metrics', () => {
      expect(failures(checkFixtures(rule, ['k8s/guestbook-all-in-one.yaml']))).toEqual(['OBS-METRICS k8s/guestbook-all-in-one.yaml:1']);
    });
  });
});
