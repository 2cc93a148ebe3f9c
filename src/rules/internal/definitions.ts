/**
 * Raw reads of cluster definitions for rules whose evidence the inventory does not normalize (yet): add-on
 * configuration values, CloudFormation resources beside the cluster (AMP, Container Insights), Terraform add-ons
 * and keelson's in-cluster sections. Each read keeps its location, so a finding still points at the field.
 */
import { yamlLib } from '../../yaml-lib.js';
import { definitionOf } from '../../sources/keelson/keelson-cluster.js';
import type { ClusterDefinition } from '../../model/schema.js';
import { detectKind, isRecord } from '../../sources/detect.js';
import { intrinsicName, valueAt } from '../../sources/fact.js';
import type { AddonFact, Inventory } from '../../sources/inventory.js';
import { nonKubernetesDocuments } from '../../sources/inventory.js';
import { child } from '../../sources/location.js';
import type { At, PathKey } from '../../sources/location.js';
import type { SourceDocument } from '../../sources/yaml.js';
import { planResources } from '../../sources/terraform/tf-plan.js';
import { withFileArgument } from '../../sources/terraform/tf-applied.js';

/** The value at a located path, read from the document it came from. */
export function rawAt(inv: Inventory, at: At): unknown {
  const doc = inv.documents.find((d) => d.origin === at.origin);
  return doc ? valueAt(doc.value, at.path) : undefined;
}

export interface CfnResource {
  readonly id: string;
  readonly type: string;
  readonly properties: Record<string, unknown>;
  readonly at: At;
}

function rootOf(doc: SourceDocument): At {
  return { origin: doc.origin, path: [] };
}

/** Every resource of every CloudFormation template in the inputs (CDK cloud assembly templates included). */
export function cfnResources(inv: Inventory, type?: string): CfnResource[] {
  const out: CfnResource[] = [];
  for (const doc of nonKubernetesDocuments(inv)) {
    if (!isRecord(doc.value) || detectKind(doc.value) !== 'cloudformation' || !isRecord(doc.value.Resources)) continue;
    for (const [id, r] of Object.entries(doc.value.Resources)) {
      if (!isRecord(r) || typeof r.Type !== 'string' || (type !== undefined && r.Type !== type)) continue;
      out.push({ id, type: r.Type, properties: isRecord(r.Properties) ? r.Properties : {}, at: child(rootOf(doc), 'Resources', id) });
    }
  }
  return out;
}

export interface TfBlock {
  readonly type: string;
  readonly name: string;
  readonly value: Record<string, unknown>;
  readonly at: At;
  /** In a plan: what is known only after apply (`after_unknown`), absent from `value`. */
  readonly afterUnknown?: Record<string, unknown>;
}

/**
 * `resource "type" "name"` blocks (or `module "name"` blocks with kind 'module') of the Terraform configurations in
 * the inputs; for resources, also those a plan (`terraform show -json`) will create, module inputs expanded and
 * expressions evaluated, named by address.
 */
export function tfBlocks(inv: Inventory, kind: 'resource' | 'module', type?: string): TfBlock[] {
  const out: TfBlock[] = [];
  for (const doc of nonKubernetesDocuments(inv)) {
    if (kind === 'resource' && type !== undefined && isRecord(doc.value) && detectKind(doc.value) === 'terraform-plan') {
      for (const r of planResources(doc.value, rootOf(doc))) if (r.type === type && isRecord(r.value)) out.push({ type, name: r.name, value: r.value, at: r.at, afterUnknown: r.afterUnknown });
      continue;
    }
    if (!isRecord(doc.value) || detectKind(doc.value) !== 'terraform') continue;
    const byKind = doc.value[kind];
    const group = kind === 'module' ? byKind : isRecord(byKind) && type !== undefined ? byKind[type] : undefined;
    if (!isRecord(group)) continue;
    const base = kind === 'module' ? child(rootOf(doc), 'module') : child(rootOf(doc), 'resource', type as string);
    for (const [name, v] of Object.entries(group)) {
      // hcl2json writes each block as a list of bodies; .tf.json may write one body.
      const bodies: [Record<string, unknown>, PathKey[]][] = Array.isArray(v) ? v.flatMap((b, i) => (isRecord(b) ? [[b, [name, i]] as [Record<string, unknown>, PathKey[]]] : [])) : isRecord(v) ? [[v, [name]]] : [];
      for (const [body, path] of bodies) out.push({ type: type ?? 'module', name, value: body, at: child(base, ...path) });
    }
  }
  return out;
}

/** A block's address as Terraform prints it: `aws_eks_addon.coredns`, or a plan's `module.eks.aws_eks_addon.this["coredns"]`. */
export function tfAddress(b: TfBlock): string {
  return b.name.includes('.') ? b.name : `${b.type}.${b.name}`;
}

