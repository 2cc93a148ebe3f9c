import { isRecord } from '../../sources/detect.js';
import { valueAt } from '../../sources/fact.js';
import type { Inventory } from '../../sources/inventory.js';
import { child } from '../../sources/location.js';
import type { At } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { chartFolders, chartValue, chartValuesAt, configMapData, definitionCharts, helmCharts, mountedConfigMaps, workloadsMatching } from '../internal/components.js';
import type { ChartRef } from '../internal/components.js';
import { addonConfiguration, keelsonDefinitions, tfAddonConfigurationIn, tfAddress, tfBlocks, written } from '../internal/definitions.js';
import { scopeRule } from '../internal/scope.js';
import { eksModuleAddon, judgeEvidence } from '../internal/evidence.js';
import type { Found } from '../internal/evidence.js';
import type { RuleContext } from '../types.js';

/** Node-level log agents that tail /var/log/containers. The guide names Fluent Bit; the others do the same job. */
const LOG_AGENT = /fluent-?bit|fluentd|promtail|grafana\/alloy|(^|\/)alloy|timberio\/vector|(^|\/)vector:|filebeat/;
const LOG_CHARTS = /^(fluent-bit|aws-for-fluent-bit|fluentd|promtail|alloy|vector|filebeat|amazon-cloudwatch-observability|loki-stack)$/;
const CW_ADDON = 'amazon-cloudwatch-observability';
/** Fluent Bit outputs that go nowhere durable. */
const NOWHERE = new Set(['stdout', 'null', 'counter', 'exit']);

