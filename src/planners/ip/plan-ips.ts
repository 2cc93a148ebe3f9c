/**
 * solve() for pod IPs: given a node type, a node count and the subnets, how many addresses each subnet gives away,
 * whether it runs out and at which node, the /28 fragmentation risk with prefix delegation, and the definition
 * change that fixes a shortfall (each alternative is itself re-solved, so a recommendation is never a guess).
 */
import type { InstanceType } from '../catalogue/catalogue.js';
import { effectiveMaxPods, PREFIX_SIZE } from './max-pods.js';
import type { IpMode } from './max-pods.js';
import { smallestPrefixFor, usableAddresses, worstCaseFreePrefixBlocks } from './subnets.js';
import type { Subnet } from './subnets.js';
import { nodeAddressUse } from './warm-pool.js';
import type { NodeAddressUse, WarmPoolSettings } from './warm-pool.js';

export interface IpPlanInput {
  readonly instanceType: InstanceType;
  /** Nodes of this type in the cluster, spread evenly over the node subnets (one per zone). */
  readonly nodes: number;
  /** Pods with a VPC address per node. @default a full node: the type's max pods in this mode less the 2 host-network pods */
  readonly podsPerNode?: number;
  readonly mode: IpMode;
  readonly warm: WarmPoolSettings;
  readonly nodeSubnets: readonly Subnet[];
  /** Custom networking: pods get addresses from these (one per zone, paired by index with the node subnets). */
  readonly podSubnets?: readonly Subnet[];
  /** For the "bigger subnets" alternative: the VPC CIDR and the public subnet size that share it. */
  readonly vpc?: { readonly cidr: string; readonly publicSubnetPrefix: number; readonly privateSubnetPrefix: number };
}

export type FragmentationRisk = 'none' | 'low' | 'high';

export interface SubnetOutcome {
  readonly subnet: Subnet;
  readonly role: 'node' | 'pod' | 'node+pod';
  readonly nodes: number;
  readonly addressesPerNode: number;
  readonly demand: number;
  readonly usable: number;
  readonly free: number;
  readonly runsOut: boolean;
  /** Nodes this subnet can take before it has no address left. */
  readonly maxNodes: number;
  /** Nodes it can take when every individual address breaks a different /28 (prefix delegation only). */
  readonly maxNodesWorstCaseFragmentation: number | undefined;
  readonly fragmentationRisk: FragmentationRisk;
}

export interface Alternative {
  readonly title: string;
  /** The definition change, in the definition's own field paths. */
  readonly change: string;
  readonly fits: boolean;
  readonly maxNodes: number;
}

export interface IpPlan {
  readonly input: IpPlanInput;
  readonly podsPerNode: number;
  readonly perNode: NodeAddressUse;
  readonly subnets: readonly SubnetOutcome[];
  /** Cluster-wide nodes before the first subnet runs out (address count only). */
  readonly maxNodes: number;
  readonly ok: boolean;
  readonly alternatives: readonly Alternative[];
}

function share(nodes: number, subnets: number, i: number): number {
  // Karpenter and managed node groups balance zones; the first subnets take the remainder.
  return Math.floor(nodes / subnets) + (i < nodes % subnets ? 1 : 0);
}

function outcome(subnet: Subnet, role: SubnetOutcome['role'], nodes: number, perNode: number, individualPerNode: number, prefixesPerNode: number): SubnetOutcome {
  const used = subnet.usedAddresses ?? 0;
  const usable = usableAddresses(subnet.cidr);
  const demand = nodes * perNode + used;
  const maxNodes = perNode === 0 ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor((usable - used) / perNode));
  let worst: number | undefined;
  let risk: FragmentationRisk = 'none';
  if (prefixesPerNode > 0) {
    // Each node needs its prefixes whole; each of its individual addresses (and each used one) may break a block.
    const blocksPerNode = prefixesPerNode + individualPerNode;
    worst = Math.max(0, Math.floor(worstCaseFreePrefixBlocks(subnet.cidr, used) / blocksPerNode));
    risk = nodes > worst ? 'high' : 'low';
  }
  return { subnet, role, nodes, addressesPerNode: perNode, demand, usable, free: usable - demand, runsOut: demand > usable, maxNodes, maxNodesWorstCaseFragmentation: worst, fragmentationRisk: risk };
}

function evaluate(input: IpPlanInput): Omit<IpPlan, 'alternatives'> {
  const custom = (input.podSubnets?.length ?? 0) > 0;
  const full = effectiveMaxPods(input.instanceType, input.mode, { customNetworking: custom });
  // The max-pods figure counts the two host-network pods (aws-node, kube-proxy) that take no VPC address.
  const podsPerNode = input.podsPerNode ?? Math.max(0, full - 2);
  const perNode = nodeAddressUse(input.instanceType, podsPerNode, input.mode, input.warm, { customNetworking: custom });
  const pd = perNode.prefixes > 0;
  const n = input.nodeSubnets.length;
  const subnets: SubnetOutcome[] = [];
  input.nodeSubnets.forEach((s, i) => {
    const nodes = share(input.nodes, n, i);
    if (custom) subnets.push(outcome(s, 'node', nodes, 1, 1, 0));
    else subnets.push(outcome(s, 'node+pod', nodes, perNode.addresses, perNode.enis, pd ? perNode.prefixes : 0));
  });
  if (custom) {
    input.podSubnets?.forEach((s, i) => {
      const nodes = share(input.nodes, input.podSubnets?.length ?? 1, i);
      subnets.push(outcome(s, 'pod', nodes, perNode.addresses - 1, perNode.enis - 1, pd ? perNode.prefixes : 0));
    });
  }
  // The cluster is limited by its tightest subnet, times the number of zones sharing the nodes evenly.
  const nodeLimited = Math.min(...subnets.map((s) => (Number.isFinite(s.maxNodes) ? s.maxNodes * (s.role === 'pod' ? (input.podSubnets?.length ?? 1) : n) : Number.MAX_SAFE_INTEGER)));
  const ok = subnets.every((s) => !s.runsOut && s.fragmentationRisk !== 'high') && perNode.overflow === 0;
  return { input, podsPerNode, perNode, subnets, maxNodes: nodeLimited, ok };
}

