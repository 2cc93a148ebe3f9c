import { isRecord } from '../../sources/detect.js';
import { valueAt } from '../../sources/fact.js';
import type { Inventory } from '../../sources/inventory.js';
import { child } from '../../sources/location.js';
import type { At } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { plannedNodes } from '../internal/cluster-size.js';
import { workloadsMatching } from '../internal/components.js';
import { addonConfiguration, keelsonDefinitions, tfAddonConfigurationIn, tfAddress, tfBlocks, written } from '../internal/definitions.js';
import type { AddonConfiguration } from '../internal/definitions.js';
import type { RemediationFormat, Verdict } from '../types.js';

const ZONE_KEYS = new Set(['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone']);
/** EKS runs two CoreDNS replicas unless told otherwise (EKS user guide, "Scale CoreDNS Pods"). */
const EKS_DEFAULT_REPLICAS = 2;
const NODES_PER_REPLICA = 50;

/** One place that decides how CoreDNS runs: an add-on's configuration, a manifest, a keelson definition, or EKS's default. */
interface CoreDns {
  readonly what: string;
  readonly at: At;
  readonly format: RemediationFormat;
  readonly replicas: { readonly value: number | undefined; readonly at: At; readonly autoscaled?: boolean };
  readonly zoneSpread: { readonly value: boolean; readonly at: At };
  readonly unresolved?: string;
}

/** Zone spread in a pod spec (or an add-on configuration with the same fields): topology spread or anti-affinity on the zone. */
export function spreadsAcrossZones(spec: unknown): boolean {
  const tsc = valueAt(spec, ['topologySpreadConstraints']);
  if (Array.isArray(tsc) && tsc.some((c) => isRecord(c) && ZONE_KEYS.has(String(c.topologyKey)))) return true;
  const anti = valueAt(spec, ['affinity', 'podAntiAffinity']);
  if (!isRecord(anti)) return false;
  const required = Array.isArray(anti.requiredDuringSchedulingIgnoredDuringExecution) ? anti.requiredDuringSchedulingIgnoredDuringExecution : [];
  const preferred = Array.isArray(anti.preferredDuringSchedulingIgnoredDuringExecution) ? anti.preferredDuringSchedulingIgnoredDuringExecution.map((p) => (isRecord(p) ? p.podAffinityTerm : undefined)) : [];
  return [...required, ...preferred].some((t) => isRecord(t) && ZONE_KEYS.has(String(t.topologyKey)));
}

function fromAddonConfig(what: string, format: RemediationFormat, at: At, config: AddonConfiguration): CoreDns {
  if (config.unresolved || !config.value) {
    return { what, at, format, replicas: { value: undefined, at: config.at }, zoneSpread: { value: false, at: config.at }, unresolved: `${what}: ${config.unresolved ?? 'unreadable configuration'}` };
  }
  const v = config.value;
  // The add-on's CoreDNS autoscaler (coredns v1.9+) scales with the cluster between minReplicas and maxReplicas.
  const auto = valueAt(v, ['autoScaling', 'enabled']) === true;
  const count = auto ? valueAt(v, ['autoScaling', 'minReplicas']) ?? EKS_DEFAULT_REPLICAS : valueAt(v, ['replicaCount']) ?? EKS_DEFAULT_REPLICAS;
  return {
    what,
    at,
    format,
    replicas: { value: typeof count === 'number' ? count : undefined, at: config.at, autoscaled: auto },
    zoneSpread: { value: spreadsAcrossZones(v), at: config.at },
  };
}

/** An add-on's configuration_values, a file() or templatefile() read from the configuration's directory first. */



function sources(inv: Inventory): CoreDns[] {
  const out: CoreDns[] = [];
  for (const a of inv.addons) if (a.name === 'coredns') out.push(fromAddonConfig(`the coredns add-on`, a.source, a.at, addonConfiguration(inv, a)));
  for (const b of tfBlocks(inv, 'resource', 'aws_eks_addon')) if (b.value.addon_name === 'coredns') out.push(fromAddonConfig(tfAddress(b), 'terraform', b.at, tfAddonConfigurationIn(inv, b)));
  for (const m of tfBlocks(inv, 'module')) {
    for (const key of ['cluster_addons', 'addons']) {
      const c = valueAt(m.value, [key, 'coredns']);
      if (!isRecord(c)) continue;
      const at = child(m.at, key, 'coredns');
      out.push(fromAddonConfig(`module.${m.name} ${key}.coredns`, 'terraform', at, tfAddonConfigurationIn(inv, { type: 'module', name: m.name, value: c, at })));
    }
  }
  for (const w of workloadsMatching(inv, /(^|\/)coredns(:|@|$)|eks\/coredns/, ['Deployment'])) {
    if (w.object.name !== 'coredns' && !w.containers.some((c) => /coredns/.test(c.image ?? ''))) continue;
    out.push({
      what: `Deployment ${w.object.namespace ? `${w.object.namespace}/` : ''}${w.object.name}`,
      at: w.object.at,
      format: 'kubernetes',
      replicas: { value: w.replicas.value, at: w.replicas.at },
      zoneSpread: { value: spreadsAcrossZones(w.podSpec), at: child(w.object.at, ...w.podSpecPath) },
      ...(w.replicas.unresolved ? { unresolved: w.replicas.unresolved } : {}),
    });
  }
  for (const k of keelsonDefinitions(inv)) {
    const c = k.definition.addons.coreDns;
    const at = child(k.at, 'addons', 'coreDns');
    // keelson always adds the zone topology spread constraint; replicas default to the guide's formula.
    out.push({
      what: 'keelson addons.coreDns',
      at,
      format: 'keelson',
      replicas: { value: c.replicas ?? Math.max(2, Math.ceil(c.expectedNodes / NODES_PER_REPLICA)), at: written(k.raw, 'addons', 'coreDns', 'replicas') ? child(at, 'replicas') : at },
      zoneSpread: { value: true, at },
    });
  }
  // A cluster with no CoreDNS configuration anywhere in the inputs runs EKS's default CoreDNS.
  if (out.length === 0) {
    for (const c of inv.clusters) {
      const at = c.at;
      out.push({ what: `cluster ${c.name} (EKS's default CoreDNS)`, at, format: c.source, replicas: { value: EKS_DEFAULT_REPLICAS, at }, zoneSpread: { value: false, at } });
    }
  }
  return out;
}