/** The output plugin names of a Fluent Bit configuration, classic (`[OUTPUT] Name x`) or YAML (`outputs: - name: x`). */
export function fluentBitOutputs(text: string): string[] | undefined {
  const classic = [...text.matchAll(/\[OUTPUT\][^[]*?^\s*name\s+(\S+)/gim)].map((m) => (m[1] as string).toLowerCase());
  const yaml = /^\s*outputs:\s*$/m.test(text) ? [...text.matchAll(/^\s*-\s*name:\s*['"]?([\w-]+)/gm)].map((m) => (m[1] as string).toLowerCase()) : [];
  if (classic.length === 0 && !/\[OUTPUT\]|^\s*outputs:/im.test(text)) return undefined;
  return [...classic, ...yaml];
}

function inManifests(inv: Inventory): Found[] {
  const out: Found[] = [];
  for (const w of workloadsMatching(inv, LOG_AGENT, ['DaemonSet'])) {
    const what = `DaemonSet ${w.object.namespace ? `${w.object.namespace}/` : ''}${w.object.name}`;
    const configs = mountedConfigMaps(inv, w).flatMap((cm) => Object.entries(configMapData(cm)).map(([key, text]) => ({ cm, key, text })));
    const outputs = configs.flatMap(({ text }) => fluentBitOutputs(text) ?? []);
    const fluentBit = w.containers.some((c) => /fluent-?bit/.test(c.image ?? ''));
    if (fluentBit && configs.some(({ text }) => fluentBitOutputs(text) !== undefined) && outputs.every((o) => NOWHERE.has(o))) {
      const { cm, key } = configs.find(({ text }) => fluentBitOutputs(text) !== undefined)!;
      out.push({ ok: false, what, at: child(cm.at, 'data', key), message: `${what} runs Fluent Bit, but its configuration (ConfigMap ${cm.name}) has no output that ships logs anywhere (${outputs.join(', ') || 'no [OUTPUT]'})` });
    } else out.push({ ok: true, what, at: w.object.at });
  }
  for (const c of [...helmCharts(inv), ...chartFolders(inv)]) if (LOG_CHARTS.test(c.chart)) out.push(chartEvidence(c));
  return out;
}

/** A Helm chart's outputs, each on by default or not (aws/eks-charts aws-for-fluent-bit values.yaml). */
const AWS_FOR_FLUENT_BIT_OUTPUTS: Record<string, boolean> = { cloudWatchLogs: true, cloudWatch: false, firehose: false, kinesis: false, kinesis_streams: false, elasticsearch: false, opensearch: false, s3: false };

/** How a chart template's `{{ if .Values.x }}` reads a value: false, 0, empty and null are off. */
function truthy(v: unknown): boolean {
  if (v === false || v === null || v === undefined || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  return !(isRecord(v) && Object.keys(v).length === 0);
}

/** Why chart failures need their own fix: the remediation of the cluster's format does not name the chart's values. */
const chartFixes = new WeakMap<At, string>();

function chartFailure(what: string, at: At, message: string, fix: string): Found {
  chartFixes.set(at, fix);
  return { ok: false, what, at, message };
}

function installer(c: ChartRef): string {
  return c.object ? `${c.object.kind} ${c.object.namespace ? `${c.object.namespace}/` : ''}${c.object.name}` : (c.label ?? c.at.origin.file);
}

/** A log-shipping chart ships logs unless its values turn every output off. */
function chartEvidence(c: ChartRef): Found {
  const what = `Helm chart ${c.chart} (${installer(c)})`;
  if (c.chart === 'aws-for-fluent-bit') {
    const on = Object.entries(AWS_FOR_FLUENT_BIT_OUTPUTS).filter(([key, byDefault]) => {
      const hit = chartValue(c, [key, 'enabled']);
      return hit ? truthy(hit.value) : byDefault;
    });
    const extra = chartValue(c, ['additionalOutputs']);
    const extraOutputs = typeof extra?.value === 'string' ? (fluentBitOutputs(extra.value) ?? []).filter((o) => !NOWHERE.has(o)) : [];
    if (on.length > 0 || extraOutputs.length > 0) return { ok: true, what, at: c.at };
    const at = chartValue(c, ['cloudWatchLogs', 'enabled'])?.at ?? chartValuesAt(c);
    return chartFailure(what, at, `${what} has every output disabled (${Object.keys(AWS_FOR_FLUENT_BIT_OUTPUTS).map((k) => `${k}.enabled`).join(', ')} all off, no additionalOutputs), so its Fluent Bit DaemonSet ships no container logs`, 'set cloudWatchLogs.enabled: true (with cloudWatchLogs.region and logGroupName) in the aws-for-fluent-bit values, or enable its opensearch, firehose, kinesis_streams or s3 output');
  }
  if (c.chart === 'fluent-bit') {
    // With an existing ConfigMap the outputs are not in the values; the chart's own default is an es output.
    if (truthy(chartValue(c, ['existingConfigMap'])?.value)) return { ok: true, what, at: c.at };
    const hit = chartValue(c, ['config', 'outputs']);
    if (hit === undefined || typeof hit.value !== 'string') return { ok: true, what, at: c.at };
    const outputs = fluentBitOutputs(hit.value) ?? [];
    if (outputs.some((o) => !NOWHERE.has(o))) return { ok: true, what, at: c.at };
    return chartFailure(what, hit.at, `${what} sets config.outputs to ${outputs.length > 0 ? `only ${outputs.join(', ')}` : 'no [OUTPUT] at all'}, so its Fluent Bit DaemonSet ships no container logs`, 'add an [OUTPUT] with Name cloudwatch_logs (or opensearch) to config.outputs in the fluent-bit values');
  }
  if (c.chart === CW_ADDON) {
    const hit = chartValue(c, ['containerLogs', 'enabled']);
    if (hit && !truthy(hit.value)) return chartFailure(what, hit.at, `${what} sets containerLogs.enabled: false, so its Fluent Bit DaemonSet ships no container logs`, `set containerLogs.enabled: true in the ${CW_ADDON} values`);
  }
  return { ok: true, what, at: c.at };
}

/** judgeEvidence with each chart failure's own fix. */
function withChartFixes(ctx: RuleContext): RuleContext {
  return { ...ctx, fail: (message, at, extra) => ctx.fail(message, at, { ...extra, ...(at && chartFixes.has(at) ? { fix: chartFixes.get(at) } : {}) }) };
}

function cloudWatchAddon(what: string, config: { value: Record<string, unknown> | undefined; at: At; unresolved?: string }, at: At): Found {
  if (config.unresolved) return { ok: false, what, at: config.at, message: `${what}: ${config.unresolved}`, undecided: true };
  // The add-on ships container logs through its Fluent Bit DaemonSet unless containerLogs.enabled is false.
  if (valueAt(config.value, ['containerLogs', 'enabled']) === false) return { ok: false, what, at: config.at, message: `${what} is installed with containerLogs.enabled: false, so its Fluent Bit DaemonSet ships no container logs` };
  return { ok: true, what, at };
}

function inDefinitions(inv: Inventory): Found[] {
  const out: Found[] = [];
  for (const a of inv.addons) if (a.name === CW_ADDON) out.push(cloudWatchAddon(`the ${CW_ADDON} add-on`, addonConfiguration(inv, a), a.at));
  for (const b of tfBlocks(inv, 'resource', 'aws_eks_addon')) {
    if (b.value.addon_name !== CW_ADDON) continue;
    out.push(cloudWatchAddon(tfAddress(b), tfAddonConfigurationIn(inv, b), b.at));
  }
  out.push(...eksModuleAddon(inv, CW_ADDON));
  for (const c of definitionCharts(inv)) if (LOG_CHARTS.test(c.chart)) out.push(chartEvidence(c));
  for (const k of keelsonDefinitions(inv)) {
    const d = k.definition;
    if (d.observability.logs.agent !== 'none') out.push({ ok: true, what: `keelson observability.logs.agent: ${d.observability.logs.agent}`, at: child(k.at, 'observability') });
    else if (d.addons.cloudWatchObservability.enabled) out.push({ ok: true, what: 'keelson addons.cloudWatchObservability', at: child(k.at, 'addons', 'cloudWatchObservability') });
    else {
      const at = written(k.raw, 'observability', 'logs', 'agent') ? child(k.at, 'observability', 'logs', 'agent') : child(k.at, 'observability');
      out.push({ ok: false, what: 'keelson definition', at, message: `cluster ${d.name}: observability.logs.agent is none and the CloudWatch observability add-on is off, so no container logs leave the nodes` });
    }
  }
  return out;
}

export default defineRule({
  id: 'OBS-LOGS',
  title: 'Fluent Bit (or the CloudWatch observability add-on) ships container logs',
  severity: 'medium',
  area: 'observability',
  evidence: ['DEF', 'K8S', 'LIVE'],
  checklist: 14,
  rationale: 'Container stdout/stderr lives on the node and is gone when the node is replaced (Karpenter consolidation, spot reclaims, upgrades). The guide runs Fluent Bit as a DaemonSet to ship every container\'s logs to CloudWatch Logs or OpenSearch, as structured JSON so Logs Insights and OpenSearch can query fields; Fluent Bit does this with far less CPU and memory than Fluentd.',
  practice: 'AWS now packages the same thing as the amazon-cloudwatch-observability EKS add-on (CloudWatch agent plus Fluent Bit), which this rule accepts; its containerLogs.enabled: false turns the log part off. Fluentd, Vector, Promtail/Alloy (to Loki) and Filebeat DaemonSets are accepted as equivalent shippers. A log chart installed by Helm (a Flux HelmRelease and its valuesFrom ConfigMaps, an Argo CD Application\'s values, valuesObject and parameters, a kustomize helmCharts entry and its valuesFile, an umbrella chart\'s values.yaml, a CDK addHelmChart\'s Values, a Terraform helm_release\'s values and set) is judged by its values as Helm merges them: aws-for-fluent-bit with every output off (cloudWatchLogs, cloudWatch, firehose, kinesis, kinesis_streams, elasticsearch, opensearch, s3 and no additionalOutputs), fluent-bit whose config.outputs holds no output beyond stdout/null, or amazon-cloudwatch-observability with containerLogs.enabled: false ships nothing.',
  remediation: {
    keelson: 'set observability.logs.agent: fluent-bit (the default) or cloudwatch-addon',
    eksctl: `add "- name: ${CW_ADDON}" to addons (with a Pod Identity association for CloudWatchAgentServerPolicy), or deploy the aws-for-fluent-bit DaemonSet`,
    cloudformation: `add an AWS::EKS::Addon with AddonName: ${CW_ADDON}, or deploy the aws-for-fluent-bit DaemonSet`,
    terraform: `add resource "aws_eks_addon" with addon_name = "${CW_ADDON}" (or the module's addons / cluster_addons entry "${CW_ADDON}")`,
    kubernetes: 'deploy Fluent Bit as a DaemonSet (the aws-for-fluent-bit or fluent-bit chart) tailing /var/log/containers/*.log with a cloudwatch_logs or opensearch output',
  },
  ...scopeRule(true),
  check(s, ctx) {
    const inv = s.inventory;
    return judgeEvidence(withChartFixes(ctx), [...inManifests(inv), ...inDefinitions(inv)], () => {
      const keelsonOrManifests = s.hasManifests || s.format === 'keelson';
      if (!keelsonOrManifests) {
        return [ctx.notEvaluated(`the cluster definition installs no ${CW_ADDON} add-on, and the inputs hold no Kubernetes manifests that could show a Fluent Bit DaemonSet installed by Helm or GitOps`, s.at)];
      }
      return [ctx.fail('nothing in the inputs ships container logs: no Fluent Bit (or other log agent) DaemonSet, no log-shipping Helm chart, no CloudWatch observability add-on', s.at)];
    });
  },
});
