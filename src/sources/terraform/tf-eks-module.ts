/**
 * The inputs of `terraform-aws-modules/eks/aws` into facts, with the module's documented defaults applied and marked
 * `defaulted`. v21 renamed most `cluster_*` inputs (`endpoint_public_access`, `kubernetes_version` ...); both are read.
 */
import { child } from '../location.js';
import { isRecord } from '../detect.js';
import type { Fact } from '../fact.js';
import type { ClusterFact, NodeGroupFact } from '../inventory.js';
import { amiFamilyOf } from './tf-resources.js';
import type { TerraformFacts } from './tf-resources.js';
import { asBoolean, attr, field, located, objectField } from './tf-scope.js';
import type { Located, Scope, TfResource } from './tf-scope.js';

const SOURCE = /^(registry\.terraform\.io\/)?terraform-aws-modules\/eks\/aws(\/\/.*)?$|terraform-aws-modules\/terraform-aws-eks/;

export function isEksModule(scope: Scope, m: Located): boolean {
  const src = attr<string>(scope, m, 'source').value;
  return typeof src === 'string' && SOURCE.test(src) && !src.includes('//modules/');
}

/** v21 when the version constraint says so, or when the inputs use v21's names. */
function isV21(scope: Scope, m: Located): boolean {
  const v = attr<string>(scope, m, 'version').value;
  if (typeof v === 'string' && /(^|[^\d.])2[1-9]\./.test(v)) return true;
  return isRecord(m.value) && ['kubernetes_version', 'endpoint_public_access', 'encryption_config', 'enabled_log_types'].some((k) => k in (m.value as object));
}

/** The first input of `names` that is set, else the defaulted fact of the first name. */
function input<T>(scope: Scope, m: Located, names: readonly string[], fallback?: T): Fact<T> {
  for (const n of names) if (isRecord(m.value) && m.value[n] !== undefined && m.value[n] !== null) return attr<T>(scope, m, n);
  // A missing input points at the module block: the nearest parent.
  return fallback === undefined ? { value: undefined, at: m.at } : { value: fallback, at: m.at, defaulted: true };
}

function encryption(scope: Scope, m: Located, v21: boolean): { key: Fact<unknown>; rotation: Fact<boolean> } {
  const name = v21 && isRecord(m.value) && 'encryption_config' in m.value ? 'encryption_config' : 'cluster_encryption_config';
  const enc = objectField(scope, m, name);
  const createKey = input<unknown>(scope, m, ['create_kms_key'], true);
  const rotationInput = asBoolean(input<unknown>(scope, m, ['enable_kms_key_rotation'], true));
  if (enc.value !== undefined && isRecord(enc.value) && Object.keys(enc.value).length === 0) {
    return { key: { value: undefined, at: enc.at }, rotation: { value: undefined, at: enc.at } };
  }
  if (enc.value !== undefined && !isRecord(enc.value)) {
    const why = enc.unresolved ?? `${name} is not an object`;
    return { key: { value: undefined, at: enc.at, unresolved: why }, rotation: { value: undefined, at: enc.at } };
  }
  if (createKey.value !== false && !createKey.unresolved) {
    // The module uses its own key whenever create_kms_key is on (the default), even if provider_key_arn is given.
    const at = enc.value === undefined ? m.at : enc.at;
    return { key: { value: 'the KMS key the module creates', at, ...(enc.value === undefined ? { defaulted: true } : {}) }, rotation: { ...rotationInput, at: rotationInput.defaulted ? at : rotationInput.at } };
  }
  if (createKey.unresolved) return { key: createKey, rotation: { value: undefined, at: createKey.at } };
  const keyArn = attr<unknown>(scope, enc, 'provider_key_arn');
  const raw = isRecord(enc.value) ? enc.value.provider_key_arn : undefined;
  const kms = scope.referenced(raw, 'aws_kms_key');
  if (kms) return { key: { value: `aws_kms_key.${kms.name}`, at: keyArn.at }, rotation: asBoolean(attr<unknown>(scope, kms, 'enable_key_rotation', false)) };
  return { key: keyArn.value === undefined && !keyArn.unresolved ? { value: undefined, at: enc.at } : keyArn, rotation: { value: undefined, at: keyArn.at } };
}

