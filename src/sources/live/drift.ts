/**
 * Drift: every place a running cluster (a live snapshot) differs from its definition (a keelson definition, a
 * CloudFormation template, an eksctl config, Terraform, or Kubernetes manifests). Both sides are read into the same
 * inventory facts, so one comparison serves every definition format; what facts do not carry (scaling, instance
 * types, add-on versions, NodePool and EC2NodeClass specs) is read from each side's own document.
 *
 * Only what the definition states is compared: a field it leaves out is the tool's or the API server's to default,
 * not drift. A value the definition knows only at deploy time (a parameter, a variable) is listed as not compared.
 */
import type { SourceLocation } from '../../errors.js';
import { isRecord } from '../detect.js';
import { valueAt } from '../fact.js';
import type { Fact } from '../fact.js';
import type { ClusterFact, Inventory, K8sObject, NodeGroupFact } from '../inventory.js';
import { objectsOfKind } from '../inventory.js';
import { locationOf } from '../location.js';
import type { At, PathKey } from '../location.js';
import { formatDocPath } from '../location.js';
import { LIVE_METADATA } from './eks-gather.js';
import { SNAPSHOT_ANNOTATION } from './snapshot.js';

export interface DriftItem {
  /** What differs: `cluster prod`, `node group system`, `add-on coredns`, `NodePool default`. */
  readonly subject: string;
  /** The setting: `endpoint public access`, `scaling min`, `spec.disruption.budgets[0].nodes`. */
  readonly setting: string;
  readonly live: unknown;
  readonly defined: unknown;
  /** Where the definition says it. */
  readonly definedAt: SourceLocation;
  /** Where the snapshot shows it. */
  readonly liveAt: SourceLocation | undefined;
}

export interface DriftReport {
  readonly items: DriftItem[];
  /** What the definition leaves to deploy time, or the snapshot could not show. */
  readonly notCompared: string[];
}

const ALL_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

function isLiveFile(inv: Inventory, file: string): boolean {
  return inv.documents.some((d) => {
    if (d.origin.file !== file || !isRecord(d.value)) return false;
    const v = d.value;
    if (isRecord(v.Metadata) && LIVE_METADATA in v.Metadata) return true;
    return v.kind === 'List' && isRecord(v.metadata) && isRecord(v.metadata.annotations) && SNAPSHOT_ANNOTATION in v.metadata.annotations;
  });
}

function rawAt(inv: Inventory, at: At): unknown {
  const doc = inv.documents.find((d) => d.origin.file === at.origin.file && d.origin.docIndex === at.origin.docIndex);
  return doc ? valueAt(doc.value, at.path) : undefined;
}

function safeLocation(at: At | undefined): SourceLocation | undefined {
  if (!at) return undefined;
  try {
    return locationOf(at);
  } catch {
    return { file: at.origin.file };
  }
}

const norm = (v: unknown): string => JSON.stringify(v);
const sortedStrings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map((x) => String(x)).sort() : undefined);

/** Log types as a set: eksctl's `*`/`all` is all five. */
function logSet(v: unknown[] | undefined): string[] | undefined {
  if (!v) return undefined;
  const s = v.map(String);
  return s.includes('*') || s.includes('all') ? [...ALL_LOG_TYPES] : [...new Set(s)].sort();
}

function taintSet(v: unknown[] | undefined): string[] | undefined {
  if (!v) return undefined;
  // NO_SCHEDULE (EKS API) and NoSchedule (Kubernetes, eksctl) are one effect.
  const effect = (e: unknown): string => String(e ?? '').replace(/_/g, '').toLowerCase();
  return v.map((t) => (isRecord(t) ? `${String(t.key ?? t.Key ?? '')}=${String(t.value ?? t.Value ?? '')}:${effect(t.effect ?? t.Effect)}` : String(t))).sort();
}

