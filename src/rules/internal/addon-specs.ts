/**
 * Every add-on a cluster definition installs, in one shape for all formats: its EKS name, whether EKS manages it,
 * the version it pins and its configuration values. The inventory's AddonFact carries only the identity, and
 * keelson's only the add-ons that call AWS, so the rest is read here from the definitions (see definitions.ts).
 */
import { isRecord } from '../../sources/detect.js';
import { intrinsicName, valueAt } from '../../sources/fact.js';
import type { Fact } from '../../sources/fact.js';
import type { ClusterFact, DefinitionSource, Inventory } from '../../sources/inventory.js';
import { SUPPORTED_ADDON_VERSIONS_KEY } from '../../sources/cloudformation/cfn-cluster.js';
import { child } from '../../sources/location.js';
import type { At } from '../../sources/location.js';
import { addonConfiguration, isTfExpression, keelsonDefinitions, rawAt, tfAddonConfigurationIn, tfBlocks } from './definitions.js';
import type { AddonConfiguration, TfBlock } from './definitions.js';

export interface AddonSpec {
  readonly source: DefinitionSource;
  /** The EKS add-on name (vpc-cni, coredns, kube-proxy, aws-ebs-csi-driver, ...); `aws-load-balancer-controller` for keelson's Helm install. */
  readonly name: string;
  /** The add-on's entry, or for an implicit one the place that decides it. */
  readonly at: At;
  /** An EKS managed add-on (AWS::EKS::Addon, eksctl addons, aws_eks_addon, keelson's managed add-ons). */
  readonly managed: boolean;
  /** Why an add-on the definition does not write is installed anyway (eksctl's default add-ons). */
  readonly implicit?: string;
  /** The pinned version; value undefined when EKS picks it (its default, or most_recent). */
  readonly version: Fact<string>;
  readonly configuration: AddonConfiguration;
  /** A Terraform `${jsonencode({...})}` written with literals only, read by key when the configuration is an expression. */
  readonly configurationText?: string;
  /** Live only: every version EKS offers for this add-on and the Kubernetes versions each supports (eks:DescribeAddonVersions). */
  readonly supportedVersions?: readonly { readonly version: string; readonly clusterVersions: readonly string[] }[];
}

/** keelson's add-ons: definition field -> EKS add-on name. */
const KEELSON_ADDONS: readonly [string, string][] = [
  ['vpcCni', 'vpc-cni'],
  ['coreDns', 'coredns'],
  ['kubeProxy', 'kube-proxy'],
  ['podIdentityAgent', 'eks-pod-identity-agent'],
  ['ebsCsi', 'aws-ebs-csi-driver'],
  ['efsCsi', 'aws-efs-csi-driver'],
  ['metricsServer', 'metrics-server'],
  ['guardDuty', 'aws-guardduty-agent'],
  ['cloudWatchObservability', 'amazon-cloudwatch-observability'],
];

/** keelson definition fields (under addons.vpcCni) behind the VPC CNI configuration keys synth writes. */
const KEELSON_FLAGS: Record<string, string> = { enableNetworkPolicy: 'networkPolicy', 'env.ENABLE_PREFIX_DELEGATION': 'prefixDelegation' };

/** What eksctl installs as EKS add-ons when `addons` leaves them out (eksctl 0.184 and later). */
/** What eksctl installs unless addonsConfig.disableDefaultAddons (pkg/apis/eksctl.io/v1alpha5/defaults.go, v0.230.0). */
export const EKSCTL_DEFAULT_ADDONS = ['vpc-cni', 'coredns', 'kube-proxy', 'metrics-server'] as const;

function versionFact(v: unknown, at: At, parent: At): Fact<string> {
  if (v === undefined || v === null || v === 'latest' || v === '') return { value: undefined, at: v === undefined || v === null ? parent : at };
  const intrinsic = intrinsicName(v);
  if (intrinsic) return { value: undefined, at, unresolved: `${intrinsic} is known only at deploy time` };
  if (isTfExpression(v)) return { value: undefined, at, unresolved: `${String(v)} is a Terraform expression` };
  return { value: String(v), at };
}

