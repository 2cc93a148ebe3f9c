/**
 * The VPC of an eksctl ClusterConfig into a network fact. eksctl's documented defaults apply when it builds the VPC:
 * 3 zones, 192.168.0.0/16 cut into 8 subnets (/19: 3 private, 3 public, 2 reserved), subnets tagged for load
 * balancers, a single NAT gateway, no flow logs. Subnets of an existing VPC (`vpc.id`, `vpc.subnets.*.id`) are
 * described only as far as the file says.
 */
import { child } from '../location.js';
import type { At } from '../location.js';
import { isRecord } from '../detect.js';
import { valueAt } from '../fact.js';
import type { Fact } from '../fact.js';
import type { Inventory, SubnetFact } from '../inventory.js';

export function addEksctlNetwork(inv: Inventory, v: Record<string, unknown>, at: At, name: string): void {
  const vpcAt = isRecord(v.vpc) ? child(at, 'vpc') : at;
  const existingVpc = typeof valueAt(v, ['vpc', 'id']) === 'string';
  const written = valueAt(v, ['vpc', 'subnets']);
  const groups = [...(Array.isArray(v.nodeGroups) ? v.nodeGroups : []), ...(Array.isArray(v.managedNodeGroups) ? v.managedNodeGroups : [])].filter(isRecord);
  const privateNodes = groups.some((g) => g.privateNetworking === true);
  const publicNodes = groups.length === 0 || groups.some((g) => g.privateNetworking !== true);
  const vpcCidr = valueAt(v, ['vpc', 'cidr']);
  const vpcPrefix = typeof vpcCidr === 'string' && /\/(\d{1,2})$/.test(vpcCidr) ? Number(/\/(\d{1,2})$/.exec(vpcCidr)![1]) : 16;
  // eksctl cuts its VPC into 8 equal subnets: 3 bits more than the VPC's prefix.
  const defaultPrefix: Fact<number> = { value: vpcPrefix + 3, at: typeof vpcCidr === 'string' ? child(at, 'vpc', 'cidr') : vpcAt, defaulted: true };
  const eksctlTags = (pub: boolean): Record<string, string> => (pub ? { 'kubernetes.io/role/elb': '1' } : { 'kubernetes.io/role/internal-elb': '1' });

  const subnets: SubnetFact[] = [];
  let zones: Fact<string>[];
  if (isRecord(written) && (isRecord(written.private) || isRecord(written.public))) {
    for (const kind of ['private', 'public'] as const) {
      const m = written[kind];
      if (!isRecord(m)) continue;
      for (const [key, s] of Object.entries(m)) {
        const sAt = child(at, 'vpc', 'subnets', kind, key);
        const az = isRecord(s) && typeof s.az === 'string' ? s.az : key;
        const cidr = isRecord(s) ? s.cidr : undefined;
        const owned = !(isRecord(s) && typeof s.id === 'string');
        subnets.push({
          id: key,
          at: sAt,
          // Keys are zone names unless the entry says `az:`; an entry with only an id leaves the zone to AWS.
          availabilityZone: isRecord(s) && typeof s.id === 'string' && typeof s.az !== 'string' && !/^[a-z]{2}-[a-z]+-\d[a-z]$/.test(key) ? { value: undefined, at: sAt, unresolved: `subnet ${String(s.id)}: its zone is not in the file` } : { value: az, at: sAt },
          prefixLength: typeof cidr === 'string' && /\/(\d{1,2})$/.test(cidr) ? { value: Number(/\/(\d{1,2})$/.exec(cidr)![1]), at: child(sAt, 'cidr') } : owned ? defaultPrefix : { value: undefined, at: sAt, unresolved: 'an existing subnet given by id: its CIDR is not in the file' },
          public: { value: kind === 'public', at: sAt },
          tags: owned && !existingVpc ? { value: eksctlTags(kind === 'public'), at: sAt, defaulted: true } : { value: undefined, at: sAt, unresolved: 'eksctl does not tag subnets it does not create' },
          nodes: kind === 'private' ? privateNodes : publicNodes,
        });
      }
    }
    zones = [...new Set(subnets.map((s) => s.availabilityZone.value).filter((z): z is string => z !== undefined))].map((z) => ({ value: z, at: vpcAt }));
  } else if (existingVpc) {
    zones = [];
  } else {
    const listed = valueAt(v, ['availabilityZones']);
    zones = Array.isArray(listed)
      ? listed.map((z, i) => ({ value: String(z), at: child(at, 'availabilityZones', i) }))
      : ['#0', '#1', '#2'].map((z) => ({ value: z, at, defaulted: true }));
    for (const z of zones) {
      for (const pub of [false, true]) {
        subnets.push({
          id: `${pub ? 'public' : 'private'} subnet in ${z.value!.startsWith('#') ? `zone ${z.value}` : z.value!}`,
          at: z.at,
          availabilityZone: z,
          prefixLength: defaultPrefix,
          public: { value: pub, at: z.at, defaulted: true },
          tags: { value: eksctlTags(pub), at: z.at, defaulted: true },
          nodes: pub ? publicNodes : privateNodes,
        });
      }
    }
  }
  const gateway = valueAt(v, ['vpc', 'nat', 'gateway']);
  const natAt = gateway === undefined ? vpcAt : child(at, 'vpc', 'nat', 'gateway');
  const names = zones.map((z) => z.value!);
  const natGatewayAzs: Fact<string[]> = existingVpc
    ? { value: undefined, at: vpcAt, unresolved: 'the NAT gateways of an existing VPC (vpc.id) are not in the file' }
    : gateway === 'HighlyAvailable' ? { value: names, at: natAt }
    : gateway === 'Disable' ? { value: [], at: natAt }
    : { value: names.slice(0, 1), at: natAt, defaulted: gateway === undefined };
  inv.networks.push({
    source: 'eksctl',
    name,
    at: vpcAt,
    subnets,
    // eksctl has no flow-log setting: a VPC it builds has none unless added outside the file.
    flowLogs: existingVpc ? { value: undefined, at: vpcAt, unresolved: 'the flow logs of an existing VPC (vpc.id) are not in the file' } : { value: false, at: vpcAt, defaulted: true },
    natGatewayAzs,
  });
}