export default defineRule({
  id: 'DNS-COREDNS-HA',
  title: 'CoreDNS runs max(2, ceil(nodes/50)) replicas spread across zones',
  severity: 'medium',
  area: 'addons',
  evidence: ['DEF', 'K8S', 'LIVE'],
  rationale: 'Every pod resolves names through CoreDNS; it is frequently the unrecognized bottleneck of a dense cluster, and when its replicas sit in one zone a zone outage takes DNS (and so every service call) down with it. The guide runs at least 2 replicas, preferably ceil(nodes/50), spread across availability zones with pod anti-affinity or topology spread.',
  practice: 'EKS runs 2 replicas by default with anti-affinity across nodes only, not zones. Since coredns v1.9.3-eksbuild.5 the managed add-on accepts topologySpreadConstraints, and since v1.9 it can autoscale replicas with the cluster (autoScaling.enabled with minReplicas/maxReplicas), which this rule accepts in place of a fixed count. The node count is keelson\'s expectedNodes, or the sum of the node groups\' maximum sizes when no Karpenter adds nodes beyond them; where the inputs do not say, the rule holds replicas to the guide\'s minimum of 2.',
  remediation: {
    keelson: 'keelson spreads CoreDNS across zones; set addons.coreDns.expectedNodes (or remove an explicit addons.coreDns.replicas below max(2, ceil(nodes/50)))',
    eksctl: 'add "- name: coredns" to addons with configurationValues: \'{"replicaCount": 2, "topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "ScheduleAnyway", "labelSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}]}\'',
    cloudformation: 'set ConfigurationValues on the AWS::EKS::Addon coredns to JSON with replicaCount (or autoScaling) and topologySpreadConstraints on topology.kubernetes.io/zone',
    terraform: 'set configuration_values = jsonencode({ replicaCount = 2, topologySpreadConstraints = [{ maxSkew = 1, topologyKey = "topology.kubernetes.io/zone", whenUnsatisfiable = "ScheduleAnyway", labelSelector = { matchLabels = { "k8s-app" = "kube-dns" } } }] }) on the coredns aws_eks_addon (or the module\'s addons.coredns)',
    kubernetes: 'set spec.replicas to max(2, ceil(nodes/50)) and add a topologySpreadConstraints entry (or podAntiAffinity) on topology.kubernetes.io/zone to the coredns Deployment',
  },
  targets: (inv: Inventory): readonly CoreDns[] => sources(inv),
  locate: (c: CoreDns) => c.at,
  format: (c: CoreDns): RemediationFormat => c.format,
  check(c, ctx) {
    if (c.unresolved) return [ctx.notEvaluated(c.unresolved, c.replicas.at)];
    const out: Verdict[] = [];
    const planned = plannedNodes(ctx.inventory);
    const nodes = planned?.nodes;
    const needed = Math.max(2, nodes === undefined ? 2 : Math.ceil(nodes / NODES_PER_REPLICA));
    const n = c.replicas.value;
    if (n === undefined) out.push(ctx.notEvaluated(`${c.what}: the replica count is not a number`, c.replicas.at, { sub: 'replicas' }));
    else if (n < needed) {
      const why = nodes === undefined ? 'the guide\'s minimum is 2' : `${nodes} nodes (${planned?.how}) need max(2, ceil(${nodes}/${NODES_PER_REPLICA})) = ${needed}`;
      out.push(ctx.fail(`${c.what} runs ${c.replicas.autoscaled ? 'at least ' : ''}${n} CoreDNS replica${n === 1 ? '' : 's'}; ${why}`, c.replicas.at, { sub: 'replicas' }));
    }
    if (!c.zoneSpread.value) out.push(ctx.fail(`${c.what} does not spread CoreDNS across zones (no topologySpreadConstraints or podAntiAffinity on topology.kubernetes.io/zone): one zone outage can take cluster DNS down`, c.zoneSpread.at, { sub: 'zone-spread' }));
    return out;
  },
});
