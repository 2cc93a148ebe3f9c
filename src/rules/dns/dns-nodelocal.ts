import type { Inventory } from '../../sources/inventory.js';
import { child } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { plannedNodes } from '../internal/cluster-size.js';
import { helmCharts, workloadsMatching } from '../internal/components.js';
import { keelsonDefinitions, written } from '../internal/definitions.js';
import { scopeRule } from '../internal/scope.js';

/**
 * Above this many nodes the guide's own CoreDNS formula, max(2, ceil(nodes/50)), needs more than two replicas:
 * the point where this rule calls a cluster large.
 */
export const LARGE_CLUSTER_NODES = 100;
const NODE_CACHE = /k8s-dns-node-cache|node-local-dns|nodelocaldns/;

function nodeLocalDns(inv: Inventory): string | undefined {
  const ds = workloadsMatching(inv, NODE_CACHE, ['DaemonSet'])[0];
  if (ds) return `DaemonSet ${ds.object.name}`;
  const chart = helmCharts(inv).find((c) => NODE_CACHE.test(c.chart));
  if (chart) return `Helm chart ${chart.chart}`;
  // keelson synth writes the node-local-dns DaemonSet when dns.nodeLocal.enabled is true.
  if (keelsonDefinitions(inv).some((k) => k.definition.dns.nodeLocal.enabled)) return 'keelson dns.nodeLocal';
  return undefined;
}

export default defineRule({
  id: 'DNS-NODELOCAL',
  title: 'NodeLocal DNSCache runs on large clusters',
  severity: 'low',
  area: 'addons',
  evidence: ['K8S', 'LIVE'],
  rationale: `NodeLocal DNSCache (the node-local-dns DaemonSet) answers DNS from a cache on every node, which the guide says cuts CoreDNS load by 40–70% in large clusters and avoids conntrack races on UDP DNS. This rule calls a cluster large above ${LARGE_CLUSTER_NODES} nodes, where the guide's own CoreDNS formula, max(2, ceil(nodes/50)), needs more than two replicas.`,
  practice: 'The node count comes from keelson\'s addons.coreDns.expectedNodes, or the node groups\' maximum sizes when no Karpenter adds nodes beyond them. Manifests alone rarely say how large a cluster is: without a node count, the rule is not evaluated rather than guessed.',
  remediation: {
    keelson: 'set dns.nodeLocal.enabled: true',
    kubernetes: 'deploy NodeLocal DNSCache (kubernetes/dns nodelocaldns.yaml: the node-local-dns DaemonSet on 169.254.20.10, forwarding to the kube-dns Service IP)',
  },
  ...scopeRule(true),
  check(s, ctx) {
    if (nodeLocalDns(s.inventory)) return [];
    const planned = plannedNodes(s.inventory);
    if (planned === undefined) return [ctx.notEvaluated('no NodeLocal DNSCache in the inputs, and they do not say how many nodes the cluster has (Karpenter, or no node group sizes)', s.at)];
    if (planned.nodes <= LARGE_CLUSTER_NODES) return [];
    const keelson = keelsonDefinitions(s.inventory)[0];
    const at = keelson ? child(keelson.at, ...(written(keelson.raw, 'dns') ? ['dns', 'nodeLocal', 'enabled'] : ['addons', 'coreDns', 'expectedNodes'])) : planned.at;
    return [ctx.fail(`the cluster plans for ${planned.nodes} nodes (${planned.how}), more than ${LARGE_CLUSTER_NODES}, and runs no NodeLocal DNSCache: every DNS query crosses the network to CoreDNS`, at)];
  },
});
