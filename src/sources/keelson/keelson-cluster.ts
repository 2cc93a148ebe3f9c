/**
 * A keelson definition (YAML) into facts. It is validated by src/model, so the facts are what keelson synth will
 * build, defaults included; positions come from the located reader.
 */
import type { ClusterDefinition } from '../../model/schema.js';
import { formatProblem, isKeelsonError } from '../../errors.js';
import { child } from '../location.js';
import type { At, PathKey } from '../location.js';
import type { SourceObject } from '../detect.js';
import type { Fact } from '../fact.js';
import type { Inventory } from '../inventory.js';
import type { SourceDocument } from '../yaml.js';
import { addKeelsonNetwork } from './keelson-network.js';
import { addKeelsonFeatures } from './keelson-features.js';
import { addKeelsonAddons } from './keelson-addons.js';
import { definitionParser } from './definition-parser.js';

function fact<T>(value: T, at: At, present: boolean): Fact<T> {
  return present ? { value, at } : { value, at, defaulted: true };
}

/**
 * A keelson document's definition, validated with defaults applied exactly as `keelson synth` reads it: keelson.yaml
 * from its text (duplicate keys and aliases checked), a config module from the object it exported. Throws
 * KeelsonError when the definition is invalid.
 */
export function definitionOf(doc: SourceDocument): ClusterDefinition {
  const parser = definitionParser();
  if (doc.module) return parser.parseDefinition(doc.value, { file: doc.origin.file, locate: (p) => doc.origin.locate(p.filter((k): k is PathKey => typeof k !== 'symbol')) });
  return parser.parseYamlDefinition(doc.text, doc.origin.file);
}

export function addKeelson(inv: Inventory, obj: SourceObject): void {
  const doc = obj.document;
  if (doc.documentCount !== 1) {
    inv.notices.push({ kind: 'rejected', message: 'a keelson definition must be the only document in its file; skipped', location: doc.origin.locate([]) });
    return;
  }
  let def: ClusterDefinition;
  try {
    def = definitionOf(doc);
  } catch (e) {
    const message = isKeelsonError(e) ? e.problems.map(formatProblem).join('; ') : String(e);
    inv.notices.push({ kind: 'rejected', message: `invalid keelson definition: ${message}`, location: doc.origin.locate([]) });
    return;
  }
  const raw = obj.value;
  const at = obj.at;
  const has = (...keys: string[]): boolean => {
    let v: unknown = raw;
    for (const k of keys) {
      if (typeof v !== 'object' || v === null || !(k in v)) return false;
      v = (v as Record<string, unknown>)[k];
    }
    return true;
  };
  const f = <T>(value: T, ...keys: string[]): Fact<T> => fact(value, child(at, ...keys), has(...keys));
  const ownKey = def.encryption.kmsKeyArn === undefined;
  inv.clusters.push({
    source: 'keelson',
    name: def.name,
    account: def.account,
    at: child(at, 'name'),
    endpointPrivateAccess: f(def.endpoint.privateAccess, 'endpoint', 'privateAccess'),
    endpointPublicAccess: f(def.endpoint.publicAccess, 'endpoint', 'publicAccess'),
    publicAccessCidrs: f<unknown[]>(def.endpoint.publicAccessCidrs, 'endpoint', 'publicAccessCidrs'),
    // Without kmsKeyArn keelson creates its own customer-managed key with rotation on.
    secretsKmsKey: f<unknown>(def.encryption.kmsKeyArn ?? 'a keelson-created KMS key', 'encryption', 'kmsKeyArn'),
    secretsKeyRotation: ownKey ? { value: true, at: child(at, 'encryption'), defaulted: true } : { value: undefined, at: child(at, 'encryption', 'kmsKeyArn') },
    logTypes: f<unknown[]>(def.logging.types, 'logging', 'types'),
    authenticationMode: f<string>(def.access.authenticationMode, 'access', 'authenticationMode'),
    version: f<string>(def.kubernetesVersion, 'kubernetesVersion'),
  });
  const ng = def.systemNodeGroup;
  const ngAt = child(at, 'systemNodeGroup');
  const amiFamily = ng.amiType.startsWith('AL2023') ? 'AmazonLinux2023' : ng.amiType.startsWith('BOTTLEROCKET') ? 'Bottlerocket' : ng.amiType;
  // keelson's system node group launch template: IMDSv2 required, hop limit 1, encrypted gp3, private subnets.
  inv.nodeGroups.push({
    kind: 'nodeGroup',
    source: 'keelson',
    name: 'system',
    at: ngAt,
    managed: true,
    amiFamily: f(amiFamily, 'systemNodeGroup', 'amiType'),
    amiId: { value: undefined, at: ngAt },
    httpTokens: { value: 'required', at: ngAt, defaulted: true },
    hopLimit: { value: 1, at: ngAt, defaulted: true },
    podImdsBlocked: false,
    volumeEncrypted: { value: true, at: ngAt, defaulted: true },
    volumeType: { value: 'gp3', at: ngAt, defaulted: true },
    privateNetworking: { value: true, at: ngAt, defaulted: true },
    taints: f<unknown[]>(ng.taints, 'systemNodeGroup', 'taints'),
  });
  addKeelsonNetwork(inv, def, at, has);
  addKeelsonFeatures(inv, def, at, has);
  addKeelsonAddons(inv, def, at, has);
}
