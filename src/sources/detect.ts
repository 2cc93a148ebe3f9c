/** Content detection: what an object is, decided by its content and never by its file name. */
import type { At, PathKey } from './location.js';
import type { SourceDocument } from './yaml.js';

export type SourceKind = 'kubernetes' | 'eksctl' | 'cloudformation' | 'cdk-assembly' | 'keelson' | 'terraform' | 'terraform-plan' | 'unknown';

export interface SourceObject {
  readonly kind: SourceKind;
  readonly value: Record<string, unknown>;
  readonly at: At;
  readonly document: SourceDocument;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The top-level blocks of a Terraform configuration as hcl2json and `.tf.json` write them. */
const TERRAFORM_BLOCKS = new Set(['resource', 'module', 'variable', 'locals', 'data', 'output', 'provider', 'terraform', 'moved', 'import', 'check', 'removed', '//']);

function isTerraformConfig(v: Record<string, unknown>): boolean {
  const keys = Object.keys(v);
  if (keys.length === 0 || !keys.every((k) => TERRAFORM_BLOCKS.has(k))) return false;
  // A directory's variables.tf has no resources but its defaults resolve references in main.tf; its providers.tf
  // holds the default_tags every resource gets.
  return (isRecord(v.resource) && Object.keys(v.resource).some((t) => t.startsWith('aws_') || t.startsWith('kubernetes_'))) || isRecord(v.module) || isRecord(v.variable) || (isRecord(v.provider) && 'aws' in v.provider);
}

/**
 * The other files `cdk synth` writes beside the templates (tree.json, *.assets.json, *.metadata.json, the validation
 * report): part of the assembly, holding no facts, and not "unknown" objects.
 */
function isCdkBookkeeping(v: Record<string, unknown>): boolean {
  if (typeof v.version === 'string' && v.version.startsWith('tree-') && isRecord(v.tree)) return true;
  if (typeof v.version === 'string' && isRecord(v.files) && isRecord(v.dockerImages)) return true;
  if (typeof v.version === 'string' && v.title === 'Validation Report' && Array.isArray(v.pluginReports)) return true;
  const entries = Object.entries(v);
  return entries.length > 0 && entries.every(([k, x]) => k.startsWith('/') && Array.isArray(x) && x.every((m) => isRecord(m) && typeof m.type === 'string' && m.type.startsWith('aws:cdk:')));
}

const KEELSON_FIELDS = ['kubernetesVersion', 'network', 'endpoint', 'encryption', 'logging', 'access', 'systemNodeGroup', 'addons', 'ecr', 'workloadIdentities', 'tags'];

export function detectKind(v: Record<string, unknown>): SourceKind {
  if (v.apiVersion === 'eksctl.io/v1alpha5' && v.kind === 'ClusterConfig') return 'eksctl';
  if ('AWSTemplateFormatVersion' in v) return 'cloudformation';
  if (isRecord(v.Resources) && Object.values(v.Resources).some((r) => isRecord(r) && typeof r.Type === 'string' && /^(AWS|Custom)::/.test(r.Type))) return 'cloudformation';
  if (typeof v.apiVersion === 'string' && typeof v.kind === 'string') return 'kubernetes';
  // A CDK cloud assembly's manifest.json (the reader follows it to the templates: cloudformation/cdk-assembly.ts).
  if (typeof v.version === 'string' && isRecord(v.artifacts) && Object.values(v.artifacts).some((a) => isRecord(a) && typeof a.type === 'string' && a.type.startsWith('aws:cloudformation:'))) return 'cdk-assembly';
  if (isCdkBookkeeping(v)) return 'cdk-assembly';
  if (typeof v.format_version === 'string' && 'terraform_version' in v && (isRecord(v.planned_values) || Array.isArray(v.resource_changes))) return 'terraform-plan';
  if (isTerraformConfig(v)) return 'terraform';
  if (typeof v.name === 'string' && typeof v.account === 'string' && typeof v.region === 'string') return 'keelson';
  if (typeof v.name === 'string' && typeof v.region === 'string' && KEELSON_FIELDS.some((f) => f in v)) return 'keelson';
  return 'unknown';
}

/** The objects of a document: the document itself, or each item of a Kubernetes `List` (v1 List, PodList ...). */
export function objectsOf(doc: SourceDocument): SourceObject[] {
  const v = doc.value;
  if (!isRecord(v)) return [];
  const root: At = { origin: doc.origin, path: [] };
  const kind = detectKind(v);
  if (kind === 'kubernetes' && typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)) {
    return v.items.flatMap((item, i): SourceObject[] => {
      if (!isRecord(item)) return [];
      const path: PathKey[] = ['items', i];
      return [{ kind: detectKind(item), value: item, at: { origin: doc.origin, path }, document: doc }];
    });
  }
  return [{ kind, value: v, at: root, document: doc }];
}
