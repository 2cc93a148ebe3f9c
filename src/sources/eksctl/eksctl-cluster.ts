/**
 * eksctl ClusterConfig (eksctl.io/v1alpha5) into cluster and node group facts. eksctl's own defaults are applied
 * (and marked `defaulted`) so a rule judges what eksctl will actually create.
 */
import { child } from '../location.js';
import type { At } from '../location.js';
import { isRecord } from '../detect.js';
import type { SourceObject } from '../detect.js';
import { factAt, valueAt } from '../fact.js';
import type { Fact } from '../fact.js';
import type { Inventory } from '../inventory.js';
import { addEksctlNetwork } from './eksctl-network.js';
import { addEksctlRoles } from './eksctl-iam.js';
import { addEksctlFeatures } from './eksctl-features.js';
import { addEksctlAddons } from './eksctl-addons.js';

const AMI_FAMILIES: Record<string, string> = {
  AmazonLinux2023: 'AmazonLinux2023',
  AmazonLinux2: 'AmazonLinux2',
  Bottlerocket: 'Bottlerocket',
};

export function addEksctl(inv: Inventory, obj: SourceObject): void {
  const v = obj.value;
  const at = obj.at;
  const name = String(valueAt(v, ['metadata', 'name']) ?? '(unnamed)');
  inv.clusters.push({
    source: 'eksctl',
    name,
    account: undefined,
    at: child(at, 'metadata'),
    // eksctl defaults: private endpoint off, public on, public CIDRs 0.0.0.0/0, API_AND_CONFIG_MAP.
    endpointPrivateAccess: factAt(v, at, ['vpc', 'clusterEndpoints', 'privateAccess'], false),
    endpointPublicAccess: factAt(v, at, ['vpc', 'clusterEndpoints', 'publicAccess'], true),
    publicAccessCidrs: factAt<unknown[]>(v, at, ['vpc', 'publicAccessCIDRs'], ['0.0.0.0/0']),
    secretsKmsKey: factAt(v, at, ['secretsEncryption', 'keyARN']),
    // The key is created outside eksctl: its rotation is not in the file.
    secretsKeyRotation: { value: undefined, at: child(at, 'secretsEncryption', 'keyARN') },
    logTypes: factAt<unknown[]>(v, at, ['cloudWatch', 'clusterLogging', 'enableTypes'], []),
    authenticationMode: factAt(v, at, ['accessConfig', 'authenticationMode'], 'API_AND_CONFIG_MAP'),
    version: factAt(v, at, ['metadata', 'version']),
  });
  addEksctlNetwork(inv, v, at, name);
  addEksctlRoles(inv, v, at);
  addEksctlFeatures(inv, v, at);
  addEksctlAddons(inv, v, at);
  for (const [field, managed] of [['nodeGroups', false], ['managedNodeGroups', true]] as const) {
    const list = v[field];
    if (!Array.isArray(list)) continue;
    list.forEach((ng, i) => {
      if (!isRecord(ng)) return;
      const ngAt = child(at, field, i);
      const family = factAt<string>(ng, ngAt, ['amiFamily'], 'AmazonLinux2023');
      const amiFamily: Fact<string> = { ...family, value: family.value === undefined ? undefined : (AMI_FAMILIES[family.value] ?? family.value) };
      inv.nodeGroups.push({
      kind: 'nodeGroup',
        source: 'eksctl',
        name: String(ng.name ?? `#${i}`),
        at: ngAt,
        managed,
        amiFamily,
        amiId: factAt(ng, ngAt, ['ami']),
        // disableIMDSv1 defaults to true in eksctl: IMDSv2 tokens are required unless it is set to false
        // (disablePodIMDS: true requires them too: eksctl pkg/cfn/builder makeMetadataOptions).
        httpTokens: ((): Fact<string> => {
          const d = factAt<boolean>(ng, ngAt, ['disableIMDSv1'], true);
          return { ...d, value: d.value === undefined ? undefined : d.value === false && ng.disablePodIMDS !== true ? 'optional' : 'required' };
        })(),
        hopLimit: eksctlHopLimit(ng, ngAt),
        podImdsBlocked: ng.disablePodIMDS === true,
        volumeEncrypted: factAt(ng, ngAt, ['volumeEncrypted'], false),
        volumeType: factAt(ng, ngAt, ['volumeType'], 'gp3'),
        privateNetworking: factAt(ng, ngAt, ['privateNetworking'], false),
        taints: factAt<unknown[]>(ng, ngAt, ['taints'], []),
      });
    });
  }
}

/**
 * eksctl writes the launch template's hop limit itself: 1 with disablePodIMDS: true, else 2. A managed node group
 * on a launch template of the user's own takes that template's.
 */
function eksctlHopLimit(ng: Record<string, unknown>, ngAt: At): Fact<number> {
  if (ng.launchTemplate !== undefined) return { value: undefined, at: child(ngAt, 'launchTemplate'), unresolved: 'the node group uses its own launch template (launchTemplate), which is not in the inputs' };
  const blocked = factAt<boolean>(ng, ngAt, ['disablePodIMDS'], false);
  if (blocked.unresolved) return { value: undefined, at: blocked.at, unresolved: blocked.unresolved };
  return { value: blocked.value === true ? 1 : 2, at: blocked.at, ...(blocked.defaulted ? { defaulted: true } : {}) };
}
