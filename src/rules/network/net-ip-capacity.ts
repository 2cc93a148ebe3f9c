import { loadCatalogue } from '../../planners/catalogue/catalogue.js';
import { ipFactsFromDefinition } from '../../planners/ip/from-definition.js';
import type { IpMode } from '../../planners/ip/max-pods.js';
import { planIps } from '../../planners/ip/plan-ips.js';
import type { Subnet } from '../../planners/ip/subnets.js';
import { isRecord } from '../../sources/detect.js';
import { valueAt } from '../../sources/fact.js';
import type { Fact } from '../../sources/fact.js';
import type { ClusterFact, Inventory } from '../../sources/inventory.js';
import { child } from '../../sources/location.js';
import type { At } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { addonsOf, configFlag, definedAddons } from '../internal/addon-specs.js';
import { cfnResources, isTfExpression, keelsonDefinitions, rawAt, tfAddress, tfBlocks } from '../internal/definitions.js';
import { nodeSubnets } from '../internal/network.js';
import { clusterTargets } from '../internal/targets.js';

/** A node group's share of the planned density: its instance type and the most nodes it scales to. */
interface Group {
  readonly type: string;
  readonly nodes: number;
}

interface IpInputs {
  readonly nodeSubnets: Subnet[];
  readonly podSubnets: Subnet[];
  readonly mode: IpMode;
  /** Where to fix it: the prefix delegation setting. */
  readonly modeAt: At;
  readonly groups: Group[];
  readonly vpc?: { cidr: string; publicSubnetPrefix: number; privateSubnetPrefix: number };
}

type Gathered = IpInputs | { readonly undecided: string; readonly at: At };

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);

/** EKS and eksctl defaults when a node group leaves its type or size out. */
const EKS_DEFAULT_TYPE = 't3.medium';
const EKSCTL_DEFAULT_TYPE = 'm5.large';
const EKSCTL_DEFAULT_NODES = 2;

function groupsOf(inv: Inventory, c: ClusterFact): Group[] | string {
  const out: Group[] = [];
  if (c.source === 'cloudformation') {
    for (const r of cfnResources(inv, 'AWS::EKS::Nodegroup')) {
      const types = r.properties.InstanceTypes;
      const type = Array.isArray(types) ? types[0] : r.properties.LaunchTemplate === undefined ? EKS_DEFAULT_TYPE : undefined;
      // EKS defaults a node group without ScalingConfig to 2 nodes; a written MaxSize that is not a number decides nothing.
      const written = valueAt(r.properties, ['ScalingConfig', 'MaxSize']);
      const max = written !== undefined ? num(written) : valueAt(r.properties, ['ScalingConfig']) === undefined ? 2 : num(valueAt(r.properties, ['ScalingConfig', 'DesiredSize']));
      if (typeof type !== 'string' || max === undefined) return `node group ${r.id}: its instance type or size is known only at deploy time (or in its launch template)`;
      out.push({ type, nodes: max });
    }
  } else if (c.source === 'eksctl') {
    const root = rawAt(inv, { origin: c.at.origin, path: c.at.path.slice(0, -1) });
    for (const key of ['managedNodeGroups', 'nodeGroups']) {
      const list = valueAt(root, [key]);
      if (!Array.isArray(list)) continue;
      for (const g of list) {
        if (!isRecord(g)) continue;
        const type = typeof g.instanceType === 'string' ? g.instanceType : Array.isArray(g.instanceTypes) && typeof g.instanceTypes[0] === 'string' ? g.instanceTypes[0] : EKSCTL_DEFAULT_TYPE;
        out.push({ type, nodes: num(g.maxSize) ?? num(g.desiredCapacity) ?? EKSCTL_DEFAULT_NODES });
      }
    }
  } else if (c.source === 'terraform') {
    for (const m of tfBlocks(inv, 'module')) {
      if (typeof m.value.source !== 'string' || !m.value.source.includes('terraform-aws-modules/eks/aws')) continue;
      const groups = m.value.eks_managed_node_groups;
      if (!isRecord(groups)) continue;
      for (const [name, g] of Object.entries(groups)) {
        const types = isRecord(g) ? g.instance_types : undefined;
        const type = Array.isArray(types) ? types[0] : EKS_DEFAULT_TYPE;
        const max = isRecord(g) ? (g.max_size === undefined ? 3 : num(g.max_size)) : 3;
        if (typeof type !== 'string' || isTfExpression(type) || max === undefined) return `node group ${name}: its instance type or max_size is a Terraform expression`;
        out.push({ type, nodes: max });
      }
    }
    // Raw node groups, in a configuration or a plan (where the eks module's groups are expanded into them).
    for (const b of tfBlocks(inv, 'resource', 'aws_eks_node_group')) {
      if (b.value.count !== undefined || b.value.for_each !== undefined) return `node group ${tfAddress(b)}: count or for_each decides how many there are`;
      const types = b.value.instance_types;
      const type = Array.isArray(types) ? types[0] : types === undefined && b.afterUnknown?.instance_types !== true ? EKS_DEFAULT_TYPE : undefined;
      const scaling = [b.value.scaling_config].flat()[0];
      const max = isRecord(scaling) ? num(scaling.max_size) : undefined;
      if (typeof type !== 'string' || isTfExpression(type) || max === undefined) return `node group ${tfAddress(b)}: its instance type or scaling_config.max_size is ${b.afterUnknown ? 'known only after apply (or in its launch template)' : 'a Terraform expression'}`;
      out.push({ type, nodes: max });
    }
  }
  return out;
}