function moduleCluster(scope: Scope, m: TfResource, v21: boolean): ClusterFact {
  const { key, rotation } = encryption(scope, m, v21);
  const name = input<string>(scope, m, ['name', 'cluster_name']);
  return {
    source: 'terraform',
    name: typeof name.value === 'string' ? name.value : `module.${m.name}`,
    account: undefined,
    at: m.at,
    // The module's defaults (v20 and v21): private endpoint on, public off, open to 0.0.0.0/0 when turned on.
    endpointPrivateAccess: asBoolean(input<unknown>(scope, m, ['endpoint_private_access', 'cluster_endpoint_private_access'], true)),
    endpointPublicAccess: asBoolean(input<unknown>(scope, m, ['endpoint_public_access', 'cluster_endpoint_public_access'], false)),
    publicAccessCidrs: input<unknown[]>(scope, m, ['endpoint_public_access_cidrs', 'cluster_endpoint_public_access_cidrs'], ['0.0.0.0/0']),
    secretsKmsKey: key,
    secretsKeyRotation: rotation,
    logTypes: input<unknown[]>(scope, m, ['enabled_log_types', 'cluster_enabled_log_types'], ['audit', 'api', 'authenticator']),
    authenticationMode: input<string>(scope, m, ['authentication_mode'], 'API_AND_CONFIG_MAP'),
    version: input<string>(scope, m, ['kubernetes_version', 'cluster_version']),
  };
}

/** A node group setting: the group's own, else `eks_managed_node_group_defaults`, else the module default. */
function setting(group: Located, defaults: Located, name: string): Located {
  const own = field(group, name);
  if (own.value !== undefined && own.value !== null) return own;
  const d = field(defaults, name);
  if (d.value !== undefined && d.value !== null) return d;
  return { value: undefined, at: group.at };
}

function moduleNodeGroups(scope: Scope, m: TfResource, v21: boolean): NodeGroupFact[] {
  const groups = objectField(scope, m, 'eks_managed_node_groups');
  // v21 dropped eks_managed_node_group_defaults; reading it costs nothing when absent.
  const defaults = objectField(scope, m, 'eks_managed_node_group_defaults');
  if (!isRecord(groups.value)) return [];
  return Object.keys(groups.value).map((key): NodeGroupFact => {
    const g = field(groups, key);
    const sub = (n: string): Located => setting(g, defaults, n);
    const valueOf = <T>(parent: Located, n: string, fallback: T | undefined, at: Located['at']): Fact<T> => {
      if (parent.value === undefined) return fallback === undefined ? { value: undefined, at } : { value: fallback, at, defaulted: true };
      return attr<T>(scope, parent, n, fallback);
    };
    const amiLoc = sub('ami_type');
    const amiType: Fact<string> = amiLoc.value === undefined ? { value: undefined, at: g.at } : located<string>(scope, amiLoc);
    const amiFamily: Fact<string> =
      amiType.value !== undefined || amiType.unresolved
        ? { ...amiType, value: amiFamilyOf(amiType.value) }
        : v21
          ? { value: 'AmazonLinux2023', at: g.at, defaulted: true }
          : { value: undefined, at: g.at, unresolved: 'ami_type is not set: the v20 module leaves it to EKS, which picks AL2 before Kubernetes 1.30 and AL2023 from 1.30' };
    const meta = sub('metadata_options');
    // The module's launch template requires IMDSv2; its hop limit is 2 in v20 and 1 in v21.
    const httpTokens = valueOf<string>(meta, 'http_tokens', 'required', g.at);
    const hopLimit = valueOf<number>(meta, 'http_put_response_hop_limit', v21 ? 1 : 2, g.at);
    const bdm = sub('block_device_mappings');
    const first = isRecord(bdm.value) ? Object.keys(bdm.value)[0] : undefined;
    const ebs = first === undefined ? { value: undefined, at: bdm.at } : field(field(bdm, first), 'ebs');
    // Without block_device_mappings the module's launch template keeps the AMI's root volume: unencrypted unless the
    // account encrypts EBS by default, and of the AMI's volume type.
    const volumeEncrypted = asBoolean(valueOf<unknown>(ebs, 'encrypted', false, ebs.at));
    const volumeType = ebs.value === undefined ? { value: undefined, at: ebs.at } : attr<string>(scope, ebs, 'volume_type', 'gp2');
    const taints = sub('taints');
    return {
      kind: 'nodeGroup',
      source: 'terraform',
      name: key,
      at: g.at,
      managed: true,
      amiFamily,
      amiId: { value: undefined, at: g.at },
      httpTokens,
      hopLimit,
      podImdsBlocked: false,
      volumeEncrypted,
      volumeType,
      privateNetworking: { value: undefined, at: child(g.at, 'subnet_ids') },
      taints: taints.value === undefined ? { value: [], at: g.at, defaulted: true } : { value: isRecord(taints.value) ? Object.values(taints.value) : [taints.value].flat(), at: taints.at },
    };
  });
}

export function moduleFacts(scope: Scope, modules: readonly TfResource[]): TerraformFacts {
  const out: TerraformFacts = { clusters: [], nodeGroups: [] };
  for (const m of modules) {
    if (!isEksModule(scope, m)) continue;
    const v21 = isV21(scope, m);
    out.clusters.push(moduleCluster(scope, m, v21));
    out.nodeGroups.push(...moduleNodeGroups(scope, m, v21));
  }
  return out;
}
