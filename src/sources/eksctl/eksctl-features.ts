/** Settings beside the cluster in an eksctl ClusterConfig: iam.withOIDC and the eks-pod-identity-agent add-on. */
import { child } from '../location.js';
import type { At } from '../location.js';
import { isRecord } from '../detect.js';
import { factAt } from '../fact.js';
import type { Inventory } from '../inventory.js';

export function addEksctlFeatures(inv: Inventory, v: Record<string, unknown>, at: At): void {
  // eksctl does not create the IAM OIDC provider unless iam.withOIDC is true.
  const oidc = factAt<boolean>(v, at, ['iam', 'withOIDC'], false);
  inv.features.push({ source: 'eksctl', feature: 'oidcProvider', enabled: isRecord(v.iam) || oidc.value !== false ? oidc : { ...oidc, at: child(at, 'metadata') }, detail: 'iam.withOIDC' });
  const addons = Array.isArray(v.addons) ? v.addons : [];
  const i = addons.findIndex((a) => isRecord(a) && a.name === 'eks-pod-identity-agent');
  if (i >= 0) inv.features.push({ source: 'eksctl', feature: 'podIdentityAgent', enabled: { value: true, at: child(at, 'addons', i) }, detail: 'addons eks-pod-identity-agent' });
}