function tfNodeSubnets(inv: Inventory): Subnet[] | string {
  for (const m of tfBlocks(inv, 'module')) {
    if (typeof m.value.source !== 'string' || !m.value.source.includes('terraform-aws-modules/vpc/aws')) continue;
    const list = m.value.private_subnets;
    if (!Array.isArray(list) || list.some((x) => typeof x !== 'string' || isTfExpression(x))) return `module ${m.name} private_subnets is computed (cidrsubnet, locals): known only at plan time`;
    return list.map((cidr, i) => ({ name: `private-${i + 1}`, cidr: String(cidr) }));
  }
  return [];
}

function gather(inv: Inventory, c: ClusterFact): Gathered {
  if (c.source === 'keelson') {
    const k = keelsonDefinitions(inv).find((d) => d.definition.name === c.name);
    if (!k) return { undecided: 'the keelson definition could not be read', at: c.at };
    const f = ipFactsFromDefinition(k.definition);
    if (f.nodeSubnets.length === 0) return { undecided: f.notes[0] ?? 'the node subnet CIDRs are not in the definition', at: child(k.at, 'network') };
    // keelson sizes the cluster by addons.coreDns.expectedNodes, the figure `keelson plan ips` uses too.
    return { nodeSubnets: f.nodeSubnets, podSubnets: f.podSubnets, mode: f.mode, modeAt: child(k.at, 'addons', 'vpcCni', 'prefixDelegation'), groups: [{ type: k.definition.systemNodeGroup.instanceTypes[0] ?? 'm7g.large', nodes: f.expectedNodes }], ...(f.vpc ? { vpc: f.vpc } : {}) };
  }
  const cni = addonsOf(c, definedAddons(inv)).find((a) => a.name === 'vpc-cni');
  const pd: Fact<boolean> = cni ? configFlag(cni, ['env', 'ENABLE_PREFIX_DELEGATION']) : { value: false, at: c.at };
  if (pd.unresolved) return { undecided: `whether prefix delegation is on: ${pd.unresolved}`, at: pd.at };
  const custom = cni ? configFlag(cni, ['env', 'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG']) : { value: false, at: c.at };
  let subnets: Subnet[];
  const found = inv.networks.filter((n) => n.source === c.source).flatMap((n) => nodeSubnets(n));
  if (found.length === 0 && c.source === 'terraform') {
    // Terraform networks are read here from the vpc module when the inventory has none for them.
    const s = tfNodeSubnets(inv);
    if (typeof s === 'string') return { undecided: s, at: c.at };
    subnets = s;
  } else {
    const unknown = found.find((s) => s.prefixLength.value === undefined);
    if (unknown) return { undecided: `subnet ${unknown.id}: ${unknown.prefixLength.unresolved ?? 'its size is not known'}`, at: unknown.prefixLength.at };
    // Only the size matters to the plan; the address is a placeholder.
    subnets = found.map((s) => ({ name: s.id, cidr: `10.0.0.0/${s.prefixLength.value as number}`, ...(s.availabilityZone.value ? { zone: s.availabilityZone.value } : {}) }));
  }
  if (subnets.length === 0) return { undecided: `the subnets of cluster ${c.name} are not in the inputs`, at: c.at };
  const groups = groupsOf(inv, c);
  if (typeof groups === 'string') return { undecided: groups, at: c.at };
  // Custom networking moves pod addresses to the secondary CIDR's subnets (ENIConfigs, outside the definition): node subnets then hold one address per node.
  const podSubnets = custom.value === true ? subnets.map((s, i) => ({ name: `pods-${i + 1}`, cidr: '100.64.0.0/18' })) : [];
  return { nodeSubnets: subnets, podSubnets, mode: pd.value === true ? 'prefix-delegation' : 'secondary-ip', modeAt: pd.at, groups };
}