/** The first value under one of `keys`, searched breadth-first a few levels into a node group's own document. */
function findKey(root: unknown, keys: readonly string[], depth = 3): { value: unknown; path: PathKey[] } | undefined {
  let level: { v: unknown; path: PathKey[] }[] = [{ v: root, path: [] }];
  for (let d = 0; d <= depth && level.length > 0; d++) {
    const next: { v: unknown; path: PathKey[] }[] = [];
    for (const { v, path } of level) {
      if (Array.isArray(v)) v.forEach((x, i) => next.push({ v: x, path: [...path, i] }));
      else if (isRecord(v)) {
        for (const k of keys) if (k in v && v[k] !== undefined && v[k] !== null) return { value: v[k], path: [...path, k] };
        for (const [k, x] of Object.entries(v)) if (k !== 'Tags' && k !== 'tags' && k !== 'labels' && k !== 'Labels') next.push({ v: x, path: [...path, k] });
      }
    }
    level = next;
  }
  return undefined;
}

const NODEGROUP_SETTINGS: readonly { setting: string; keys: readonly string[]; list?: boolean; under?: readonly string[] }[] = [
  { setting: 'scaling min', keys: ['MinSize', 'minSize', 'min_size'] },
  { setting: 'scaling max', keys: ['MaxSize', 'maxSize', 'max_size'] },
  { setting: 'scaling desired', keys: ['DesiredSize', 'desiredSize', 'desiredCapacity', 'desired_size'] },
  { setting: 'instance types', keys: ['InstanceTypes', 'instanceTypes', 'instance_types', 'instanceType', 'instance_type'], list: true },
  { setting: 'capacity type', keys: ['CapacityType', 'capacityType', 'capacity_type'] },
  { setting: 'AMI release', keys: ['ReleaseVersion', 'releaseVersion', 'release_version'] },
  { setting: 'launch template version', keys: ['Version', 'version'], under: ['LaunchTemplate', 'launchTemplate', 'launch_template'] },
];

export class DriftCollector {
  readonly items: DriftItem[] = [];
  readonly notCompared: string[] = [];

  constructor(readonly live: Inventory, readonly def: Inventory) {}

  /** A fact the definition states (or defaults) against the live one; unresolved definition values are listed, not compared. */
  fact<T>(subject: string, setting: string, defined: Fact<T> | undefined, live: Fact<T> | undefined, normalize: (v: T | undefined) => unknown = (v) => v): void {
    if (!defined || !live) return;
    if (defined.unresolved) {
      this.notCompared.push(`${subject} ${setting}: ${defined.unresolved}`);
      return;
    }
    if (defined.value === undefined && !defined.defaulted) return;
    if (live.unresolved) return;
    const a = normalize(defined.value);
    const b = normalize(live.value);
    if (norm(a) !== norm(b)) this.items.push({ subject, setting, live: b ?? null, defined: a ?? null, definedAt: safeLocation(defined.at) ?? {}, liveAt: safeLocation(live.at) });
  }

