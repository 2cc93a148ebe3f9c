/**
 * CloudFormation VPCs (and CDK output) into network facts: AWS::EC2::VPC with its AWS::EC2::Subnet,
 * AWS::EC2::FlowLog and AWS::EC2::NatGateway resources. Zones written as `Fn::Select [n, Fn::GetAZs]` and CIDRs
 * written as `Fn::Select [n, Fn::Cidr [..., bits]]` (what CDK and the AWS sample templates emit) are resolved as far
 * as the template allows: the n-th zone of the region, a prefix of 32 - bits.
 */
import { child } from '../location.js';
import type { At } from '../location.js';
import { isRecord } from '../detect.js';
import type { SourceObject } from '../detect.js';
import { intrinsicName, valueAt } from '../fact.js';
import type { Fact } from '../fact.js';
import type { Inventory, SubnetFact } from '../inventory.js';

type Resources = Record<string, unknown>;

function refId(v: unknown): string | undefined {
  if (!isRecord(v)) return undefined;
  if (typeof v.Ref === 'string') return v.Ref;
  const g = v['Fn::GetAtt'];
  if (Array.isArray(g) && typeof g[0] === 'string') return g[0];
  return undefined;
}

function unresolved<T>(raw: unknown, at: At): Fact<T> {
  return { value: undefined, at, unresolved: `${intrinsicName(raw) ?? 'the value'} ${JSON.stringify(isRecord(raw) ? Object.values(raw)[0] : raw)} is known only at deploy time` };
}

export function zoneFact(raw: unknown, at: At): Fact<string> {
  if (typeof raw === 'string') return { value: raw, at };
  if (raw === undefined || raw === null) return { value: undefined, at, unresolved: 'no AvailabilityZone: EC2 picks the zone at deploy time' };
  const sel = isRecord(raw) ? raw['Fn::Select'] : undefined;
  // Fn::GetAZs of the stack's own region lists its zones in a fixed order, so two indices are two zones.
  if (Array.isArray(sel) && isRecord(sel[1]) && 'Fn::GetAZs' in sel[1] && Number.isInteger(Number(sel[0]))) {
    const region = sel[1]['Fn::GetAZs'];
    if (region === '' || (isRecord(region) && region.Ref === 'AWS::Region')) return { value: `#${Number(sel[0])}`, at };
  }
  return unresolved(raw, at);
}

export function prefixFact(raw: unknown, at: At): Fact<number> {
  if (typeof raw === 'string') {
    const m = /\/(\d{1,2})$/.exec(raw);
    return m ? { value: Number(m[1]), at } : { value: undefined, at, unresolved: `"${raw}" is not a CIDR` };
  }
  const sel = isRecord(raw) ? raw['Fn::Select'] : undefined;
  const cidr = Array.isArray(sel) && isRecord(sel[1]) ? sel[1]['Fn::Cidr'] : undefined;
  // Fn::Cidr's third argument is the number of host bits of every subnet it cuts.
  if (Array.isArray(cidr) && Number.isInteger(Number(cidr[2]))) return { value: 32 - Number(cidr[2]), at };
  return unresolved(raw, at);
}

function tagsOf(r: Record<string, unknown>): Record<string, string> {
  const t = valueAt(r, ['Properties', 'Tags']);
  const out: Record<string, string> = {};
  if (Array.isArray(t)) for (const x of t) if (isRecord(x) && typeof x.Key === 'string') out[x.Key] = typeof x.Value === 'string' ? x.Value : JSON.stringify(x.Value);
  return out;
}

function idsIn(v: unknown): string[] {
  return Array.isArray(v) ? v.map(refId).filter((x): x is string => x !== undefined) : [];
}

