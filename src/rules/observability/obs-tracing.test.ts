import { describe, expect, it } from 'vitest';
import rule from './obs-tracing.js';
import { deployment } from '../internal/manifests.js';
import { checkFiles, checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';
import { ownManifests } from '../internal/own-manifests.js';

// The ADOT collector as the aws-otel-collector docs deploy it: a Deployment with its configuration in a ConfigMap.
const COLLECTOR = (pipelines: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: otel-config
  namespace: observability
data:
  collector.yaml: |
    receivers:
      otlp:
        protocols: {grpc: {endpoint: 0.0.0.0:4317}}
    exporters:
      awsxray: {region: eu-west-1}
      debug: {}
    service:
      pipelines:
${pipelines}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: otel-collector
  namespace: observability
spec:
  replicas: 2
  selector:
    matchLabels: {app: otel-collector}
  template:
    metadata:
      labels: {app: otel-collector}
    spec:
      containers:
        - name: collector
          image: public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3
          args: [--config=/conf/collector.yaml]
          volumeMounts: [{name: conf, mountPath: /conf}]
      volumes:
        - name: conf
          configMap: {name: otel-config}
`;
const TRACES = (exporters: string) => `        traces:\n          receivers: [otlp]\n          exporters: [${exporters}]`;

describe('OBS-TRACING', () => {
  it('fails manifests with no collector, at the first object', () => {
    expect(failures(checkFiles(rule, { 'app.yaml': deployment() }))).toEqual(['OBS-TRACING app.yaml:1']);
  });

  it('passes an ADOT collector exporting traces to X-Ray, configured from a ConfigMap in the same file', () => {
    const r = checkFiles(rule, { 'app.yaml': deployment(), 'otel.yaml': COLLECTOR(TRACES('awsxray')) });
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('fails a traces pipeline that only prints spans (debug exporter), at the collector configuration', () => {
    const r = checkFiles(rule, { 'otel.yaml': COLLECTOR(TRACES('debug')) });
    expect(failures(r)).toEqual(['OBS-TRACING otel.yaml:7']);
    expect(r.findings[0]?.message).toMatch(/exports nowhere \(debug\)/);
  });

  it('fails a collector with only a metrics pipeline', () => {
    const metrics = '        metrics:\n          receivers: [otlp]\n          exporters: [awsxray]';
    expect(checkFiles(rule, { 'otel.yaml': COLLECTOR(metrics) }).findings[0]?.message).toMatch(/no traces pipeline \(pipelines: metrics\)/);
  });

  it('leaves a collector whose ConfigMap is not in the inputs not evaluated', () => {
    const deploymentOnly = COLLECTOR(TRACES('awsxray')).split('---\n')[1]!;
    const r = checkYaml(rule, deploymentOnly);
    expect(r.rules[0]?.status).toBe('not-evaluated');
    expect(failures(r)).toEqual([]);
  });

  it('passes an OpenTelemetry Operator collector (v1beta1, config as an object)', () => {
    const cr = 'apiVersion: opentelemetry.io/v1beta1\nkind: OpenTelemetryCollector\nmetadata: {name: traces}\nspec:\n  mode: daemonset\n  config:\n    receivers: {otlp: {protocols: {grpc: {}}}}\n    exporters: {"otlp/tempo": {endpoint: "tempo:4317"}}\n    service:\n      pipelines:\n        traces: {receivers: [otlp], exporters: [otlp/tempo]}\n';
    expect(checkYaml(rule, cr).rules[0]?.status).toBe('pass');
  });

  it('has no targets without manifests (a keelson definition alone is not K8S evidence)', () => {
    expect(checkYaml(rule, 'name: prod\naccount: "123456789012"\nregion: eu-west-1\n').rules[0]).toMatchObject({ status: 'not-evaluated', targets: 0 });
  });

  it('passes keelson\'s own GitOps tree (its ADOT collector exports to awsxray), and fails it with tracing off', () => {
    expect(checkFiles(rule, ownManifests()).rules[0]?.status).toBe('pass');
    expect(failures(checkFiles(rule, ownManifests({ observability: { tracing: { enabled: false } } })))).toHaveLength(1);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('fails the tensorflow serving manifests, which export no traces', () => {
      expect(failures(checkFixtures(rule, ['k8s/tensorflow-model-serving-deployment.yaml']))).toEqual(['OBS-TRACING k8s/tensorflow-model-serving-deployment.yaml:1']);
    });
  });
});
