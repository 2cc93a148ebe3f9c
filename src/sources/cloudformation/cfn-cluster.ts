/**
 * CloudFormation templates (and CDK output) into facts: AWS::EKS::Cluster, AWS::EKS::Nodegroup with its
 * AWS::EC2::LaunchTemplate, and AWS::KMS::Key rotation when the key is in the same template. A `Ref` to a resource
 * in the template is followed; a value known only at deploy time stays unresolved so rules say "not evaluated".
 */
import { child } from '../location.js';
import type { At } from '../location.js';
import { isRecord } from '../detect.js';
import type { SourceObject } from '../detect.js';
import { factAt, valueAt } from '../fact.js';
import type { Fact } from '../fact.js';
import type { ClusterFact, Inventory } from '../inventory.js';
import { addCfnNetworks } from './cfn-network.js';
import { addCfnRoles } from './cfn-iam.js';
import { addCfnFeatures } from './cfn-features.js';
import { addCfnAddons } from './cfn-addons.js';

/** The logical id a `Ref`/`Fn::GetAtt` points at, when it points inside the template. */
function referencedId(v: unknown): string | undefined {
  if (!isRecord(v)) return undefined;
  if (typeof v.Ref === 'string') return v.Ref;
  const g = v['Fn::GetAtt'];
  if (Array.isArray(g) && typeof g[0] === 'string') return g[0];
  return undefined;
}

/** Where a live snapshot's cluster resource keeps EKS upgrade insights (no CloudFormation property holds them). */
export const UPGRADE_INSIGHTS_KEY = 'KeelsonUpgradeInsights';
/** Where a live snapshot's add-on resource keeps the versions EKS supports for it on the cluster's version. */
export const SUPPORTED_ADDON_VERSIONS_KEY = 'KeelsonSupportedVersions';

function upgradeInsights(r: Record<string, unknown>, at: At): ClusterFact['upgradeInsights'] {
  const list = valueAt(r, ['Metadata', UPGRADE_INSIGHTS_KEY]);
  if (!Array.isArray(list)) return undefined;
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  return {
    value: list.filter(isRecord).map((i) => ({ name: String(i.Name), kubernetesVersion: str(i.KubernetesVersion), status: str(i.Status), reason: str(i.Reason), description: str(i.Description) })),
    at: child(at, 'Metadata', UPGRADE_INSIGHTS_KEY),
  };
}

/**
 * A node group whose subnets are all defined in the same template is private exactly when every one of them is
 * (no route to an internet gateway, no public IPs), as the network reader decided; a subnet from outside the
 * template leaves it undecided.
 */
function resolveNodeSubnets(inv: Inventory, obj: SourceObject, resources: Record<string, unknown>): void {
  const subnets = new Map(inv.networks.filter((n) => n.at.origin === obj.at.origin).flatMap((n) => n.subnets.map((sn) => [sn.id, sn] as const)));
  inv.nodeGroups.forEach((ng, i) => {
    if (ng.source !== 'cloudformation' || ng.at.origin !== obj.at.origin || ng.privateNetworking.value !== undefined || ng.privateNetworking.unresolved) return;
    const r = resources[ng.name];
    const list = isRecord(r) ? valueAt(r, ['Properties', 'Subnets']) : undefined;
    if (!Array.isArray(list) || list.length === 0) return;
    const facts = list.map((x) => subnets.get(referencedId(x) ?? ''));
    if (facts.some((f) => f === undefined || f.public.value === undefined)) return;
    const isPublic = facts.some((f) => f!.public.value === true);
    inv.nodeGroups[i] = { ...ng, privateNetworking: { value: !isPublic, at: ng.privateNetworking.at } };
  });
}