const POD_CIDR = '100.64.0.0/16';
const POD_SUBNET_PREFIX = 18;

function carveNames(base: readonly Subnet[], cidrs: readonly string[], label: string): Subnet[] {
  return cidrs.map((cidr, i) => ({ name: `${label}-${base[i]?.zone ?? i + 1}`, cidr, zone: base[i]?.zone }));
}

/** Pod subnets carved from 100.64.0.0/16, one /18 per zone (at most four zones fit). */
export function podSubnetCidrs(zones: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < zones; i++) out.push(`100.64.${i * 64}.0/${POD_SUBNET_PREFIX}`);
  return out;
}

function alternatives(input: IpPlanInput, base: Omit<IpPlan, 'alternatives'>): Alternative[] {
  const out: Alternative[] = [];
  // The same pods in total: where the alternative holds fewer pods per node, it needs more nodes.
  const totalPods = base.podsPerNode * input.nodes;
  const alt = (title: string, change: string, next: IpPlanInput): void => {
    const custom = (next.podSubnets?.length ?? 0) > 0;
    const perNode = Math.min(base.podsPerNode, Math.max(1, effectiveMaxPods(next.instanceType, next.mode, { customNetworking: custom }) - 2));
    const nodes = perNode < base.podsPerNode ? Math.ceil(totalPods / perNode) : input.nodes;
    const r = evaluate({ ...next, podsPerNode: perNode, nodes });
    out.push({ title: nodes === input.nodes ? title : `${title}; ${perNode} pods per node, so ${nodes} nodes for the same pods`, change, fits: r.ok, maxNodes: r.maxNodes });
  };
  if (input.mode === 'secondary-ip' && input.instanceType.nitro) {
    alt('prefix delegation: a /28 per ENI slot, far fewer ENIs and a denser node', 'addons.vpcCni.prefixDelegation: true', { ...input, mode: 'prefix-delegation' });
  }
  if ((input.podSubnets?.length ?? 0) === 0 && input.nodeSubnets.length <= 4) {
    alt(
      `a secondary ${POD_CIDR} pod CIDR (RFC 6598) with VPC CNI custom networking: pod addresses leave the node subnets`,
      `network.podSubnets: { cidr: ${POD_CIDR}, subnetPrefix: ${POD_SUBNET_PREFIX} }`,
      { ...input, podSubnets: carveNames(input.nodeSubnets, podSubnetCidrs(input.nodeSubnets.length), 'pods') },
    );
  }
  const nodeOutcomes = base.subnets.filter((s) => s.role !== 'pod');
  // With prefixes, size for the worst case: every individual address in its own /28 next to whole prefixes.
  const pdBlocks = base.perNode.prefixes > 0 && (input.podSubnets?.length ?? 0) === 0;
  const worst = nodeOutcomes.reduce((m, s) => {
    const used = s.subnet.usedAddresses ?? 0;
    const blocks = pdBlocks ? (s.nodes * (base.perNode.prefixes + base.perNode.enis) + used + 2) * PREFIX_SIZE : 0;
    return Math.max(m, s.demand, blocks);
  }, 0);
  const prefix = smallestPrefixFor(worst);
  const current = Math.min(...input.nodeSubnets.map((s) => Number(s.cidr.split('/')[1])));
  if (prefix < current) {
    const vpcPrefix = input.vpc ? Number(input.vpc.cidr.split('/')[1]) : undefined;
    const zones = input.nodeSubnets.length;
    const fitsInVpc = !input.vpc || vpcPrefix === undefined || zones * (2 ** (32 - prefix) + 2 ** (32 - input.vpc.publicSubnetPrefix)) <= 2 ** (32 - vpcPrefix);
    const bigger = input.nodeSubnets.map((s) => ({ ...s, cidr: `${s.cidr.split('/')[0]}/${prefix}` }));
    const r = evaluate({ ...input, nodeSubnets: bigger });
    out.push({
      title: `bigger node subnets: /${prefix} instead of /${current}${fitsInVpc ? '' : ` (does not fit ${input.vpc?.cidr} with the public subnets: widen network.cidr too)`}`,
      change: input.vpc ? `network.privateSubnetPrefix: ${prefix}` : `new /${prefix} node subnets (network.privateSubnetPrefix: ${prefix} for a VPC keelson creates)`,
      fits: r.ok && fitsInVpc,
      maxNodes: r.maxNodes,
    });
  }
  if (base.subnets.some((s) => s.fragmentationRisk === 'high' && !s.runsOut)) {
    out.push({
      title: 'reserve the prefix range so individual addresses cannot fragment it (aws ec2 create-subnet-cidr-reservation --reservation-type prefix)',
      change: '(outside the definition: a subnet CIDR reservation per node subnet)',
      fits: true,
      maxNodes: Math.min(...base.subnets.map((s) => s.maxNodes * input.nodeSubnets.length)),
    });
  }
  return out;
}

export function planIps(input: IpPlanInput): IpPlan {
  if (input.nodeSubnets.length === 0) throw new Error('no node subnets: pass --subnet CIDR (one per zone) or a definition');
  const base = evaluate(input);
  return { ...base, alternatives: base.ok ? [] : alternatives(input, base) };
}

