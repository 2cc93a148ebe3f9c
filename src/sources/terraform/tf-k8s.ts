/**
 * Kubernetes objects a Terraform configuration creates through the kubernetes provider, as the manifests reader
 * would see them: `kubernetes_service_account(_v1)`. The IRSA annotation there is usually a reference
 * (`module.irsa.iam_role_arn`, `aws_iam_role.app.arn`) or an ARN built from a role name; it becomes an ARN whose role
 * name is known, so IAM-IRSA checks the role's trust against the service account across files. A plan
 * (`terraform show -json`) holds the same resources with their values evaluated.
 */
import { isRecord } from '../detect.js';
import type { K8sObject, RoleFact } from '../inventory.js';
import { indexSuffix } from './tf-scope.js';
import { PLACEHOLDER, TfRef } from './tf-expr.js';
import type { ConfigModel } from './tf-config.js';

/** What a value known only after apply stands for in a plan, when the plan does not say which resource it comes from. */
export const AFTER_APPLY = '<known after apply>';

/**
 * The role a plan's linked TfRef names (see tf-plan-refs.ts): the resource itself, whatever the attribute, so
 * `module.irsa.aws_iam_role.this` with index 0 is the role at that address; without an index, its only instance.
 */
function linkedRole(v: TfRef, roles: readonly RoleFact[]): RoleFact | undefined {
  const exact = `${v.ref}${indexSuffix(v.index)}`;
  const found = roles.filter((r) => r.name === exact || (v.index === undefined && r.name.startsWith(`${v.ref}[`)));
  return found.length === 1 ? found[0] : undefined;
}

/** An annotation value: text (placeholders shown as `<expression>`), or the ARN of a role in the inputs it references. */
function annotationValue(v: unknown, roles: readonly RoleFact[], linked: boolean): string | undefined {
  if (typeof v === 'string') return v.replace(PLACEHOLDER, '<$1>');
  if (!(v instanceof TfRef)) return undefined;
  // v5 of the IRSA module outputs iam_role_arn, v6 arn; a role resource has arn.
  const name = v.ref.startsWith('module.') ? (v.attr === 'iam_role_arn' || v.attr === 'arn' ? `${v.ref}${indexSuffix(v.index)}` : undefined) : v.attr === 'arn' ? `${v.ref}${indexSuffix(v.index)}` : undefined;
  const role = linked ? linkedRole(v, roles) : name === undefined ? undefined : roles.find((r) => r.name === name);
  return role?.roleName === undefined ? (linked ? AFTER_APPLY : `<${v.text}>`) : `arn:aws:iam::<account>:role/${role.roleName}`;
}

function strings(v: unknown, roles: readonly RoleFact[], linked: boolean, unknown?: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(v)) {
    for (const [k, x] of Object.entries(v)) {
      const s = annotationValue(x, roles, linked);
      if (s !== undefined) out[k] = s;
    }
  }
  // An annotation known only after apply is still there: a rule must not read it as missing.
  if (isRecord(unknown)) for (const [k, u] of Object.entries(unknown)) if (u === true && out[k] === undefined) out[k] = AFTER_APPLY;
  return out;
}

/** In a plan: what each resource's change marks as known only after apply (`after_unknown`), by address. */
export type UnknownOf = (address: string) => Record<string, unknown> | undefined;

/**
 * The service accounts a configuration or plan creates. For a plan, `unknownOf` is given: its TfRefs are the links
 * linkPlan made, and values it could not link stay AFTER_APPLY.
 */
export function serviceAccountObjects(m: ConfigModel, roles: readonly RoleFact[], unknownOf?: UnknownOf): K8sObject[] {
  const out: K8sObject[] = [];
  for (const type of ['kubernetes_service_account_v1', 'kubernetes_service_account']) {
    for (const r of m.instances(type)) {
      const meta = isRecord(r.value) ? [r.value.metadata].flat()[0] : undefined;
      if (!isRecord(meta)) continue;
      const ev = m.evaluate(meta, { ...r.env, placeholders: true });
      if (!isRecord(ev) || typeof ev.name !== 'string' || ev.name.includes('\u0000')) continue;
      // The kubernetes provider puts an object without a namespace in "default".
      const namespace = typeof ev.namespace === 'string' && !ev.namespace.includes('\u0000') ? ev.namespace : ev.namespace === undefined ? 'default' : undefined;
      if (namespace === undefined) continue;
      const linked = unknownOf !== undefined;
      const unknownMeta = linked ? [unknownOf(r.address)?.metadata].flat()[0] : undefined;
      const annotations = strings(ev.annotations, roles, linked, isRecord(unknownMeta) ? unknownMeta.annotations : undefined);
      const labels = strings(ev.labels, roles, linked, isRecord(unknownMeta) ? unknownMeta.labels : undefined);
      out.push({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        name: ev.name,
        namespace,
        labels,
        annotations,
        value: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: ev.name, namespace, labels, annotations } },
        // Rules point into it as into a manifest (metadata.annotations...); the locator finds the metadata block.
        at: r.at,
      });
    }
  }
  return out;
}
