/**
 * Raw AWS provider resources into facts: aws_eks_cluster (with the aws_kms_key it references) and aws_eks_node_group
 * (with its aws_launch_template). The same code reads a configuration and a plan; the Scope resolves references.
 */
import { child } from '../location.js';
import type { Fact } from '../fact.js';
import type { ClusterFact, NodeGroupFact } from '../inventory.js';
import { isRecord } from '../detect.js';
import { asBoolean, attr, block } from './tf-scope.js';
import type { Located, Scope, TfResource } from './tf-scope.js';

export interface TerraformFacts {
  readonly clusters: ClusterFact[];
  readonly nodeGroups: NodeGroupFact[];
}

export function amiFamilyOf(amiType: string | undefined): string | undefined {
  if (amiType === undefined) return undefined;
  if (amiType.startsWith('AL2023')) return 'AmazonLinux2023';
  if (amiType.startsWith('BOTTLEROCKET')) return 'Bottlerocket';
  if (amiType.startsWith('AL2_')) return 'AmazonLinux2';
  return amiType;
}

/** A plan names resources by their full address already; a configuration by type and name. */
function addressOf(r: TfResource): string {
  return r.name.includes('.') ? r.name : `${r.type}.${r.name}`;
}

function secretsKey(scope: Scope, r: Located): { key: Fact<unknown>; rotation: Fact<boolean> } {
  const list = isRecord(r.value) ? r.value.encryption_config : undefined;
  const count = Array.isArray(list) ? list.length : isRecord(list) ? 1 : 0;
  for (let i = 0; i < count; i++) {
    const enc = block(r, 'encryption_config', i);
    const resources = attr<unknown[]>(scope, enc, 'resources');
    if (!resources.unresolved && !(resources.value ?? []).includes('secrets')) continue;
    const provider = block(enc, 'provider');
    const keyArn = attr<unknown>(scope, provider, 'key_arn');
    const raw = isRecord(provider.value) ? provider.value.key_arn : undefined;
    const kms = scope.referenced(raw, 'aws_kms_key');
    if (kms) {
      return {
        key: { value: `aws_kms_key.${kms.name}`, at: keyArn.at },
        // The provider's default is rotation off.
        rotation: asBoolean(attr<unknown>(scope, kms, 'enable_key_rotation', false)),
      };
    }
    return { key: keyArn, rotation: { value: undefined, at: keyArn.at } };
  }
  const at = block(r, 'encryption_config').at;
  return { key: { value: undefined, at: count === 0 ? r.at : at }, rotation: { value: undefined, at: r.at } };
}

export function clusterFact(scope: Scope, r: TfResource): ClusterFact {
  const vpc = block(r, 'vpc_config');
  const { key, rotation } = secretsKey(scope, r);
  const name = attr<string>(scope, r, 'name');
  return {
    source: 'terraform',
    name: typeof name.value === 'string' ? name.value : addressOf(r),
    account: undefined,
    at: r.at,
    // AWS provider defaults: private endpoint off, public on, open to 0.0.0.0/0, CONFIG_MAP authentication, no logs.
    endpointPrivateAccess: asBoolean(attr<unknown>(scope, vpc, 'endpoint_private_access', false)),
    endpointPublicAccess: asBoolean(attr<unknown>(scope, vpc, 'endpoint_public_access', true)),
    publicAccessCidrs: attr<unknown[]>(scope, vpc, 'public_access_cidrs', ['0.0.0.0/0']),
    secretsKmsKey: key,
    secretsKeyRotation: rotation,
    logTypes: attr<unknown[]>(scope, r, 'enabled_cluster_log_types', []),
    authenticationMode: attr<string>(scope, block(r, 'access_config'), 'authentication_mode', 'CONFIG_MAP'),
    version: attr<string>(scope, r, 'version'),
  };
}

