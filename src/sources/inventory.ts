/**
 * The one normalized inventory that rules read. Every reader (keelson, eksctl, CloudFormation, Kubernetes) adds facts
 * to it; no rule ever reads a source format.
 */
import { SYSTEM_NAMESPACES as PLATFORM_NAMESPACES } from '../model/constants.js';
import type { At, PathKey } from './location.js';
import type { Fact } from './fact.js';
import type { Notice, SourceDocument } from './yaml.js';
import { detectKind, isRecord } from './detect.js';

export type DefinitionSource = 'keelson' | 'eksctl' | 'cloudformation' | 'terraform';

export interface ClusterFact {
  readonly source: DefinitionSource;
  readonly name: string;
  /** The AWS account, when the input says (keelson definitions do). */
  readonly account: string | undefined;
  readonly at: At;
  readonly endpointPrivateAccess: Fact<boolean>;
  readonly endpointPublicAccess: Fact<boolean>;
  readonly publicAccessCidrs: Fact<unknown[]>;
  /** The KMS key that envelope-encrypts Secrets; undefined value = Secrets are not envelope-encrypted. */
  readonly secretsKmsKey: Fact<unknown>;
  /** Rotation of that key when the input can tell (keelson's own key, a key in the same template). */
  readonly secretsKeyRotation: Fact<boolean>;
  /** Control-plane log types enabled, as written (`*`/`all` kept as written for eksctl). */
  readonly logTypes: Fact<unknown[]>;
  readonly authenticationMode: Fact<string>;
  readonly version: Fact<string>;
  /** EKS upgrade insights of a running cluster (absent unless they were read): what EKS saw in the audit log. */
  readonly upgradeInsights?: { readonly value: readonly UpgradeInsight[]; readonly at: At };
}

export interface UpgradeInsight {
  readonly name: string;
  readonly kubernetesVersion?: string;
  /** PASSING, WARNING, ERROR or UNKNOWN, as EKS reports it. */
  readonly status?: string;
  readonly reason?: string;
  readonly description?: string;
}

export interface NodeGroupFact {
  /** A node group (eksctl, managed node group, keelson's system group) or a Karpenter EC2NodeClass. */
  readonly kind: 'nodeGroup' | 'ec2NodeClass';
  readonly source: DefinitionSource | 'kubernetes';
  readonly name: string;
  readonly at: At;
  readonly managed: boolean;
  /** Normalized: AmazonLinux2023, Bottlerocket, AmazonLinux2, Ubuntu..., or the raw value; custom AMI ids in `amiId`. */
  readonly amiFamily: Fact<string>;
  readonly amiId: Fact<string>;
  readonly httpTokens: Fact<string>;
  readonly hopLimit: Fact<number>;
  /** eksctl `disablePodIMDS`: pods cannot reach IMDS at all, which is what hop limit 1 is for. */
  readonly podImdsBlocked: boolean;
  readonly volumeEncrypted: Fact<boolean>;
  readonly volumeType: Fact<string>;
  readonly privateNetworking: Fact<boolean>;
  readonly taints: Fact<unknown[]>;
}

export interface SubnetFact {
  /** The subnet's logical id (CloudFormation), ID or name as written. */
  readonly id: string;
  readonly at: At;
  /** A zone name, or `#n` for the n-th zone of the stack's region (`Fn::Select [n, Fn::GetAZs]`): distinct n are distinct zones. */
  readonly availabilityZone: Fact<string>;
  /** The prefix length of the subnet's CIDR (20 for a /20). */
  readonly prefixLength: Fact<number>;
  /** True for a subnet routed to an internet gateway (or that gives instances public IPs); false for a private one. */
  readonly public: Fact<boolean>;
  /** The subnet's tags; value undefined when the inputs do not own the subnet (an existing subnet referenced by ID). */
  readonly tags: Fact<Record<string, string>>;
  /** The cluster or a node group is placed in this subnet. */
  readonly nodes: boolean;
}

/** A VPC a cluster definition creates or names, with what the network rules judge. */
export interface NetworkFact {
  readonly source: DefinitionSource;
  readonly name: string;
  readonly at: At;
  readonly subnets: readonly SubnetFact[];
  readonly flowLogs: Fact<boolean>;
  /** The zones (as in SubnetFact.availabilityZone) that have their own NAT gateway. */
  readonly natGatewayAzs: Fact<string[]>;
}

/** One statement of a role's trust policy. */
export interface TrustFact {
  readonly at: At;
  /** Principal.Service values. */
  readonly services: readonly string[];
  /** A Principal.Federated is present (an OIDC provider, for IRSA). */
  readonly federated: boolean;
  readonly actions: readonly string[];
  /**
   * The Condition block: operator -> key -> value. A CDK `Custom::AWSCDKCfnJson` is followed to its Value, and the
   * deploy-time OIDC issuer inside a key is written `<issuer>` (`<issuer>:sub`).
   */
  readonly conditions: Fact<Record<string, Record<string, unknown>>>;
}