function fromInventoryAddons(inv: Inventory): AddonSpec[] {
  return inv.addons
    .filter((a) => a.source === 'cloudformation' || a.source === 'eksctl')
    .map((a) => {
      const raw = rawAt(inv, a.at);
      const cfn = a.source === 'cloudformation';
      const v = cfn ? valueAt(raw, ['Properties', 'AddonVersion']) : valueAt(raw, ['version']);
      const vAt = cfn ? child(a.at, 'Properties', 'AddonVersion') : child(a.at, 'version');
      const sup = cfn ? valueAt(raw, ['Metadata', SUPPORTED_ADDON_VERSIONS_KEY]) : undefined;
      const supportedVersions =
        isRecord(sup) && Array.isArray(sup.Versions)
          ? sup.Versions.filter(isRecord).map((v) => ({ version: String(v.Version), clusterVersions: Array.isArray(v.ClusterVersions) ? v.ClusterVersions.map(String) : [] }))
          : undefined;
      return {
        source: a.source,
        name: a.name,
        at: a.at,
        managed: true,
        version: versionFact(v, vAt, cfn ? child(a.at, 'Properties') : a.at),
        configuration: addonConfiguration(inv, a),
        ...(supportedVersions ? { supportedVersions } : {}),
      };
    });
}

function eksctlDefaults(inv: Inventory, written: readonly AddonSpec[]): AddonSpec[] {
  const out: AddonSpec[] = [];
  for (const c of inv.clusters.filter((x) => x.source === 'eksctl')) {
    const root: At = { origin: c.at.origin, path: c.at.path.slice(0, -1) };
    const raw = rawAt(inv, root);
    if (valueAt(raw, ['addonsConfig', 'disableDefaultAddons']) === true) continue;
    const mine = written.filter((a) => a.source === 'eksctl' && a.at.origin === c.at.origin);
    for (const name of EKSCTL_DEFAULT_ADDONS) {
      if (mine.some((a) => a.name === name)) continue;
      const at = child(root, 'addons');
      out.push({ source: 'eksctl', name, at, managed: true, implicit: 'eksctl installs it by default', version: { value: undefined, at }, configuration: { value: {}, at } });
    }
  }
  return out;
}

function fromKeelson(inv: Inventory): AddonSpec[] {
  const out: AddonSpec[] = [];
  for (const k of keelsonDefinitions(inv)) {
    const addons = k.definition.addons as unknown as Record<string, { enabled?: boolean; version?: string }>;
    for (const [field, name] of KEELSON_ADDONS) {
      const a = addons[field];
      if (!a || a.enabled === false) continue;
      const at = isRecord(valueAt(k.raw, ['addons', field])) ? child(k.at, 'addons', field) : isRecord(k.raw.addons) ? child(k.at, 'addons') : k.at;
      const vAt = child(at, 'version');
      const vpcCni = k.definition.addons.vpcCni;
      // The configuration keelson synth writes for the VPC CNI, so configFlag reads every format the same way.
      const configuration = name === 'vpc-cni' ? { enableNetworkPolicy: String(vpcCni.networkPolicy), env: { ENABLE_PREFIX_DELEGATION: String(vpcCni.prefixDelegation) } } : {};
      out.push({ source: 'keelson', name, at, managed: true, version: a.version ? { value: a.version, at: vAt } : { value: undefined, at }, configuration: { value: configuration, at } });
    }
    if (k.definition.loadBalancerController.enabled) {
      const at = isRecord(k.raw.loadBalancerController) ? child(k.at, 'loadBalancerController') : k.at;
      out.push({ source: 'keelson', name: 'aws-load-balancer-controller', at, managed: false, version: { value: k.definition.loadBalancerController.chartVersion, at }, configuration: { value: {}, at } });
    }
  }
  return out;
}