function launchTemplateOf(scope: Scope, ng: Located): { lt: TfResource | undefined; unresolved: string | undefined; declared: boolean } {
  const spec = block(ng, 'launch_template');
  if (!isRecord(spec.value)) return { lt: undefined, unresolved: undefined, declared: false };
  for (const k of ['id', 'name']) {
    const raw = spec.value[k];
    if (raw === undefined || raw === null) continue;
    const lt = scope.referenced(raw, 'aws_launch_template');
    if (lt) return { lt, unresolved: undefined, declared: true };
  }
  // A plan omits an ID known only after apply; the scope may still match the template another way.
  const known = scope.referenced(undefined, 'aws_launch_template');
  if (known) return { lt: known, unresolved: undefined, declared: true };
  return { lt: undefined, unresolved: 'the launch template is defined outside these files', declared: true };
}

export function nodeGroupFact(scope: Scope, r: TfResource): NodeGroupFact {
  const { lt, unresolved, declared } = launchTemplateOf(scope, r);
  const amiType = attr<string>(scope, r, 'ami_type');
  const imageId = lt ? attr<string>(scope, lt, 'image_id') : { value: undefined, at: r.at };
  const custom = imageId.value !== undefined || imageId.unresolved !== undefined;
  const amiFamily: Fact<string> =
    amiType.value !== undefined || amiType.unresolved
      ? { ...amiType, value: amiFamilyOf(amiType.value) }
      : custom
        ? { value: undefined, at: imageId.at }
        : { value: undefined, at: amiType.at, unresolved: 'ami_type is not set: EKS picks AL2 before Kubernetes 1.30 and AL2023 from 1.30' };
  let httpTokens: Fact<string>;
  let hopLimit: Fact<number>;
  let volumeEncrypted: Fact<boolean>;
  let volumeType: Fact<string>;
  if (lt) {
    const meta = block(lt, 'metadata_options');
    const bdm = block(lt, 'block_device_mappings');
    const ebs = block(bdm, 'ebs');
    // Launch template defaults as the CloudFormation reader applies them: IMDSv1 allowed, hop limit 1.
    httpTokens = attr<string>(scope, meta, 'http_tokens', 'optional');
    hopLimit = attr<number>(scope, meta, 'http_put_response_hop_limit', 1);
    volumeEncrypted = asBoolean(attr<unknown>(scope, ebs, 'encrypted', false));
    // No mapping at all keeps the AMI's own root volume type, which the file does not say.
    volumeType = isRecord(bdm.value) ? attr<string>(scope, ebs, 'volume_type', 'gp2') : { value: undefined, at: bdm.at };
  } else if (declared) {
    const at = block(r, 'launch_template').at;
    const why = unresolved ?? 'unknown launch template';
    httpTokens = { value: undefined, at, unresolved: why };
    hopLimit = { value: undefined, at, unresolved: why };
    volumeEncrypted = { value: undefined, at, unresolved: why };
    volumeType = { value: undefined, at, unresolved: why };
  } else {
    // Without a launch template EKS allows IMDSv1 with hop limit 2, and volumes follow the account's EBS default.
    httpTokens = { value: 'optional', at: r.at, defaulted: true };
    hopLimit = { value: 2, at: r.at, defaulted: true };
    volumeEncrypted = { value: false, at: r.at, defaulted: true };
    volumeType = { value: 'gp2', at: r.at, defaulted: true };
  }
  return {
    kind: 'nodeGroup',
    source: 'terraform',
    name: typeof attr(scope, r, 'node_group_name').value === 'string' ? String(attr(scope, r, 'node_group_name').value) : addressOf(r),
    at: r.at,
    managed: true,
    amiFamily,
    amiId: imageId,
    httpTokens,
    hopLimit,
    podImdsBlocked: false,
    volumeEncrypted,
    volumeType,
    // Subnets come from aws_subnet resources or a VPC module; whether they are private is not read yet.
    privateNetworking: { value: undefined, at: child(r.at, 'subnet_ids') },
    // The provider's block is `taint`, one block per taint.
    taints: isRecord(r.value) && r.value.taint !== undefined ? { value: [r.value.taint].flat(), at: child(r.at, 'taint') } : { value: [], at: r.at, defaulted: true },
  };
}

export function resourceFacts(scope: Scope): TerraformFacts {
  return {
    clusters: scope.resources('aws_eks_cluster').map((r) => clusterFact(scope, r)),
    nodeGroups: scope.resources('aws_eks_node_group').map((r) => nodeGroupFact(scope, r)),
  };
}