export default defineRule({
  id: 'NET-IP-CAPACITY',
  title: 'Pod IP capacity fits the planned density (prefix delegation or a secondary pod CIDR when subnets would run out)',
  severity: 'medium',
  area: 'network',
  evidence: ['DEF', 'LIVE'],
  rationale: 'The VPC CNI gives every pod a VPC address, and each node holds a warm pool of them: at (ENIs × (IPs per ENI − 1)) + 2 pods per node, large clusters exhaust their node subnets. The guide\'s two remedies are prefix delegation (a /28 per ENI slot, 16 times the pods per ENI) and a secondary 100.64.0.0/10 pod CIDR with custom networking.',
  practice: 'Planned with `keelson plan ips` logic (the instance catalogue, the VPC CNI warm-pool rules, AWS\'s 5 reserved addresses per subnet): every node group at its max size, full nodes, spread evenly over the node subnets, with the type of the largest group. keelson definitions use addons.coreDns.expectedNodes and the system node group\'s type, as the planner does. Karpenter nodes are not counted (a NodePool has no node count): run `keelson plan ips --nodes N --instance-type T` for them.',
  remediation: {
    keelson: 'keep addons.vpcCni.prefixDelegation: true, enlarge network.privateSubnetPrefix, or add network.podSubnets (100.64.0.0/10)',
    eksctl: 'add the vpc-cni add-on with configurationValues \'{"env": {"ENABLE_PREFIX_DELEGATION": "true"}}\', or larger subnets (vpc.cidr)',
    cloudformation: 'set ConfigurationValues \'{"env":{"ENABLE_PREFIX_DELEGATION":"true"}}\' on the AWS::EKS::Addon vpc-cni, or larger private subnets, or a 100.64.0.0/10 secondary CIDR with custom networking',
    terraform: 'set configuration_values = jsonencode({ env = { ENABLE_PREFIX_DELEGATION = "true" } }) on the vpc-cni add-on, or larger private_subnets, or a secondary 100.64.0.0/10 CIDR',
  },
  ...clusterTargets,
  check(c, ctx) {
    const g = gather(ctx.inventory, c);
    if ('undecided' in g) return [ctx.notEvaluated(`pod IP capacity of cluster ${c.name}: ${g.undecided}`, g.at)];
    if (g.groups.length === 0) return [ctx.notEvaluated(`cluster ${c.name}: no node group in the inputs gives a planned node count`, c.at)];
    const main = [...g.groups].sort((a, b) => b.nodes - a.nodes)[0] as Group;
    const type = loadCatalogue().get(main.type);
    if (!type) return [ctx.notEvaluated(`instance type ${main.type} is not in keelson's catalogue`, c.at)];
    const nodes = g.groups.reduce((n, x) => n + x.nodes, 0);
    const plan = planIps({ instanceType: type, nodes, mode: g.mode, warm: {}, nodeSubnets: g.nodeSubnets, podSubnets: g.podSubnets, ...(g.vpc ? { vpc: g.vpc } : {}) });
    if (plan.ok) return [];
    const fix = plan.alternatives.find((a) => a.fits);
    const why = plan.subnets.some((s) => s.runsOut) ? `a node subnet runs out: it holds about ${plan.maxNodes} nodes` : plan.perNode.overflow > 0 ? `full ${type.name} nodes hold more pods than it has addresses for` : '/28 fragmentation can stop prefix allocation before the addresses run out';
    const message = `cluster ${c.name}: ${nodes} × ${type.name} full nodes (${g.mode}, ${plan.perNode.addresses} addresses each) do not fit the node subnets: ${why}${fix ? `; ${fix.title} would fit` : ''}`;
    // The planner words its alternatives in keelson's own fields: a fix as written only for keelson definitions.
    return [ctx.fail(message, g.modeAt, fix && c.source === 'keelson' ? { fix: `${fix.title}: ${fix.change}` } : undefined)];
  },
});