/** One Allow/Deny statement of a policy that reaches a role (inline, attached, or a customer managed policy in the inputs). */
export interface PolicyStatementFact {
  readonly at: At;
  readonly effect: string;
  readonly actions: readonly string[];
  readonly notAction: boolean;
}

export interface RoleFact {
  readonly source: DefinitionSource;
  readonly name: string;
  /** RoleName when the input fixes it, so an EC2NodeClass `spec.role` can be matched. */
  readonly roleName: string | undefined;
  readonly at: At;
  readonly trust: readonly TrustFact[];
  /** Managed policies: AWS managed ones by name (`AmazonEKSWorkerNodePolicy`), others by ARN or as written. */
  readonly managedPolicies: readonly Fact<string>[];
  readonly statements: readonly PolicyStatementFact[];
  /** A node group (or an EC2 access entry) uses this role for its instances. */
  readonly usedByNodes: boolean;
  /** What the tool adds beyond the policies (eksctl `withAddonPolicies`), named and located, as extra grants. */
  readonly addonPolicies: readonly Fact<string>[];
}

/** A setting beside the cluster that a definition turns on or off: an identity provider, registry scanning, threat detection. */
export interface FeatureFact {
  readonly source: DefinitionSource;
  readonly feature: 'oidcProvider' | 'podIdentityAgent' | 'ecrScanning' | 'guardDutyEksRuntime' | 'karpenter' | 'spotInterruptionQueue';
  /** On or off as the input sets it; undefined with `unresolved` when known only at deploy time. */
  readonly enabled: Fact<boolean>;
  /** What was found, for messages: `ENHANCED, CONTINUOUS_SCAN`. */
  readonly detail: string;
}

/** An add-on the definition installs (an EKS managed add-on, or keelson's/eksctl's equivalent) and how its pods get AWS credentials. */
export interface AddonFact {
  readonly source: DefinitionSource;
  /** The EKS add-on name: vpc-cni, aws-ebs-csi-driver, aws-efs-csi-driver, coredns, ... */
  readonly name: string;
  readonly at: At;
  /** `podIdentity` or `irsa`; value undefined when the add-on falls back to the node role. */
  readonly identity: Fact<string>;
}

export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** The namespace as written; undefined for cluster-scoped objects and for objects that leave it to `kubectl -n`. */
  readonly namespace: string | undefined;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly value: Record<string, unknown>;
  readonly at: At;
}

export interface ContainerFact {
  readonly name: string;
  readonly image: string | undefined;
  readonly init: boolean;
  readonly value: Record<string, unknown>;
  readonly at: At;
}

export interface WorkloadFact {
  readonly object: K8sObject;
  /** Document path of the pod spec inside the object (`spec.template.spec`, `spec.jobTemplate.spec.template.spec`). */
  readonly podSpecPath: readonly PathKey[];
  readonly podSpec: Record<string, unknown>;
  readonly podLabels: Record<string, string>;
  readonly selector: Record<string, string> | undefined;
  readonly replicas: Fact<number>;
  readonly containers: readonly ContainerFact[];
}

export interface NamespaceFact {
  readonly name: string;
  readonly object: K8sObject | undefined;
  readonly labels: Record<string, string>;
  readonly at: At;
}

export interface Inventory {
  readonly clusters: ClusterFact[];
  readonly nodeGroups: NodeGroupFact[];
  readonly networks: NetworkFact[];
  readonly roles: RoleFact[];
  readonly features: FeatureFact[];
  readonly addons: AddonFact[];
  readonly objects: K8sObject[];
  readonly workloads: WorkloadFact[];
  readonly namespaces: NamespaceFact[];
  readonly documents: SourceDocument[];
  readonly notices: Notice[];
  /** Objects of no known kind: counted, never errors. */
  unknownObjects: number;
}

export function emptyInventory(): Inventory {
  return { clusters: [], nodeGroups: [], networks: [], roles: [], features: [], addons: [], objects: [], workloads: [], namespaces: [], documents: [], notices: [], unknownObjects: 0 };
}

/** Objects by kind, and views by API group and namespace made on first use. */
interface KindIndex {
  readonly size: number;
  readonly byKind: Map<string, K8sObject[]>;
  /** `group|kind` ('*' for any group) -> objects. */
  readonly byGroup: Map<string, K8sObject[]>;
  /** `group|kind` -> namespace ('' for none) -> objects. */
  readonly byNamespace: Map<string, Map<string, K8sObject[]>>;
  /** API group -> objects of any kind; made on first use. */
  byApiGroup?: Map<string, K8sObject[]>;
}

// Rules look objects up by kind once per workload; an index keeps 100,000 objects linear instead of quadratic.
const kindIndexes = new WeakMap<Inventory, KindIndex>();

function kindIndex(inv: Inventory): KindIndex {
  const cached = kindIndexes.get(inv);
  if (cached && cached.size === inv.objects.length) return cached;
  const byKind = new Map<string, K8sObject[]>();
  for (const o of inv.objects) {
    const list = byKind.get(o.kind);
    if (list) list.push(o);
    else byKind.set(o.kind, [o]);
  }
  const index = { size: inv.objects.length, byKind, byGroup: new Map<string, K8sObject[]>(), byNamespace: new Map<string, Map<string, K8sObject[]>>() };
  kindIndexes.set(inv, index);
  return index;
}