export function addCfnNetworks(inv: Inventory, obj: SourceObject): void {
  const resources: Resources = isRecord(obj.value.Resources) ? obj.value.Resources : {};
  const resAt = (id: string): At => child(obj.at, 'Resources', id);
  const typed = (type: string): [string, Record<string, unknown>][] =>
    Object.entries(resources).filter((e): e is [string, Record<string, unknown>] => isRecord(e[1]) && e[1].Type === type);

  // Subnets the cluster or its node groups are placed in.
  const nodeSubnets = new Set<string>();
  for (const [, r] of typed('AWS::EKS::Nodegroup')) for (const s of idsIn(valueAt(r, ['Properties', 'Subnets']))) nodeSubnets.add(s);
  for (const [, r] of typed('AWS::EKS::Cluster')) for (const s of idsIn(valueAt(r, ['Properties', 'ResourcesVpcConfig', 'SubnetIds']))) nodeSubnets.add(s);

  // A subnet is public when its route table sends traffic to an internet gateway.
  const igws = new Set(typed('AWS::EC2::InternetGateway').map(([id]) => id));
  const publicTables = new Set<string>();
  for (const [, r] of typed('AWS::EC2::Route')) {
    const gw = refId(valueAt(r, ['Properties', 'GatewayId']));
    const table = refId(valueAt(r, ['Properties', 'RouteTableId']));
    if (gw && table && igws.has(gw)) publicTables.add(table);
  }
  const tableOf = new Map<string, string>();
  for (const [, r] of typed('AWS::EC2::SubnetRouteTableAssociation')) {
    const s = refId(valueAt(r, ['Properties', 'SubnetId']));
    const t = refId(valueAt(r, ['Properties', 'RouteTableId']));
    if (s && t) tableOf.set(s, t);
  }

  const subnetsOf = new Map<string, SubnetFact[]>();
  for (const [id, r] of typed('AWS::EC2::Subnet')) {
    const at = resAt(id);
    const p = child(at, 'Properties');
    const tags = tagsOf(r);
    const table = tableOf.get(id);
    const mapsPublicIp = valueAt(r, ['Properties', 'MapPublicIpOnLaunch']) === true;
    const cdkType = tags['aws-cdk:subnet-type'];
    const pub: Fact<boolean> =
      mapsPublicIp ? { value: true, at: child(p, 'MapPublicIpOnLaunch') }
      : table !== undefined ? { value: publicTables.has(table), at }
      : cdkType !== undefined ? { value: cdkType === 'Public', at }
      : { value: undefined, at, unresolved: 'no route table association for this subnet in the template' };
    const fact: SubnetFact = {
      id,
      at,
      availabilityZone: zoneFact(valueAt(r, ['Properties', 'AvailabilityZone']), valueAt(r, ['Properties', 'AvailabilityZone']) === undefined ? p : child(p, 'AvailabilityZone')),
      prefixLength: prefixFact(valueAt(r, ['Properties', 'CidrBlock']), child(p, 'CidrBlock')),
      public: pub,
      tags: { value: tags, at: valueAt(r, ['Properties', 'Tags']) === undefined ? p : child(p, 'Tags') },
      nodes: nodeSubnets.has(id),
    };
    const vpc = refId(valueAt(r, ['Properties', 'VpcId'])) ?? '';
    subnetsOf.set(vpc, [...(subnetsOf.get(vpc) ?? []), fact]);
  }

  const flowLogged = new Set<string>();
  for (const [, r] of typed('AWS::EC2::FlowLog')) {
    if (valueAt(r, ['Properties', 'ResourceType']) !== 'VPC') continue;
    const vpc = refId(valueAt(r, ['Properties', 'ResourceId']));
    if (vpc) flowLogged.add(vpc);
  }
  const subnetById = new Map([...subnetsOf.values()].flat().map((s) => [s.id, s]));
  const natZones: { zone: Fact<string>; vpc: string }[] = [];
  for (const [, r] of typed('AWS::EC2::NatGateway')) {
    const s = subnetById.get(refId(valueAt(r, ['Properties', 'SubnetId'])) ?? '');
    if (s) natZones.push({ zone: s.availabilityZone, vpc: [...subnetsOf.entries()].find(([, l]) => l.includes(s))?.[0] ?? '' });
  }

  for (const [id] of typed('AWS::EC2::VPC')) {
    const at = resAt(id);
    const nats = natZones.filter((n) => n.vpc === id);
    const natUnresolved = nats.find((n) => n.zone.value === undefined);
    inv.networks.push({
      source: 'cloudformation',
      name: id,
      at,
      subnets: subnetsOf.get(id) ?? [],
      flowLogs: { value: flowLogged.has(id), at },
      natGatewayAzs: natUnresolved ? { value: undefined, at, unresolved: `zone of a NAT gateway: ${natUnresolved.zone.unresolved ?? 'unknown'}` } : { value: nats.map((n) => n.zone.value!), at },
    });
  }
}
