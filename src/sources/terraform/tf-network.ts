/**
 * Terraform VPCs into the network facts the CloudFormation and eksctl readers produce: raw `aws_vpc` with its
 * `aws_subnet`, `aws_route_table(_association)`/`aws_route`, `aws_flow_log` and `aws_nat_gateway` resources (count and
 * for_each expanded where they are known), and the inputs of `terraform-aws-modules/vpc/aws`, with the module's
 * documented defaults. Zones of `data.aws_availability_zones` are `#n`, as CloudFormation's `Fn::GetAZs` are.
 */
import { child } from '../location.js';
import type { At } from '../location.js';
import { isRecord } from '../detect.js';
import type { Fact } from '../fact.js';
import type { NetworkFact, SubnetFact } from '../inventory.js';
import { attr, indexSuffix } from './tf-scope.js';
import type { Located } from './tf-scope.js';
import { firstUnknown, TfRef, Unknown, ZoneList } from './tf-expr.js';
import type { ConfigModel, TfInstance } from './tf-config.js';

const VPC_MODULE = /^(registry\.terraform\.io\/)?terraform-aws-modules\/vpc\/aws(\/\/.*)?$|terraform-aws-modules\/terraform-aws-vpc/;

export function isVpcModule(m: ConfigModel, mod: Located): boolean {
  const src = attr<string>(m.scope, mod, 'source').value;
  return typeof src === 'string' && VPC_MODULE.test(src) && !src.includes('//modules/');
}

/** An attribute of an instance, evaluated with its count.index/each bound, located at the attribute (or the block). */
function val(m: ConfigModel, inst: TfInstance | Located, name: string): { value: unknown; at: At; present: boolean } {
  const raw = isRecord(inst.value) ? inst.value[name] : undefined;
  const at = raw === undefined ? inst.at : child(inst.at, name);
  if (raw === undefined || raw === null) return { value: undefined, at, present: false };
  return { value: m.evaluate(raw, 'env' in inst ? inst.env : m.env), at, present: true };
}

// A plan holds thousands of instances, each pointing at others: group them by address once per list.
const groupings = new WeakMap<readonly TfInstance[], Map<string, TfInstance[]>>();

function byBase(instances: readonly TfInstance[]): Map<string, TfInstance[]> {
  let map = groupings.get(instances);
  if (!map) {
    map = new Map();
    for (const i of instances) {
      const base = i.address.replace(/\[[^\]]*\]$/, '');
      const list = map.get(base);
      if (list) list.push(i);
      else map.set(base, [i]);
    }
    groupings.set(instances, map);
  }
  return map;
}

/** The instances a reference points at: `aws_subnet.private[0].id` one, `aws_subnet.private[*].id` all. */
function pointedAt(ref: unknown, instances: readonly TfInstance[]): TfInstance[] {
  if (!(ref instanceof TfRef)) return [];
  const same = byBase(instances).get(ref.ref) ?? [];
  if (ref.splat || ref.index === undefined) return same;
  // An instance whose count is unknown stands for all of them, whatever index is asked for.
  return same.filter((i) => i.unresolved !== undefined || i.key === ref.index || (typeof i.key === 'number' && Number(ref.index) === i.key));
}

