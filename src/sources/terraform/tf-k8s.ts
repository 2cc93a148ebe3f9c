/**
 * Kubernetes objects a Terraform configuration creates through the kubernetes provider, as the manifests reader
 * would see them: `kubernetes_service_account(_v1)`. The IRSA annotation there is usually a reference
 * (`module.irsa.iam_role_arn`, `aws_iam_role.app.arn`) or an ARN built from a role name; it becomes an ARN whose role
 * name is known, so IAM-IRSA checks the role's trust against the service account across files.
 */
import { isRecord } from '../detect.js';
import type { K8sObject, RoleFact } from '../inventory.js';
import { indexSuffix } from './tf-scope.js';
import { PLACEHOLDER, TfRef } from './tf-expr.js';
import type { ConfigModel } from './tf-config.js';

/** An annotation value: text (placeholders shown as `<expression>`), or the ARN of a role in the inputs it references. */
function annotationValue(v: unknown, roles: readonly RoleFact[]): string | undefined {
  if (typeof v === 'string') return v.replace(PLACEHOLDER, '<$1>');
  if (!(v instanceof TfRef)) return undefined;
  // v5 of the IRSA module outputs iam_role_arn, v6 arn; a role resource has arn.
  const name = v.ref.startsWith('module.') ? (v.attr === 'iam_role_arn' || v.attr === 'arn' ? `${v.ref}${indexSuffix(v.index)}` : undefined) : v.attr === 'arn' ? `${v.ref}${indexSuffix(v.index)}` : undefined;
  const role = name === undefined ? undefined : roles.find((r) => r.name === name);
  return role?.roleName === undefined ? `<${v.text}>` : `arn:aws:iam::<account>:role/${role.roleName}`;
}

function strings(v: unknown, roles: readonly RoleFact[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(v)) return out;
  for (const [k, x] of Object.entries(v)) {
    const s = annotationValue(x, roles);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

export function serviceAccountObjects(m: ConfigModel, roles: readonly RoleFact[]): K8sObject[] {
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
      const annotations = strings(ev.annotations, roles);
      const labels = strings(ev.labels, roles);
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