function ofGroup(index: KindIndex, kind: string, group: string | undefined): K8sObject[] {
  const all = index.byKind.get(kind) ?? [];
  // '*' stands for "any API group"; a real group is never '*'.
  if (group === undefined) return all;
  const key = `${group}|${kind}`;
  let list = index.byGroup.get(key);
  if (!list) {
    list = all.filter((o) => apiGroup(o.apiVersion) === group);
    index.byGroup.set(key, list);
  }
  return list;
}

/** Objects of any kind in one API group ('' for the core group), in input order. */
export function objectsOfGroup(inv: Inventory, group: string): readonly K8sObject[] {
  const index = kindIndex(inv);
  if (!index.byApiGroup) {
    // By apiVersion first (a few distinct values, no new strings), then each version's group.
    const byVersion = new Map<string, K8sObject[]>();
    for (const o of inv.objects) {
      const list = byVersion.get(o.apiVersion);
      if (list) list.push(o);
      else byVersion.set(o.apiVersion, [o]);
    }
    const byGroup = new Map<string, K8sObject[][]>();
    for (const [version, list] of byVersion) {
      const g = apiGroup(version);
      const lists = byGroup.get(g);
      if (lists) lists.push(list);
      else byGroup.set(g, [list]);
    }
    index.byApiGroup = new Map();
    for (const [g, lists] of byGroup) index.byApiGroup.set(g, lists.length === 1 ? lists[0]! : inv.objects.filter((o) => apiGroup(o.apiVersion) === g));
  }
  return index.byApiGroup.get(group) ?? [];
}

/** Objects of any kind in any of the API groups, in input order. */
export function objectsOfGroups(inv: Inventory, groups: readonly string[]): readonly K8sObject[] {
  const lists = groups.map((g) => objectsOfGroup(inv, g)).filter((l) => l.length > 0);
  if (lists.length <= 1) return lists[0] ?? [];
  const wanted = new Set(lists.flat());
  return inv.objects.filter((o) => wanted.has(o));
}

/** Objects of a kind (and API group, when given), in input order. */
export function objectsOfKind(inv: Inventory, kind: string, group?: string): K8sObject[] {
  return [...ofGroup(kindIndex(inv), kind, group)];
}

/** Objects of a kind in one namespace (undefined: cluster-scoped or namespace left to `kubectl -n`). */
export function objectsOfKindIn(inv: Inventory, kind: string, group: string | undefined, namespace: string | undefined): K8sObject[] {
  const index = kindIndex(inv);
  const key = `${group ?? '*'}|${kind}`;
  let byNs = index.byNamespace.get(key);
  if (!byNs) {
    byNs = new Map();
    for (const o of ofGroup(index, kind, group)) {
      const ns = o.namespace ?? '';
      const list = byNs.get(ns);
      if (list) list.push(o);
      else byNs.set(ns, [o]);
    }
    index.byNamespace.set(key, byNs);
  }
  return [...(byNs.get(namespace ?? '') ?? [])];
}

// Cross-object rules (a PDB against the workloads of its namespace) would otherwise scan every workload per object.
const workloadIndexes = new WeakMap<Inventory, { readonly size: number; readonly byNamespace: Map<string, WorkloadFact[]> }>();

/** Workloads in one namespace as written (undefined: those that leave it to `kubectl -n`), in input order. */
export function workloadsIn(inv: Inventory, namespace: string | undefined): WorkloadFact[] {
  let index = workloadIndexes.get(inv);
  if (!index || index.size !== inv.workloads.length) {
    const byNamespace = new Map<string, WorkloadFact[]>();
    for (const w of inv.workloads) {
      const ns = w.object.namespace ?? '';
      const list = byNamespace.get(ns);
      if (list) list.push(w);
      else byNamespace.set(ns, [w]);
    }
    index = { size: inv.workloads.length, byNamespace };
    workloadIndexes.set(inv, index);
  }
  return [...(index.byNamespace.get(namespace ?? '') ?? [])];
}

const otherDocuments = new WeakMap<Inventory, { readonly size: number; readonly documents: SourceDocument[] }>();

/**
 * The documents that are not Kubernetes objects (definitions, templates, Terraform, plans), in input order: helpers
 * that look for those are called per rule and per target, and must not walk 100,000 manifests each time.
 */
export function nonKubernetesDocuments(inv: Inventory): readonly SourceDocument[] {
  const cached = otherDocuments.get(inv);
  if (cached && cached.size === inv.documents.length) return cached.documents;
  const documents = inv.documents.filter((d) => !isRecord(d.value) || detectKind(d.value) !== 'kubernetes');
  otherDocuments.set(inv, { size: inv.documents.length, documents });
  return documents;
}

export function apiGroup(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** Namespaces that belong to the platform, not to applications. */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(PLATFORM_NAMESPACES);
