/** eksctl `addons` entries into add-on facts, with the identity eksctl gives each one's pods. */
import { child } from '../location.js';
import type { At } from '../location.js';
import { isRecord } from '../detect.js';
import { valueAt } from '../fact.js';
import type { Fact } from '../fact.js';
import type { Inventory } from '../inventory.js';

export function addEksctlAddons(inv: Inventory, v: Record<string, unknown>, at: At): void {
  const list = v.addons;
  if (!Array.isArray(list)) return;
  const autoPodIdentity = valueAt(v, ['addonsConfig', 'autoApplyPodIdentityAssociations']) === true;
  const withOidc = valueAt(v, ['iam', 'withOIDC']) === true;
  list.forEach((a, i) => {
    if (!isRecord(a) || typeof a.name !== 'string') return;
    const aAt = child(at, 'addons', i);
    const has = (k: string): boolean => a[k] !== undefined && a[k] !== false;
    const identity: Fact<string> =
      has('podIdentityAssociations') || has('useDefaultPodIdentityAssociations') ? { value: 'podIdentity', at: aAt }
      : autoPodIdentity ? { value: 'podIdentity', at: child(at, 'addonsConfig', 'autoApplyPodIdentityAssociations') }
      : has('serviceAccountRoleARN') || has('attachPolicyARNs') || has('wellKnownPolicies') || has('attachPolicy') ? { value: 'irsa', at: aAt }
      // With an OIDC provider, eksctl gives vpc-cni an IRSA role with AmazonEKS_CNI_Policy on its own.
      : a.name === 'vpc-cni' && withOidc ? { value: 'irsa', at: child(at, 'iam', 'withOIDC') }
      : { value: undefined, at: aAt };
    inv.addons.push({ source: 'eksctl', name: a.name, at: aAt, identity });
  });
}
