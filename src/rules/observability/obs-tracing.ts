import type { Inventory } from '../../sources/inventory.js';
import { child } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { helmCharts, workloadsMatching } from '../internal/components.js';
import { keelsonDefinitions } from '../internal/definitions.js';
import { judgeEvidence } from '../internal/evidence.js';
import type { Found } from '../internal/evidence.js';
import { otelCollectors, pipelinesFor } from '../internal/otel.js';
import { scopeRule } from '../internal/scope.js';

/** Exporters that print or drop spans: a pipeline ending only in these exports nothing. */
const NOWHERE = new Set(['debug', 'logging', 'nop']);
const XRAY_DAEMON = /aws-xray-daemon/;
const TRACING_CHARTS = /^(opentelemetry-collector|adot-exporter-for-eks-on-ec2)$/;

function evidence(inv: Inventory): Found[] {
  const out: Found[] = [];
  for (const c of otelCollectors(inv)) {
    if (!c.config) {
      out.push({ ok: false, what: c.what, at: c.at, undecided: true, message: `${c.what} is an OpenTelemetry collector, but its configuration is not in the inputs, so whether it exports traces is unknown` });
      continue;
    }
    const traces = pipelinesFor(c, 'traces');
    const exporting = traces.filter((p) => p.exporters.some((e) => !NOWHERE.has(e.split('/')[0] as string)));
    if (exporting.length > 0) out.push({ ok: true, what: c.what, at: c.at });
    else if (traces.length > 0) out.push({ ok: false, what: c.what, at: c.config.at, message: `${c.what} has a traces pipeline that exports nowhere (${traces.flatMap((p) => p.exporters).join(', ') || 'no exporters'})` });
    else out.push({ ok: false, what: c.what, at: c.config.at, message: `${c.what} has no traces pipeline (pipelines: ${c.config.pipelines.map((p) => p.name).join(', ') || 'none'})` });
  }
  for (const w of workloadsMatching(inv, XRAY_DAEMON)) out.push({ ok: true, what: `${w.object.kind} ${w.object.name} (X-Ray daemon)`, at: w.object.at });
  for (const c of helmCharts(inv)) if (TRACING_CHARTS.test(c.chart)) out.push({ ok: true, what: `Helm chart ${c.chart}`, at: c.at });
  // keelson synth writes the ADOT collector (OTLP in, X-Ray out) whenever tracing is on.
  for (const k of keelsonDefinitions(inv)) {
    if (k.definition.observability.tracing.enabled) out.push({ ok: true, what: 'keelson observability.tracing', at: child(k.at, 'observability') });
  }
  return out;
}

export default defineRule({
  id: 'OBS-TRACING',
  title: 'An OpenTelemetry / ADOT collector exports traces',
  severity: 'low',
  area: 'observability',
  evidence: ['K8S', 'LIVE'],
  checklist: 16,
  rationale: 'Distributed traces show which service in a call chain is slow or failing, which metrics and logs alone cannot. The guide instruments applications with the OpenTelemetry SDK and runs the ADOT (AWS Distro for OpenTelemetry) collector to sample and export spans to AWS X-Ray, whose service map shows cross-service dependencies during an incident; 1–5% head-based sampling in production.',
  practice: 'AWS has moved X-Ray instrumentation to OpenTelemetry (the X-Ray SDKs and daemon are in maintenance); an X-Ray daemon DaemonSet still passes this rule, but new setups should send OTLP to an ADOT collector. A collector whose traces pipeline ends only in the debug exporter exports nothing.',
  remediation: {
    keelson: 'set observability.tracing.enabled: true (the default): keelson writes an ADOT collector exporting to X-Ray',
    kubernetes: 'deploy an OpenTelemetry (ADOT) collector with service.pipelines.traces receiving otlp and exporting to awsxray (or otlp to your tracing backend)',
  },
  ...scopeRule(false),
  check(s, ctx) {
    return judgeEvidence(ctx, evidence(s.inventory), () => [ctx.fail('nothing in the inputs exports traces: no OpenTelemetry/ADOT collector with a traces pipeline, no X-Ray daemon', s.at)]);
  },
});
