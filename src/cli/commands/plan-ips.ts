import { loadCatalogue } from '../../planners/catalogue/catalogue.js';
import type { InstanceType } from '../../planners/catalogue/catalogue.js';
import { ipFactsFromDefinition } from '../../planners/ip/from-definition.js';
import type { DefinitionIpFacts } from '../../planners/ip/from-definition.js';
import { maxPods } from '../../planners/ip/max-pods.js';
import type { IpMode } from '../../planners/ip/max-pods.js';
import { planIps } from '../../planners/ip/plan-ips.js';
import type { IpPlan } from '../../planners/ip/plan-ips.js';
import { nodeAddressUse } from '../../planners/ip/warm-pool.js';
import type { WarmPoolSettings } from '../../planners/ip/warm-pool.js';
import { findConfig, loadDefinition } from '../../model/load.js';
import type { Io } from '../main.js';
import { json, parseCount, parseFormat, renderTable, usage } from './plan-table.js';

export interface PlanIpsOptions {
  readonly config?: string;
  readonly subnet?: string[];
  readonly podSubnet?: string[];
  readonly nodes?: string;
  readonly instanceType?: string;
  readonly podsPerNode?: string;
  readonly prefixDelegation?: boolean;
  readonly warmEniTarget?: string;
  readonly warmIpTarget?: string;
  readonly minimumIpTarget?: string;
  readonly warmPrefixTarget?: string;
  readonly types?: string;
  readonly format?: string;
}

export interface PerTypeRow {
  readonly type: string;
  readonly vcpu: number;
  readonly enis: number;
  readonly ipv4PerEni: number;
  readonly maxPodsSecondaryIp: number;
  readonly maxPodsSecondaryIpCapped: number;
  readonly maxPodsPrefixDelegation: number | undefined;
  readonly maxPodsPrefixDelegationCapped: number | undefined;
  /** Addresses a full node takes from its subnet in the planned mode, warm pool included. */
  readonly addressesFullNode: number;
}

export function perTypeRows(types: readonly InstanceType[], mode: IpMode, warm: WarmPoolSettings): PerTypeRow[] {
  return types.map((t) => {
    const m = maxPods(t);
    const full = (mode === 'prefix-delegation' ? (m.prefixDelegationRecommended ?? m.secondaryIp) : m.secondaryIp) - 2;
    return {
      type: t.name,
      vcpu: t.vcpu,
      enis: t.maxEni,
      ipv4PerEni: t.ipv4PerEni,
      maxPodsSecondaryIp: m.secondaryIp,
      maxPodsSecondaryIpCapped: m.secondaryIpRecommended,
      maxPodsPrefixDelegation: m.prefixDelegation,
      maxPodsPrefixDelegationCapped: m.prefixDelegationRecommended,
      addressesFullNode: nodeAddressUse(t, full, mode, warm).addresses,
    };
  });
}

export function formatIpPlan(plan: IpPlan, rows: readonly PerTypeRow[], source: string, notes: readonly string[]): string {
  const i = plan.input;
  const w = i.warm;
  const warm = i.mode === 'prefix-delegation'
    ? `WARM_PREFIX_TARGET=${w.warmPrefixTarget ?? 1}${w.warmIpTarget !== undefined ? ` WARM_IP_TARGET=${w.warmIpTarget}` : ''}${w.minimumIpTarget !== undefined ? ` MINIMUM_IP_TARGET=${w.minimumIpTarget}` : ''}`
    : w.warmIpTarget !== undefined || w.minimumIpTarget !== undefined
      ? `WARM_IP_TARGET=${w.warmIpTarget ?? 'unset'} MINIMUM_IP_TARGET=${w.minimumIpTarget ?? 'unset'}`
      : `WARM_ENI_TARGET=${w.warmEniTarget ?? 1}`;
  const n = plan.perNode;
  const out: string[] = [
    `keelson plan ips: ${i.nodes} x ${i.instanceType.name}, ${i.mode}${(i.podSubnets?.length ?? 0) > 0 ? ' with custom networking' : ''}, ${warm}  (${source})`,
    '',
    'Max pods per instance type (secondary IP = ENIs x (IPv4 per ENI - 1) + 2; prefix delegation x16 per slot; capped = the EKS AMI calculator\'s 110 / 250):',
    renderTable(
      ['type', 'vCPU', 'ENIs', 'IPv4/ENI', 'secondary-IP', 'capped', 'prefix-deleg.', 'capped', `addresses/full node (${i.mode})`],
      rows.map((r) => [r.type, r.vcpu, r.enis, r.ipv4PerEni, r.maxPodsSecondaryIp, r.maxPodsSecondaryIpCapped, r.maxPodsPrefixDelegation ?? 'n/a (not Nitro)', r.maxPodsPrefixDelegationCapped ?? '-', r.addressesFullNode]),
      [1, 2, 3, 4, 5, 6, 7, 8],
    ),
    '',
    `Per node: ${n.pods} pods with a VPC address -> ${n.enis} ENIs, ${n.prefixes > 0 ? `${n.prefixes} /28 prefixes` : `${n.secondaryIps} secondary IPs`}, ${n.addresses} addresses taken (${n.warmAddresses} of them warm)${n.overflow > 0 ? `; ${n.overflow} pods do not fit on one node` : ''}`,
    '',
    renderTable(
      ['subnet', 'cidr', 'role', 'nodes', 'addr/node', 'demand', 'usable', 'free', 'runs out at', '/28 risk'],
      plan.subnets.map((s) => [
        s.subnet.name,
        s.subnet.cidr,
        s.role,
        s.nodes,
        s.addressesPerNode,
        s.demand,
        s.usable,
        s.free,
        Number.isFinite(s.maxNodes) ? `node ${s.maxNodes + 1}${s.runsOut ? ' (RUNS OUT)' : ''}` : 'never',
        s.fragmentationRisk === 'none' ? '-' : `${s.fragmentationRisk}${s.maxNodesWorstCaseFragmentation !== undefined ? ` (worst case ${s.maxNodesWorstCaseFragmentation} nodes)` : ''}`,
      ]),
      [3, 4, 5, 6, 7],
    ),
    '',
    plan.ok
      ? `OK: the subnets hold ${i.nodes} nodes; the cluster can grow to about ${plan.maxNodes} nodes of this type before a subnet runs out.`
      : `NOT OK: ${plan.subnets.some((s) => s.runsOut) ? `a subnet runs out (the cluster holds about ${plan.maxNodes} nodes of this type)` : n.overflow > 0 ? 'the pods per node exceed what the type holds' : '/28 fragmentation can stop prefix allocation before the addresses run out'}.`,
  ];
  if (plan.alternatives.length > 0) {
    const rec = plan.alternatives.find((a) => a.fits);
    out.push('', 'Alternatives (each re-solved with the same nodes and pods):');
    for (const a of plan.alternatives) out.push(`  ${a === rec ? '* recommended' : a.fits ? '  fits       ' : '  not enough '}  ${a.title}\n                   change: ${a.change}  (holds ~${Number.isFinite(a.maxNodes) ? a.maxNodes : 'unlimited'} nodes)`);
  }
  for (const note of notes) out.push(`note: ${note}`);
  out.push('', 'How: addresses per node follow the VPC CNI warm-pool rules (amazon-vpc-cni-k8s docs/eni-and-ip-target.md, prefix-and-ip-target.md); AWS reserves 5 addresses per subnet; nodes spread evenly over zones.');
  return `${out.join('\n')}\n`;
}