function tfSpec(inv: Inventory, b: TfBlock, name: string, body: Record<string, unknown>, at: At): AddonSpec {
  const version = b.afterUnknown?.addon_version === true
    ? { value: undefined, at, unresolved: 'addon_version is known only after apply' }
    : body.most_recent === true && body.addon_version === undefined ? { value: undefined, at: child(at, 'most_recent') } : versionFact(body.addon_version, child(at, 'addon_version'), at);
  const text = body.configuration_values;
  // References (var., local., module.) make the value a plan-time one; literals can still be read by key.
  const literal = typeof text === 'string' && /^\$\{jsonencode\(/.test(text) && !/\b(var|local|module|each|data)\./.test(text) ? text : undefined;
  return { source: 'terraform', name, at, managed: true, version, configuration: tfAddonConfigurationIn(inv, { ...b, value: body, at }), ...(literal ? { configurationText: literal } : {}) };
}

function fromTerraform(inv: Inventory): AddonSpec[] {
  const out: AddonSpec[] = [];
  for (const b of tfBlocks(inv, 'resource', 'aws_eks_addon')) {
    if (typeof b.value.addon_name === 'string' && !isTfExpression(b.value.addon_name)) out.push(tfSpec(inv, b, b.value.addon_name, b.value, b.at));
  }
  for (const m of tfBlocks(inv, 'module')) {
    if (typeof m.value.source !== 'string' || !m.value.source.includes('terraform-aws-modules/eks/aws')) continue;
    // v20 calls the map cluster_addons, v21 addons.
    for (const key of ['cluster_addons', 'addons']) {
      const map = m.value[key];
      if (!isRecord(map)) continue;
      for (const [name, body] of Object.entries(map)) out.push(tfSpec(inv, m, name, isRecord(body) ? body : {}, child(m.at, key, name)));
    }
  }
  return out;
}

/** Every add-on the definitions in the inputs install. */
export function definedAddons(inv: Inventory): AddonSpec[] {
  const written = fromInventoryAddons(inv);
  return [...written, ...eksctlDefaults(inv, written), ...fromKeelson(inv), ...fromTerraform(inv)];
}

/** The add-ons of one cluster: those of its format from the same file, or of its format anywhere when its file has none. */
export function addonsOf(c: ClusterFact, all: readonly AddonSpec[]): AddonSpec[] {
  const same = all.filter((a) => a.source === c.source);
  const sameFile = same.filter((a) => a.at.origin.file === c.at.origin.file);
  return sameFile.length > 0 ? sameFile : same;
}

/**
 * A boolean setting in an add-on's configuration (`enableNetworkPolicy`, `env.ENABLE_PREFIX_DELEGATION`). The VPC
 * CNI takes "true"/"false" strings. A Terraform jsonencode({...}) written with literals is read by key.
 */
export function configFlag(spec: AddonSpec, path: readonly string[]): Fact<boolean> {
  const config = spec.configuration;
  const keelsonField = spec.source === 'keelson' ? KEELSON_FLAGS[path.join('.')] : undefined;
  const at = keelsonField ? child(spec.at, keelsonField) : config.at;
  if (config.value !== undefined) {
    const v = valueAt(config.value, path);
    if (v === undefined || v === null) return { value: undefined, at };
    if (v === true || v === 'true') return { value: true, at };
    if (v === false || v === 'false') return { value: false, at };
    return { value: undefined, at, unresolved: `${path.join('.')} is ${JSON.stringify(v)}` };
  }
  if (spec.configurationText === undefined) return { value: undefined, at, unresolved: config.unresolved ?? 'the configuration is known only at deploy time' };
  const key = path[path.length - 1] as string;
  const m = new RegExp(`["']?${key}["']?\\s*[=:]\\s*"?(true|false)"?`).exec(spec.configurationText);
  return { value: m ? m[1] === 'true' : undefined, at };
}