/** A list of references (`[aws_subnet.a.id, aws_subnet.b.id]`, `aws_subnet.private[*].id`) as its references. */
function refs(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

function zoneOf(v: unknown, at: At, present: boolean): Fact<string> {
  if (!present) return { value: undefined, at, unresolved: 'no availability_zone: AWS picks the zone at apply time' };
  if (typeof v === 'string') return { value: v, at };
  return { value: undefined, at, unresolved: firstUnknown(v)?.reason ?? 'the zone is not a string' };
}

function prefixOf(v: unknown, at: At): Fact<number> {
  if (typeof v === 'string') {
    const p = /\/(\d{1,2})$/.exec(v);
    return p ? { value: Number(p[1]), at } : { value: undefined, at, unresolved: `"${v}" is not a CIDR` };
  }
  return { value: undefined, at, unresolved: firstUnknown(v)?.reason ?? 'no cidr_block' };
}

export function tagsOf(v: unknown, at: At): Fact<Record<string, string>> {
  if (v === undefined) return { value: {}, at };
  const u = firstUnknown(v);
  if (u) return { value: undefined, at, unresolved: `tags: ${u.reason}` };
  if (!isRecord(v)) return { value: undefined, at, unresolved: 'tags are not a map' };
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = String(x);
  return { value: out, at };
}

/** A resource's tags over its provider's default_tags, as AWS applies them (the resource's own win). */
export function withDefaultTags(defaults: unknown, own: unknown, at: At): Fact<Record<string, string>> {
  if (defaults === undefined || (own !== undefined && (!isRecord(own) || firstUnknown(own)))) return tagsOf(own, at);
  const u = firstUnknown(defaults);
  if (u) return { value: undefined, at, unresolved: `the provider's default_tags: ${u.reason}` };
  if (!isRecord(defaults)) return { value: undefined, at, unresolved: 'the provider\'s default_tags are not a map' };
  return tagsOf({ ...defaults, ...(isRecord(own) ? own : {}) }, at);
}

/** Which subnets the clusters and node groups are placed in: instance addresses, and module outputs by name. */
interface Placement {
  readonly subnets: Set<string>;
  readonly moduleOutputs: Set<string>;
}

function placements(m: ConfigModel, subnets: readonly TfInstance[]): Placement {
  const out: Placement = { subnets: new Set(), moduleOutputs: new Set() };
  const add = (v: unknown): void => {
    for (const r of refs(v)) {
      if (!(r instanceof TfRef)) continue;
      if (r.ref.startsWith('module.') && r.attr) out.moduleOutputs.add(`${r.ref}${indexSuffix(r.index)}.${r.attr}`);
      for (const s of pointedAt(r, subnets)) out.subnets.add(s.address);
    }
  };
  for (const c of m.instances('aws_eks_cluster')) {
    const vpc = isRecord(c.value) ? c.value.vpc_config : undefined;
    for (const b of Array.isArray(vpc) ? vpc : [vpc]) if (isRecord(b)) add(m.evaluate(b.subnet_ids, c.env));
  }
  for (const ng of m.instances('aws_eks_node_group')) add(val(m, ng, 'subnet_ids').value);
  for (const mod of m.modules()) {
    if (!isRecord(mod.value)) continue;
    add(m.evaluate(mod.value.subnet_ids, mod.env));
    const groups = m.evaluate(mod.value.eks_managed_node_groups, mod.env);
    if (isRecord(groups) && !(groups instanceof Unknown)) for (const g of Object.values(groups)) if (isRecord(g)) add(g.subnet_ids);
  }
  return out;
}

/** Route tables with a route to an internet gateway, and which table each subnet is associated with. */
function routing(m: ConfigModel, subnets: readonly TfInstance[]): { publicTables: Set<string>; tableOf: Map<string, string[]> } {
  const tables = m.instances('aws_route_table');
  const publicTables = new Set<string>();
  // A reference to an internet gateway in the inputs (in a module too, as a plan names it), or an existing one's ID.
  const toIgw = (gw: unknown): boolean => (gw instanceof TfRef && /(^|\.)aws_internet_gateway\.[^.]+$/.test(gw.ref)) || (typeof gw === 'string' && gw.startsWith('igw-'));
  for (const t of tables) {
    const routes = isRecord(t.value) ? t.value.route : undefined;
    for (const r of Array.isArray(routes) ? routes : [routes]) if (isRecord(r) && toIgw(m.evaluate(r.gateway_id, t.env))) publicTables.add(t.address);
  }
  for (const r of m.instances('aws_route')) {
    if (!toIgw(val(m, r, 'gateway_id').value)) continue;
    for (const t of pointedAt(val(m, r, 'route_table_id').value, tables)) publicTables.add(t.address);
  }
  const tableOf = new Map<string, string[]>();
  for (const a of m.instances('aws_route_table_association')) {
    const ts = pointedAt(val(m, a, 'route_table_id').value, tables);
    for (const s of pointedAt(val(m, a, 'subnet_id').value, subnets)) tableOf.set(s.address, [...(tableOf.get(s.address) ?? []), ...ts.map((t) => t.address)]);
  }
  return { publicTables, tableOf };
}

function rawNetworks(m: ConfigModel, place: Placement): NetworkFact[] {
  const vpcs = m.instances('aws_vpc');
  if (vpcs.length === 0) return [];
  const subnets = m.instances('aws_subnet');
  const { publicTables, tableOf } = routing(m, subnets);
  const byVpc = new Map<string, SubnetFact[]>();
  const factOf = new Map<string, SubnetFact>();
  for (const s of subnets) {
    const mapsPublic = val(m, s, 'map_public_ip_on_launch');
    const tables = tableOf.get(s.address);
    const pub: Fact<boolean> = mapsPublic.value === true || mapsPublic.value === 'true'
        ? { value: true, at: mapsPublic.at }
        : tables && tables.length > 0
          ? { value: tables.some((t) => publicTables.has(t)), at: s.at }
          : { value: undefined, at: s.at, unresolved: `no aws_route_table_association for ${s.address} in the inputs` };
    // A zone ID (euw1-az1) names one zone as well as a zone name does; the rules only compare zones for equality.
    const az = isRecord(s.value) && s.value.availability_zone === undefined && s.value.availability_zone_id !== undefined ? val(m, s, 'availability_zone_id') : val(m, s, 'availability_zone');
    const cidr = val(m, s, 'cidr_block');
    const tags = val(m, s, 'tags');
    const fact: SubnetFact = {
      id: s.address,
      at: s.at,
      // Without a known count, a value that uses count.index is unknown for the count's reason, not for the index's.
      availabilityZone: s.unresolved && firstUnknown(az.value) ? { value: undefined, at: az.at, unresolved: s.unresolved } : zoneOf(az.value, az.at, az.present),
      prefixLength: s.unresolved && firstUnknown(cidr.value) ? { value: undefined, at: cidr.at, unresolved: s.unresolved } : prefixOf(cidr.value, cidr.at),
      public: pub,
      tags: withDefaultTags(m.defaultTags(isRecord(s.value) ? s.value.provider : undefined), tags.value, tags.at),
      nodes: place.subnets.has(s.address),
    };
    factOf.set(s.address, fact);
    for (const v of pointedAt(val(m, s, 'vpc_id').value, vpcs)) byVpc.set(v.address, [...(byVpc.get(v.address) ?? []), fact]);
  }
  const flowLogged = new Map<string, At>();
  for (const f of m.instances('aws_flow_log')) for (const v of pointedAt(val(m, f, 'vpc_id').value, vpcs)) flowLogged.set(v.address, f.at);
  // A private NAT gateway gives no internet egress: it is not what NET-NAT-HA counts.
  const natHomes = m.instances('aws_nat_gateway').filter((n) => val(m, n, 'connectivity_type').value !== 'private').map((n) => ({ n, homes: pointedAt(val(m, n, 'subnet_id').value, subnets).map((s) => factOf.get(s.address)!) }));
  return vpcs.map((v): NetworkFact => {
    const own = new Set(byVpc.get(v.address) ?? []);
    const nats: Fact<string>[] = [];
    let natUnresolved: string | undefined;
    for (const { n, homes } of natHomes) {
      const target = homes.filter((s) => own.has(s));
      if (n.unresolved && target.length > 0) natUnresolved = n.unresolved;
      nats.push(...target.map((s) => s.availabilityZone));
    }
    const openZone = nats.find((z) => z.value === undefined);
    return {
      source: 'terraform',
      name: v.address,
      at: v.at,
      subnets: [...own],
      flowLogs: { value: flowLogged.has(v.address), at: flowLogged.get(v.address) ?? v.at },
      natGatewayAzs: natUnresolved
        ? { value: undefined, at: v.at, unresolved: natUnresolved }
        : openZone
          ? { value: undefined, at: v.at, unresolved: `zone of a NAT gateway: ${openZone.unresolved ?? 'unknown'}` }
          : { value: nats.map((z) => z.value!), at: v.at },
    };
  });
}

/** A module input: evaluated, located at the input, or at the module block with the module's default when absent. */
function input(m: ConfigModel, mod: TfInstance, name: string, fallback?: unknown): { value: unknown; at: At; defaulted: boolean } {
  const raw = isRecord(mod.value) ? mod.value[name] : undefined;
  if (raw === undefined || raw === null) return { value: fallback, at: mod.at, defaulted: true };
  return { value: m.evaluate(raw, mod.env), at: child(mod.at, name), defaulted: false };
}

const asBool = (v: unknown): unknown => (v === 'true' ? true : v === 'false' ? false : v);

function moduleNetwork(m: ConfigModel, mod: TfInstance, place: Placement): NetworkFact {
  const name = `module.${mod.name}`;
  const azs = input(m, mod, 'azs', []);
  const zoneList: Fact<string[]> = Array.isArray(azs.value) && !firstUnknown(azs.value)
    ? { value: azs.value.map(String), at: azs.at }
    : azs.value instanceof ZoneList && azs.value.to !== undefined
      ? { value: Array.from({ length: azs.value.to - azs.value.from }, (_, i) => `#${(azs.value as ZoneList).from + i}`), at: azs.at }
      : { value: undefined, at: azs.at, unresolved: `azs: ${firstUnknown(azs.value)?.reason ?? 'not a list of zones'}` };
  const baseTags = input(m, mod, 'tags', {});
  // The module's resources take the caller's default aws provider, or the one its `providers` map passes.
  const passed = isRecord(mod.value) && isRecord(mod.value.providers) ? mod.value.providers.aws : undefined;
  const defaults = m.defaultTags(passed);
  const subnetsOf = (kind: 'private' | 'public'): SubnetFact[] => {
    const cidrs = input(m, mod, `${kind}_subnets`, []);
    const tierTags = input(m, mod, `${kind}_subnet_tags`, {});
    const nodes = place.moduleOutputs.has(`${name}.${kind}_subnets`);
    const tagAt = tierTags.defaulted ? (baseTags.defaulted ? mod.at : baseTags.at) : tierTags.at;
    const merged = firstUnknown(baseTags.value) ?? firstUnknown(tierTags.value);
    const tags: Fact<Record<string, string>> = merged
      ? { value: undefined, at: tagAt, unresolved: `${kind}_subnet_tags: ${merged.reason}` }
      : withDefaultTags(defaults, { ...(isRecord(baseTags.value) ? baseTags.value : {}), ...(isRecord(tierTags.value) ? tierTags.value : {}) }, tagAt);
    const pub: Fact<boolean> = { value: kind === 'public', at: cidrs.at };
    if (!Array.isArray(cidrs.value) || firstUnknown(cidrs.value)) {
      const why = `${kind}_subnets: ${firstUnknown(cidrs.value)?.reason ?? 'not a list of CIDRs'}`;
      return [{ id: `${name}.${kind}_subnets`, at: cidrs.at, availabilityZone: { value: undefined, at: cidrs.at, unresolved: why }, prefixLength: { value: undefined, at: cidrs.at, unresolved: why }, public: pub, tags, nodes }];
    }
    return cidrs.value.map((cidr, i): SubnetFact => {
      const at = child(cidrs.at, i);
      // The module places subnet i in element(azs, i): zones repeat when there are more subnets than zones.
      const zones = zoneList.value;
      const zone: Fact<string> = zones === undefined ? { value: undefined, at: azs.at, unresolved: zoneList.unresolved } : zones.length === 0 ? { value: undefined, at: azs.at, unresolved: 'azs is empty' } : { value: zones[i % zones.length]!, at: azs.defaulted ? mod.at : child(azs.at, i % zones.length) };
      return { id: `${name}.${kind}_subnets[${i}]`, at, availabilityZone: zone, prefixLength: prefixOf(cidr, at), public: pub, tags, nodes };
    });
  };
  const priv = subnetsOf('private');
  const pub = subnetsOf('public');
  const flow = input(m, mod, 'enable_flow_log', false);
  const enableNat = input(m, mod, 'enable_nat_gateway', false);
  const single = input(m, mod, 'single_nat_gateway', false);
  const perAz = input(m, mod, 'one_nat_gateway_per_az', false);
  let nat: Fact<string[]>;
  const unknownNat = [enableNat, single, perAz].find((x) => typeof asBool(x.value) !== 'boolean');
  if (unknownNat) nat = { value: undefined, at: unknownNat.at, unresolved: firstUnknown(unknownNat.value)?.reason ?? 'not a bool' };
  else if (asBool(enableNat.value) !== true) nat = { value: [], at: enableNat.at };
  else {
    // The module's count: single ? 1 : one_per_az ? length(azs) : the largest subnet tier; NAT i sits in public subnet i.
    const count = asBool(single.value) === true ? 1 : asBool(perAz.value) === true ? (zoneList.value?.length ?? 0) : priv.length;
    const decided = asBool(single.value) === true ? single.at : asBool(perAz.value) === true ? perAz.at : enableNat.at;
    const homes = Array.from({ length: count }, (_, i) => pub[i % Math.max(1, pub.length)]?.availabilityZone);
    const open = homes.find((z) => z === undefined || z.value === undefined);
    nat = pub.length === 0 ? { value: [], at: decided } : open ? { value: undefined, at: decided, unresolved: `zone of a NAT gateway: ${open?.unresolved ?? 'no public subnet'}` } : { value: homes.map((z) => z!.value!), at: decided };
  }
  return {
    source: 'terraform',
    name,
    at: mod.at,
    subnets: [...priv, ...pub],
    flowLogs: typeof asBool(flow.value) === 'boolean' ? { value: asBool(flow.value) as boolean, at: flow.at, ...(flow.defaulted ? { defaulted: true } : {}) } : { value: undefined, at: flow.at, unresolved: firstUnknown(flow.value)?.reason ?? 'not a bool' },
    natGatewayAzs: nat,
  };
}

/** Whether the subnets a node group names are private, from the subnets and VPC modules in the inputs. */
export function subnetPrivacy(m: ConfigModel, v: unknown, at: At, networks: readonly NetworkFact[]): Fact<boolean> {
  if (v === undefined || v === null) return { value: undefined, at };
  if (v instanceof Unknown) return { value: undefined, at, unresolved: v.reason };
  const list = refs(v);
  const subnets = m.instances('aws_subnet');
  const all = new Map(networks.flatMap((n) => n.subnets.map((s) => [s.id, s] as const)));
  let anyPublic = false;
  for (const r of list) {
    if (r instanceof TfRef && r.ref.startsWith('module.') && (r.attr === 'private_subnets' || r.attr === 'public_subnets')) {
      const mod = m.modules().find((x) => x.address === `${r.ref}${indexSuffix(r.index)}`);
      if (!mod || !isVpcModule(m, mod)) return { value: undefined, at, unresolved: `${r.ref} is not terraform-aws-modules/vpc in these files` };
      anyPublic ||= r.attr === 'public_subnets';
      continue;
    }
    if (r instanceof Unknown) return { value: undefined, at, unresolved: r.reason };
    const targets = pointedAt(r, subnets);
    if (targets.length === 0) return { value: undefined, at, unresolved: `subnet ${r instanceof TfRef ? r.text : JSON.stringify(r)} is not defined in these files` };
    for (const t of targets) {
      const p = all.get(t.address)?.public;
      if (!p || p.value === undefined) return { value: undefined, at, unresolved: `whether ${t.address} is public: ${p?.unresolved ?? 'unknown'}` };
      anyPublic ||= p.value;
    }
  }
  return list.length === 0 ? { value: undefined, at } : { value: !anyPublic, at };
}

export function networkFacts(m: ConfigModel): NetworkFact[] {
  const place = placements(m, m.instances('aws_subnet'));
  return [...rawNetworks(m, place), ...m.modules().filter((mod) => isVpcModule(m, mod)).map((mod) => moduleNetwork(m, mod, place))];
}