async function definitionFacts(config: string | undefined): Promise<{ facts: DefinitionIpFacts; source: string; instanceType: string } | undefined> {
  const file = config ?? findConfig(process.cwd());
  if (!file) return undefined;
  const { definition } = await loadDefinition(file);
  return { facts: ipFactsFromDefinition(definition), source: `definition ${file}`, instanceType: definition.systemNodeGroup.instanceTypes[0] ?? 'm7g.large' };
}

export async function runPlanIps(opts: PlanIpsOptions, io: Io): Promise<number> {
  const format = parseFormat(opts.format);
  const def = await definitionFacts(opts.config);
  const cat = loadCatalogue();
  const typeName = opts.instanceType ?? def?.instanceType ?? 'm7g.large';
  const t = cat.get(typeName);
  if (!t) throw usage(`--instance-type ${typeName} is not in keelson's catalogue (${cat.meta.instancesAsOf})`, 'use an EC2 instance type name such as m7g.xlarge');
  const toSubnets = (list: string[] | undefined, label: string) => list?.map((cidr, i) => ({ name: `${label}-${i + 1}`, cidr }));
  const nodeSubnets = toSubnets(opts.subnet, 'subnet') ?? def?.facts.nodeSubnets ?? [];
  if (nodeSubnets.length === 0) throw usage('no node subnets to plan for', 'pass --config with a keelson definition, or --subnet CIDR once per zone');
  const pd = opts.prefixDelegation ?? (def ? def.facts.mode === 'prefix-delegation' : false);
  const warm: WarmPoolSettings = {
    warmEniTarget: parseCount('--warm-eni-target', opts.warmEniTarget),
    warmIpTarget: parseCount('--warm-ip-target', opts.warmIpTarget),
    minimumIpTarget: parseCount('--minimum-ip-target', opts.minimumIpTarget),
    warmPrefixTarget: parseCount('--warm-prefix-target', opts.warmPrefixTarget) ?? def?.facts.warm.warmPrefixTarget,
  };
  const plan = planIps({
    instanceType: t,
    nodes: parseCount('--nodes', opts.nodes, 1) ?? def?.facts.expectedNodes ?? 10,
    podsPerNode: parseCount('--pods-per-node', opts.podsPerNode),
    mode: pd ? 'prefix-delegation' : 'secondary-ip',
    warm,
    nodeSubnets,
    podSubnets: toSubnets(opts.podSubnet, 'pods') ?? def?.facts.podSubnets ?? [],
    vpc: opts.subnet ? undefined : def?.facts.vpc,
  });
  const names = opts.types ? opts.types.split(',').map((s) => s.trim()) : cat.types.filter((x) => x.family === t.family).map((x) => x.name);
  const unknown = names.filter((x) => !cat.get(x));
  if (unknown.length > 0) throw usage(`--types: ${unknown.join(', ')} not in the catalogue`, 'list EC2 instance type names separated by commas');
  const rows = perTypeRows(names.map((x) => cat.get(x) as InstanceType), plan.input.mode, warm);
  const notes = [...(def?.facts.notes ?? [])];
  if (!opts.instanceType) notes.push(`instance type ${t.name} is ${def ? "the system node group's first type" : 'the default'}; pass --instance-type for your Karpenter nodes`);
  if (format === 'json') io.out(json({ plan: { ...plan, input: { ...plan.input, instanceType: t.name } }, perType: rows, notes }));
  else io.out(formatIpPlan(plan, rows, def?.source ?? 'flags', notes));
  return plan.ok ? 0 : 1;
}
