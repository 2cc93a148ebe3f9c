/** The VPC CNI and the other CNIs as manifests install them (rendered DaemonSets, Helm charts), for the network rules. */
import { isRecord } from '../../sources/detect.js';
import type { Inventory, WorkloadFact } from '../../sources/inventory.js';
import { objectsOfKind } from '../../sources/inventory.js';
import { child } from '../../sources/location.js';
import type { At } from '../../sources/location.js';
import { helmCharts, workloadsMatching } from './components.js';

/** The aws-node DaemonSet (the VPC CNI) of rendered manifests. */
export function awsNode(inv: Inventory): WorkloadFact | undefined {
  return inv.workloads.find((w) => w.object.kind === 'DaemonSet' && w.object.name === 'aws-node');
}

/** An env var of a workload's containers, located at its value. */
export function envVar(w: WorkloadFact, name: string): { value: unknown; at: At } | undefined {
  for (const c of w.containers) {
    const env = c.value.env;
    if (!Array.isArray(env)) continue;
    const i = env.findIndex((e) => isRecord(e) && e.name === name);
    if (i >= 0) return { value: (env[i] as Record<string, unknown>).value, at: child(c.at, 'env', i, 'value') };
  }
  return undefined;
}

/** A `--flag=value` argument of a workload's containers, located at the argument. */
export function containerArg(w: WorkloadFact, container: string, flag: string): { value: string; at: At } | undefined {
  const c = w.containers.find((x) => x.name === container);
  if (!c) return undefined;
  const args = c.value.args;
  if (!Array.isArray(args)) return undefined;
  const i = args.findIndex((a) => typeof a === 'string' && a.startsWith(`${flag}=`));
  return i < 0 ? undefined : { value: String(args[i]).slice(flag.length + 1), at: child(c.at, 'args', i) };
}

export interface EngineEvidence {
  readonly engine: string;
  readonly at: At;
  /** Enforcement is on; false when the engine is there but enforcement is turned off. */
  readonly enforcing: boolean;
  readonly detail: string;
}

/** NetworkPolicy engines installed by the manifests: Cilium, Calico, Antrea, or the VPC CNI's network policy agent. */
export function manifestPolicyEngines(inv: Inventory): EngineEvidence[] {
  const out: EngineEvidence[] = [];
  for (const [engine, pattern] of [['Cilium', /(^|\/)cilium(-agent)?(:|$)|^cilium$/], ['Calico', /calico-node|calico\/node|tigera-operator/], ['Antrea', /antrea-agent|antrea\/antrea/]] as const) {
    const w = workloadsMatching(inv, pattern, ['DaemonSet', 'Deployment'])[0];
    if (w) out.push({ engine, at: w.object.at, enforcing: true, detail: `${w.object.kind} ${w.object.name}` });
  }
  for (const c of helmCharts(inv)) {
    if (c.chart === 'cilium') {
      const mode = isRecord(c.values) ? c.values.policyEnforcementMode : undefined;
      out.push({ engine: 'Cilium', at: c.at, enforcing: mode !== 'never', detail: mode === 'never' ? 'the cilium chart sets policyEnforcementMode: never' : 'the cilium Helm chart' });
    }
    if (c.chart === 'tigera-operator' || c.chart === 'calico') out.push({ engine: 'Calico', at: c.at, enforcing: true, detail: `the ${c.chart} Helm chart` });
  }
  for (const i of objectsOfKind(inv, 'Installation', 'operator.tigera.io')) out.push({ engine: 'Calico', at: i.at, enforcing: true, detail: `Installation ${i.name}` });
  const node = awsNode(inv);
  if (node) {
    const arg = containerArg(node, 'aws-network-policy-agent', '--enable-network-policy');
    if (arg) out.push({ engine: 'VPC CNI network policy', at: arg.at, enforcing: arg.value === 'true', detail: `aws-node sets --enable-network-policy=${arg.value}` });
    else out.push({ engine: 'VPC CNI network policy', at: node.object.at, enforcing: false, detail: 'the aws-node DaemonSet runs without the aws-network-policy-agent and --enable-network-policy=true' });
  }
  for (const cm of objectsOfKind(inv, 'ConfigMap', '')) {
    if (cm.name !== 'amazon-vpc-cni') continue;
    const v = isRecord(cm.value.data) ? cm.value.data['enable-network-policy-controller'] : undefined;
    if (v !== undefined) out.push({ engine: 'VPC CNI network policy', at: child(cm.at, 'data', 'enable-network-policy-controller'), enforcing: String(v) === 'true', detail: `ConfigMap amazon-vpc-cni sets enable-network-policy-controller: ${String(v)}` });
  }
  return out;
}