/** A Terraform value written as an expression (`${...}`), which only `terraform plan` can resolve. */
export function isTfExpression(v: unknown): boolean {
  return typeof v === 'string' && v.includes('${');
}

export interface KeelsonDefinition {
  readonly definition: ClusterDefinition;
  /** The definition as written, to tell a field the user set from a default. */
  readonly raw: Record<string, unknown>;
  readonly at: At;
}

const keelsonCache = new WeakMap<SourceDocument, KeelsonDefinition | null>();

/** keelson definitions in the inputs, validated (defaults applied) exactly as `keelson synth` reads them. */
export function keelsonDefinitions(inv: Inventory): KeelsonDefinition[] {
  const out: KeelsonDefinition[] = [];
  for (const doc of nonKubernetesDocuments(inv)) {
    let entry = keelsonCache.get(doc);
    if (entry === undefined) {
      entry = null;
      if (isRecord(doc.value) && doc.documentCount === 1 && detectKind(doc.value) === 'keelson') {
        try {
          entry = { definition: definitionOf(doc), raw: doc.value, at: rootOf(doc) };
        } catch {
          // The reader already reported the invalid definition as a notice; it holds no evidence.
          entry = null;
        }
      }
      keelsonCache.set(doc, entry);
    }
    if (entry) out.push(entry);
  }
  return out;
}

/** Whether the user wrote the field (as opposed to keelson's default applying). */
export function written(raw: unknown, ...keys: string[]): boolean {
  let v: unknown = raw;
  for (const k of keys) {
    if (!isRecord(v) || !(k in v)) return false;
    v = v[k];
  }
  return true;
}

export interface AddonConfiguration {
  /** The parsed configuration; `{}` when the add-on takes EKS's defaults. */
  readonly value: Record<string, unknown> | undefined;
  readonly at: At;
  /** Set when the configuration is known only at deploy time (an intrinsic, a Terraform expression). */
  readonly unresolved?: string;
}

function parseConfig(text: string, at: At): AddonConfiguration {
  try {
    const v: unknown = yamlLib().parse(text);
    if (v === null || v === undefined) return { value: {}, at };
    if (isRecord(v)) return { value: v, at };
  } catch {
    // fall through: unreadable configuration
  }
  return { value: undefined, at, unresolved: 'the configuration values are not a JSON/YAML object' };
}

/** The configuration values of an EKS add-on, as CloudFormation, eksctl or Terraform writes them. */
export function addonConfiguration(inv: Inventory, addon: AddonFact): AddonConfiguration {
  const raw = rawAt(inv, addon.at);
  const [key, at] = addon.source === 'cloudformation' ? ['ConfigurationValues', child(addon.at, 'Properties', 'ConfigurationValues')] : ['configurationValues', child(addon.at, 'configurationValues')];
  const v = addon.source === 'cloudformation' ? valueAt(raw, ['Properties', key]) : valueAt(raw, [key]);
  if (v === undefined || v === null) return { value: {}, at: addon.source === 'cloudformation' ? child(addon.at, 'Properties') : addon.at };
  if (intrinsicName(v)) return { value: undefined, at, unresolved: `ConfigurationValues is ${intrinsicName(v)}, known only at deploy time` };
  if (isRecord(v)) return { value: v, at };
  if (typeof v === 'string') return parseConfig(v, at);
  return { value: undefined, at, unresolved: 'the configuration values are not a JSON/YAML object' };
}

/**
 * tfAddonConfiguration after `configuration_values = file(...)` or `templatefile(...)` is read from the
 * configuration's directory, as terraform plan reads it; a file it cannot read leaves the configuration unresolved.
 */
export function tfAddonConfigurationIn(inv: Inventory, b: TfBlock): AddonConfiguration {
  const read = withFileArgument(inv, b, 'configuration_values');
  return 'unresolved' in read ? { value: undefined, at: child(b.at, 'configuration_values'), unresolved: read.unresolved } : tfAddonConfiguration(read);
}

/** The configuration_values of a Terraform aws_eks_addon block (jsonencode(...) is an expression: unresolved). */
export function tfAddonConfiguration(b: TfBlock): AddonConfiguration {
  const v = b.value.configuration_values;
  const at = child(b.at, 'configuration_values');
  if (b.afterUnknown?.configuration_values === true) return { value: undefined, at: b.at, unresolved: 'configuration_values is known only after apply' };
  if (v === undefined || v === null) return { value: {}, at: b.at };
  if (isTfExpression(v)) return { value: undefined, at, unresolved: 'configuration_values is a Terraform expression; check `terraform show -json` plan output instead' };
  if (typeof v === 'string') return parseConfig(v, at);
  return { value: undefined, at, unresolved: 'configuration_values is not a JSON string' };
}
