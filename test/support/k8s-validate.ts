/**
 * Validates generated objects: core kinds against the Kubernetes OpenAPI schemas (kubernetes-models), custom
 * resources against the upstream CRD schemas in ../shared/schemas (CEL rules are not evaluated).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import type { K8sObject } from '../../src/synth/manifests/types.js';
import { SHARED_DIR } from './shared.js';

const CRD_FILES: Record<string, string> = {
  'karpenter.sh/NodePool': 'karpenter.sh_nodepools.yaml',
  'karpenter.k8s.aws/EC2NodeClass': 'karpenter.k8s.aws_ec2nodeclasses.yaml',
  'kyverno.io/ClusterPolicy': 'kyverno.io_clusterpolicies.yaml',
};

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const crdValidators = new Map<string, ValidateFunction>();

export function isCustomResource(o: K8sObject): boolean {
  const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0]! : '';
  return `${group}/${o.kind}` in CRD_FILES;
}

export function crdValidator(o: K8sObject): ValidateFunction {
  const [group, version] = o.apiVersion.split('/') as [string, string];
  const key = `${o.apiVersion}/${o.kind}`;
  let v = crdValidators.get(key);
  if (!v) {
    const file = path.join(SHARED_DIR, 'schemas', CRD_FILES[`${group}/${o.kind}`]!);
    const crd = parseAllDocuments(readFileSync(file, 'utf8'))[0]!.toJS() as { spec: { versions: { name: string; schema: { openAPIV3Schema: object } }[] } };
    const schema = crd.spec.versions.find((x) => x.name === version)?.schema.openAPIV3Schema;
    if (!schema) throw new Error(`${file} has no version ${version}`);
    v = ajv.compile(schema);
    crdValidators.set(key, v);
  }
  return v;
}

/** Returns the validation errors of a core object, or [] when it is valid. */
export async function coreErrors(o: K8sObject): Promise<string[]> {
  const [group, version] = o.apiVersion.includes('/') ? (o.apiVersion.split('/') as [string, string]) : ['', o.apiVersion];
  const mod = (await import(group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`)) as Record<string, new (data: unknown) => { validate(): void }>;
  const Model = mod[o.kind];
  if (!Model) return [`kubernetes-models has no ${o.apiVersion} ${o.kind}`];
  try {
    new Model(o).validate();
    return [];
  } catch (e) {
    return [e instanceof Error ? e.message : String(e)];
  }
}
