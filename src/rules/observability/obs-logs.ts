import { valueAt } from '../../sources/fact.js';
import type { Inventory } from '../../sources/inventory.js';
import { child } from '../../sources/location.js';
import type { At } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { configMapData, helmCharts, mountedConfigMaps, workloadsMatching } from '../internal/components.js';
import { addonConfiguration, keelsonDefinitions, tfAddonConfiguration, tfAddress, tfBlocks, written } from '../internal/definitions.js';
import { scopeRule } from '../internal/scope.js';
import { eksModuleAddon, judgeEvidence } from '../internal/evidence.js';
import type { Found } from '../internal/evidence.js';

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
  for (const c of helmCharts(inv)) if (LOG_CHARTS.test(c.chart)) out.push({ ok: true, what: `Helm chart ${c.chart}`, at: c.at });
  return out;
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
    if (b.value.addon_name === CW_ADDON) out.push(cloudWatchAddon(tfAddress(b), tfAddonConfiguration(b), b.at));
  }
  out.push(...eksModuleAddon(inv, CW_ADDON));
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
  practice: 'AWS now packages the same thing as the amazon-cloudwatch-observability EKS add-on (CloudWatch agent plus Fluent Bit), which this rule accepts; its containerLogs.enabled: false turns the log part off. Fluentd, Vector, Promtail/Alloy (to Loki) and Filebeat DaemonSets are accepted as equivalent shippers.',
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
    return judgeEvidence(ctx, [...inManifests(inv), ...inDefinitions(inv)], () => {
      const keelsonOrManifests = s.hasManifests || s.format === 'keelson';
      if (!keelsonOrManifests) {
        return [ctx.notEvaluated(`the cluster definition installs no ${CW_ADDON} add-on, and the inputs hold no Kubernetes manifests that could show a Fluent Bit DaemonSet installed by Helm or GitOps`, s.at)];
      }
      return [ctx.fail('nothing in the inputs ships container logs: no Fluent Bit (or other log agent) DaemonSet, no log-shipping Helm chart, no CloudWatch observability add-on', s.at)];
    });
  },
});