export function addCloudFormation(inv: Inventory, obj: SourceObject): void {
  const resources = isRecord(obj.value.Resources) ? obj.value.Resources : {};
  const resAt = (id: string): At => child(obj.at, 'Resources', id);
  const typed = (type: string): [string, Record<string, unknown>][] =>
    Object.entries(resources).filter((e): e is [string, Record<string, unknown>] => isRecord(e[1]) && e[1].Type === type);

  for (const [id, r] of typed('AWS::EKS::Cluster')) {
    const at = resAt(id);
    const p = ['Properties'];
    const vpc = [...p, 'ResourcesVpcConfig'];
    const enc = valueAt(r, [...p, 'EncryptionConfig']);
    const encIndex = Array.isArray(enc) ? enc.findIndex((e) => isRecord(e) && Array.isArray(e.Resources) && e.Resources.includes('secrets')) : -1;
    const keyPath = encIndex >= 0 ? [...p, 'EncryptionConfig', encIndex, 'Provider', 'KeyArn'] : [...p, 'EncryptionConfig'];
    const keyId = referencedId(valueAt(r, keyPath));
    // A reference to a key defined in this template is a key that exists, even though its ARN is known only later.
    const key: Fact<unknown> =
      encIndex < 0 ? { value: undefined, at: child(at, ...keyPath) } : keyId && keyId in resources ? { value: `the key ${keyId} in this template`, at: child(at, ...keyPath) } : factAt(r, at, keyPath);
    const keyRes = keyId ? resources[keyId] : undefined;
    const rotation: Fact<boolean> =
      keyId && isRecord(keyRes) && keyRes.Type === 'AWS::KMS::Key'
        ? factAt<boolean>(keyRes, resAt(keyId), ['Properties', 'EnableKeyRotation'], false)
        : { value: undefined, at: key.at };
    const types = valueAt(r, [...p, 'Logging', 'ClusterLogging', 'EnabledTypes']);
    const logTypes: Fact<unknown[]> = Array.isArray(types)
      ? { value: types.map((t) => (isRecord(t) ? t.Type : t)), at: child(at, ...p, 'Logging', 'ClusterLogging', 'EnabledTypes') }
      : { value: [], at: child(at, ...p, 'Logging'), defaulted: true };
    inv.clusters.push({
      source: 'cloudformation',
      name: typeof valueAt(r, [...p, 'Name']) === 'string' ? String(valueAt(r, [...p, 'Name'])) : id,
      account: undefined,
      at,
      // AWS::EKS::Cluster defaults: public endpoint on from anywhere, private endpoint off.
      endpointPrivateAccess: factAt(r, at, [...vpc, 'EndpointPrivateAccess'], false),
      endpointPublicAccess: factAt(r, at, [...vpc, 'EndpointPublicAccess'], true),
      publicAccessCidrs: factAt<unknown[]>(r, at, [...vpc, 'PublicAccessCidrs'], ['0.0.0.0/0']),
      secretsKmsKey: key,
      secretsKeyRotation: rotation,
      logTypes,
      authenticationMode: factAt(r, at, [...p, 'AccessConfig', 'AuthenticationMode'], 'CONFIG_MAP'),
      version: factAt(r, at, [...p, 'Version']),
      ...(upgradeInsights(r, at) ? { upgradeInsights: upgradeInsights(r, at) } : {}),
    });
  }

  for (const [id, r] of typed('AWS::EKS::Nodegroup')) {
    const at = resAt(id);
    const ltRef = referencedId(valueAt(r, ['Properties', 'LaunchTemplate', 'Id'])) ?? referencedId(valueAt(r, ['Properties', 'LaunchTemplate', 'Name']));
    const lt = ltRef ? resources[ltRef] : undefined;
    const ltAt = ltRef && isRecord(lt) ? resAt(ltRef) : undefined;
    const data = ['Properties', 'LaunchTemplateData'];
    const amiType = factAt<string>(r, at, ['Properties', 'AmiType'], 'AL2_x86_64');
    const family = amiType.value?.startsWith('AL2023') ? 'AmazonLinux2023' : amiType.value?.startsWith('BOTTLEROCKET') ? 'Bottlerocket' : amiType.value?.startsWith('AL2_') ? 'AmazonLinux2' : amiType.value;
    const root = isRecord(lt) ? valueAt(lt, [...data, 'BlockDeviceMappings']) : undefined;
    const rootIndex = Array.isArray(root) ? Math.max(0, root.findIndex((b) => isRecord(b) && isRecord(b.Ebs))) : -1;
    // Without a launch template, EKS managed node groups use IMDSv2-optional and hop limit 2, and unencrypted volumes
    // unless the account encrypts EBS by default.
    const noLt = (v: unknown): Fact<never> => ({ value: v as never, at, defaulted: true });
    inv.nodeGroups.push({
    kind: 'nodeGroup',
      source: 'cloudformation',
      name: id,
      at,
      managed: true,
      amiFamily: { ...amiType, value: family },
      amiId: ltAt && isRecord(lt) ? factAt(lt, ltAt, [...data, 'ImageId']) : { value: undefined, at },
      httpTokens: ltAt && isRecord(lt) ? factAt(lt, ltAt, [...data, 'MetadataOptions', 'HttpTokens'], 'optional') : noLt('optional'),
      hopLimit: ltAt && isRecord(lt) ? factAt(lt, ltAt, [...data, 'MetadataOptions', 'HttpPutResponseHopLimit'], 1) : noLt(2),
      podImdsBlocked: false,
      volumeEncrypted: ltAt && isRecord(lt) && rootIndex >= 0 ? factAt(lt, ltAt, [...data, 'BlockDeviceMappings', rootIndex, 'Ebs', 'Encrypted'], false) : noLt(false),
      volumeType: ltAt && isRecord(lt) && rootIndex >= 0 ? factAt(lt, ltAt, [...data, 'BlockDeviceMappings', rootIndex, 'Ebs', 'VolumeType'], 'gp2') : noLt('gp2'),
      // A node group's subnets are decided by the VPC stack; the template seldom says whether they are private.
      privateNetworking: factAt(r, at, ['Properties', 'Subnets']).unresolved ? { value: undefined, at: child(at, 'Properties', 'Subnets'), unresolved: 'subnets come from a parameter' } : { value: undefined, at: child(at, 'Properties', 'Subnets') },
      taints: factAt<unknown[]>(r, at, ['Properties', 'Taints'], []),
    });
  }
  addCfnNetworks(inv, obj);
  resolveNodeSubnets(inv, obj, resources);
  addCfnRoles(inv, obj);
  addCfnFeatures(inv, obj);
  addCfnAddons(inv, obj);
}