  raw(subject: string, setting: string, defined: { value: unknown; at: At } | undefined, live: { value: unknown; at: At } | undefined, normalize: (v: unknown) => unknown = (v) => v): void {
    if (!defined || defined.value === undefined) return;
    if (isRecord(defined.value) && Object.keys(defined.value).length === 1 && /^(Ref|Fn::)/.test(Object.keys(defined.value)[0]!)) {
      this.notCompared.push(`${subject} ${setting}: ${Object.keys(defined.value)[0]} is known only at deploy time`);
      return;
    }
    if (typeof defined.value === 'string' && /\$\{|var\.|local\./.test(defined.value)) {
      this.notCompared.push(`${subject} ${setting}: "${defined.value}" is known only at deploy time`);
      return;
    }
    const a = normalize(defined.value);
    const b = live === undefined ? undefined : normalize(live.value);
    if (norm(a) !== norm(b)) this.items.push({ subject, setting, live: b ?? null, defined: a ?? null, definedAt: safeLocation(defined.at) ?? {}, liveAt: safeLocation(live?.at) });
  }
}

function pairClusters(live: ClusterFact[], def: ClusterFact[]): [ClusterFact, ClusterFact][] {
  if (live.length === 1 && def.length === 1) return [[live[0]!, def[0]!]];
  return def.flatMap((d) => {
    const l = live.find((c) => c.name === d.name);
    return l ? [[l, d] as [ClusterFact, ClusterFact]] : [];
  });
}

/** The node group's real name: CloudFormation facts are named by logical id, the EKS name is in the properties. */
function nodeGroupName(inv: Inventory, n: NodeGroupFact): string {
  const raw = rawAt(inv, n.at);
  const named = isRecord(raw) ? valueAt(raw, ['Properties', 'NodegroupName']) ?? raw.name ?? raw.node_group_name : undefined;
  return typeof named === 'string' ? named : n.name;
}

function compareCluster(d: DriftCollector, live: ClusterFact, def: ClusterFact): void {
  const s = `cluster ${live.name}`;
  d.fact(s, 'endpoint private access', def.endpointPrivateAccess, live.endpointPrivateAccess);
  d.fact(s, 'endpoint public access', def.endpointPublicAccess, live.endpointPublicAccess);
  if (def.endpointPublicAccess.value === true && live.endpointPublicAccess.value === true) d.fact(s, 'public access CIDRs', def.publicAccessCidrs, live.publicAccessCidrs, sortedStrings);
  // A definition without an encryption config says "off" as plainly as one with a key says "on".
  const defKey0 = def.secretsKmsKey;
  d.fact(s, 'Secrets encryption', defKey0.value === undefined && !defKey0.unresolved ? { ...defKey0, defaulted: true } : defKey0, live.secretsKmsKey, (v) => (v === undefined ? 'off' : 'on'));
  const defKey = def.secretsKmsKey.value;
  const liveKey = liveKeyArn(d.live, live);
  if (typeof defKey === 'string' && defKey.startsWith('arn:') && liveKey && defKey !== liveKey) {
    d.items.push({ subject: s, setting: 'Secrets KMS key', live: liveKey, defined: defKey, definedAt: safeLocation(def.secretsKmsKey.at) ?? {}, liveAt: safeLocation(live.secretsKmsKey.at) });
  }
  if (def.secretsKeyRotation.value !== undefined && live.secretsKeyRotation.value !== undefined) d.fact(s, 'KMS key rotation', def.secretsKeyRotation, live.secretsKeyRotation);
  d.fact(s, 'control-plane log types', def.logTypes, live.logTypes, logSet);
  d.fact(s, 'authentication mode', def.authenticationMode, live.authenticationMode);
  d.fact(s, 'Kubernetes version', def.version, live.version, (v) => (v === undefined ? undefined : String(v)));
}

function liveKeyArn(inv: Inventory, c: ClusterFact): string | undefined {
  const v = c.secretsKmsKey.value;
  if (typeof v === 'string' && v.startsWith('arn:')) return v;
  const doc = inv.documents.find((x) => x.origin.file === c.at.origin.file && x.origin.docIndex === c.at.origin.docIndex);
  const arn = doc ? valueAt(doc.value, ['Resources', 'SecretsKey', 'Properties', 'Arn']) : undefined;
  return typeof arn === 'string' ? arn : undefined;
}

function compareNodeGroups(d: DriftCollector, live: NodeGroupFact[], def: NodeGroupFact[]): void {
  const liveByName = new Map(live.map((n) => [nodeGroupName(d.live, n).toLowerCase(), n]));
  const pairs: [NodeGroupFact, NodeGroupFact][] = [];
  const unmatchedDef: NodeGroupFact[] = [];
  for (const n of def) {
    const l = liveByName.get(nodeGroupName(d.def, n).toLowerCase());
    if (l) {
      pairs.push([l, n]);
      liveByName.delete(nodeGroupName(d.live, l).toLowerCase());
    } else unmatchedDef.push(n);
  }
  // One node group on each side that the names do not pair (a logical id against the EKS name): the same group.
  if (unmatchedDef.length === 1 && liveByName.size === 1) {
    pairs.push([[...liveByName.values()][0]!, unmatchedDef.pop()!]);
    liveByName.clear();
  }
  for (const n of unmatchedDef) d.items.push({ subject: `node group ${nodeGroupName(d.def, n)}`, setting: 'exists', live: 'not running', defined: 'defined', definedAt: safeLocation(n.at) ?? {}, liveAt: undefined });
  // A definition with no cluster and no node group (manifests only) says nothing about node groups.
  if (def.length === 0 && d.def.clusters.length === 0) liveByName.clear();
  for (const l of liveByName.values()) {
    d.notCompared.push(`node group ${nodeGroupName(d.live, l)} runs but is not in the definition (created outside it, or by another stack)`);
  }
  for (const [l, n] of pairs) {
    const s = `node group ${nodeGroupName(d.live, l)}`;
    d.fact(s, 'AMI family', n.amiFamily, l.amiFamily);
    if (n.amiId.value !== undefined) d.fact(s, 'AMI id', n.amiId, l.amiId);
    d.fact(s, 'IMDS httpTokens', n.httpTokens, l.httpTokens);
    d.fact(s, 'IMDS hop limit', n.hopLimit, l.hopLimit, (v) => (v === undefined ? undefined : Number(v)));
    d.fact(s, 'root volume encrypted', n.volumeEncrypted, l.volumeEncrypted);
    d.fact(s, 'root volume type', n.volumeType, l.volumeType);
    d.fact(s, 'taints', n.taints, l.taints, taintSet);
    compareInstances(d, s, nodeGroupName(d.live, l), l, n);
    const defRaw = rawAt(d.def, n.at);
    const liveRaw = rawAt(d.live, l.at);
    for (const setting of NODEGROUP_SETTINGS) {
      // A launch template version and an AMI release are compared only where the definition pins them; a version
      // is looked for inside the launch template reference only (a node group's own Version is Kubernetes').
      const scope = (raw: unknown): { value: unknown; path: PathKey[] } | undefined => (setting.under ? findKey(raw, setting.under) : { value: raw, path: [] });
      const defScope = scope(defRaw);
      const liveScope = scope(liveRaw);
      const inner = defScope ? findKey(defScope.value, setting.keys, setting.under ? 0 : 3) : undefined;
      const found = inner && defScope ? { value: inner.value, path: [...defScope.path, ...inner.path] } : undefined;
      if (!found) continue;
      const liveInner = liveScope ? findKey(liveScope.value, setting.keys, setting.under ? 0 : 3) : undefined;
      const liveFound = liveInner && liveScope ? { value: liveInner.value, path: [...liveScope.path, ...liveInner.path] } : undefined;
      const toList = (v: unknown): unknown => (setting.list ? (Array.isArray(v) ? v.map(String).sort() : v === undefined ? undefined : [String(v)]) : typeof v === 'number' || typeof v === 'string' ? String(v) : v);
      d.raw(s, setting.setting, { value: found.value, at: { origin: n.at.origin, path: [...n.at.path, ...found.path] } }, liveFound ? { value: liveFound.value, at: { origin: l.at.origin, path: [...l.at.path, ...liveFound.path] } } : undefined, toList);
    }
  }
}

/**
 * The running instances of a node group against the definition's IMDS settings: instances launched before a launch
 * template change keep the old settings until they are replaced.
 */
function compareInstances(d: DriftCollector, subject: string, name: string, live: NodeGroupFact, def: NodeGroupFact): void {
  const doc = d.live.documents.find((x) => x.origin.file === live.at.origin.file && x.origin.docIndex === live.at.origin.docIndex);
  const resources = doc && isRecord(doc.value) && isRecord(doc.value.Resources) ? doc.value.Resources : {};
  const instances = Object.entries(resources).filter(([, r]) => {
    if (!isRecord(r) || r.Type !== 'AWS::EC2::Instance') return false;
    const tags = valueAt(r, ['Properties', 'Tags']);
    return Array.isArray(tags) && tags.some((t) => isRecord(t) && t.Key === 'eks:nodegroup-name' && t.Value === name);
  });
  const settings: [string, Fact<unknown>, string][] = [
    ['running instances IMDS httpTokens', def.httpTokens, 'HttpTokens'],
    ['running instances IMDS hop limit', def.hopLimit, 'HttpPutResponseHopLimit'],
  ];
  for (const [setting, defined, key] of settings) {
    if (defined.value === undefined || defined.unresolved) continue;
    const off = instances.filter(([, r]) => String(valueAt(r, ['Properties', 'MetadataOptions', key])) !== String(defined.value));
    if (off.length === 0) continue;
    const values = [...new Set(off.map(([, r]) => String(valueAt(r, ['Properties', 'MetadataOptions', key]))))];
    const ids = off.map(([, r]) => String(valueAt(r, ['Properties', 'InstanceId']))).slice(0, 5);
    d.items.push({
      subject,
      setting,
      live: `${values.join(', ')} on ${ids.join(', ')}${off.length > ids.length ? ', ...' : ''} (${off.length} of ${instances.length} instances; replace them to apply the launch template)`,
      defined: defined.value,
      definedAt: safeLocation(defined.at) ?? {},
      liveAt: safeLocation({ origin: live.at.origin, path: ['Resources', off[0]![0], 'Properties', 'MetadataOptions', key] }),
    });
  }
}

const KNOWN_ADDONS = /^(vpc-cni|coredns|kube-proxy|aws-ebs-csi-driver|aws-efs-csi-driver|aws-mountpoint-s3-csi-driver|eks-pod-identity-agent|aws-guardduty-agent|amazon-cloudwatch-observability|snapshot-controller|metrics-server|adot|eks-node-monitoring-agent|aws-network-flow-monitoring-agent)$/;

interface AddonVersion {
  readonly name: string;
  readonly version: string;
  readonly at: At;
}

/** Add-on versions wherever a definition writes them: CloudFormation AddonName/AddonVersion, eksctl addons, Terraform addon_version. */
function addonVersions(inv: Inventory, files: (file: string) => boolean): AddonVersion[] {
  const out: AddonVersion[] = [];
  const visit = (v: unknown, path: PathKey[], origin: At['origin'], depth: number): void => {
    if (depth > 8) return;
    if (Array.isArray(v)) return v.forEach((x, i) => visit(x, [...path, i], origin, depth + 1));
    if (!isRecord(v)) return;
    const props = isRecord(v.Properties) && v.Type === 'AWS::EKS::Addon' ? v.Properties : undefined;
    const name = props ? props.AddonName : (v.addon_name ?? v.name ?? (typeof path[path.length - 1] === 'string' ? path[path.length - 1] : undefined));
    const versionKey = props ? 'AddonVersion' : ['addon_version', 'version', 'addonVersion'].find((k) => typeof v[k] === 'string');
    const version = props ? props.AddonVersion : versionKey ? v[versionKey] : undefined;
    if (typeof name === 'string' && KNOWN_ADDONS.test(name) && typeof version === 'string' && version !== 'latest' && versionKey) {
      out.push({ name, version, at: { origin, path: props ? [...path, 'Properties', 'AddonVersion'] : [...path, versionKey] } });
      return;
    }
    for (const [k, x] of Object.entries(v)) visit(x, [...path, k], origin, depth + 1);
  };
  for (const doc of inv.documents) if (files(doc.origin.file)) visit(doc.value, [], doc.origin, 0);
  return out;
}

/** Leaf paths of what the definition states in an object's spec, against the live object. */
function specDiff(d: DriftCollector, subject: string, def: K8sObject, live: K8sObject | undefined): void {
  if (!live) {
    d.items.push({ subject, setting: 'exists', live: 'not in the cluster', defined: 'defined', definedAt: safeLocation(def.at) ?? {}, liveAt: undefined });
    return;
  }
  const walk = (a: unknown, b: unknown, path: PathKey[]): void => {
    if (isRecord(a)) {
      if (!isRecord(b)) return push(a, b, path);
      for (const [k, x] of Object.entries(a)) walk(x, b[k], [...path, k]);
      return;
    }
    // Lists are compared whole (requirements, budgets): an item's position is not its identity.
    if (norm(a) !== norm(b)) push(a, b, path);
  };
  const push = (a: unknown, b: unknown, path: PathKey[]): void => {
    d.items.push({ subject, setting: formatDocPath(path), live: b ?? null, defined: a ?? null, definedAt: safeLocation({ origin: def.at.origin, path: [...def.at.path, ...path] }) ?? {}, liveAt: safeLocation({ origin: live.at.origin, path: [...live.at.path, ...path] }) });
  };
  walk(def.value.spec, live.value.spec, ['spec']);
}

/** Everything that differs between the live snapshots among `live` and the definition inventory `def`. */
export function computeDrift(live: Inventory, def: Inventory): DriftReport {
  const d = new DriftCollector(live, def);
  const liveFile = (f: string): boolean => isLiveFile(live, f);
  const liveClusters = live.clusters.filter((c) => liveFile(c.at.origin.file));
  if (liveClusters.length === 0 && def.clusters.length > 0) d.notCompared.push('the live side has no EKS cluster (run with --eks-cluster NAME to read it)');
  for (const [l, c] of pairClusters(liveClusters, def.clusters)) compareCluster(d, l, c);

  compareNodeGroups(
    d,
    live.nodeGroups.filter((n) => n.kind === 'nodeGroup' && liveFile(n.at.origin.file)),
    def.nodeGroups.filter((n) => n.kind === 'nodeGroup'),
  );

  const liveAddons = addonVersions(live, liveFile);
  for (const a of addonVersions(def, () => true)) {
    const l = liveAddons.find((x) => x.name === a.name);
    if (!l && liveClusters.length === 0) continue;
    // eksctl and Terraform often name a version without the -eksbuild suffix; a prefix is the same version.
    if (l && (l.version === a.version || l.version.startsWith(`${a.version}-`))) continue;
    d.items.push({ subject: `add-on ${a.name}`, setting: 'version', live: l?.version ?? 'not installed', defined: a.version, definedAt: safeLocation(a.at) ?? {}, liveAt: safeLocation(l?.at) });
  }

  for (const kind of ['NodePool', 'EC2NodeClass']) {
    const liveObjects = objectsOfKind(live, kind).filter((o) => liveFile(o.at.origin.file));
    for (const o of objectsOfKind(def, kind)) specDiff(d, `${kind} ${o.name}`, o, liveObjects.find((x) => x.name === o.name));
  }
  return { items: d.items, notCompared: [...new Set(d.notCompared)] };
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const where = (l: SourceLocation | undefined): string => (l?.file ? `${l.file}${l.line ? `:${l.line}${l.column ? `:${l.column}` : ''}` : ''}` : '');

export function formatDrift(r: DriftReport, against: string, title = `the running cluster differs from ${against}`): string {
  if (r.items.length === 0 && r.notCompared.length === 0) return `\nDrift: none, the running cluster matches ${against}\n`;
  const lines = [`\nDrift: ${r.items.length === 0 ? `none, the running cluster matches ${against}` : `${title} in ${r.items.length} place${r.items.length === 1 ? '' : 's'}`}`];
  for (const i of r.items) lines.push(`  ${i.subject}: ${i.setting}\n    live: ${show(i.live)}${i.liveAt ? `  (${where(i.liveAt)})` : ''}\n    defined: ${show(i.defined)}  (${where(i.definedAt)})`);
  if (r.notCompared.length > 0) lines.push(`  not compared (${r.notCompared.length}):`, ...r.notCompared.map((n) => `    ${n}`));
  return `${lines.join('\n')}\n`;
}
