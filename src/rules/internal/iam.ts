/** Shared by the identity rules: which roles pods assume, and which roles nodes run with. */
import type { Inventory, RoleFact, TrustFact } from '../../sources/inventory.js';
import { objectsOfKind } from '../../sources/inventory.js';
import type { RemediationFormat } from '../types.js';

/** An IRSA trust statement: a federated (OIDC) principal with sts:AssumeRoleWithWebIdentity. */
export function isIrsaTrust(t: TrustFact): boolean {
  return t.federated && t.actions.some((a) => a === 'sts:AssumeRoleWithWebIdentity' || a === 'sts:*' || a === '*');
}

/** A role pods assume: through EKS Pod Identity (pods.eks.amazonaws.com) or IRSA. */
export function isPodRole(r: RoleFact): boolean {
  return r.trust.some((t) => t.services.includes('pods.eks.amazonaws.com') || isIrsaTrust(t));
}

/** A role node instances run with: named by a node group or an EC2 access entry, or an EC2-trusted role an EC2NodeClass names. */
export function isNodeRole(r: RoleFact, inv: Inventory): boolean {
  if (r.usedByNodes) return true;
  if (!r.trust.some((t) => t.services.includes('ec2.amazonaws.com'))) return false;
  return r.roleName !== undefined && objectsOfKind(inv, 'EC2NodeClass', 'karpenter.k8s.aws').some((o) => {
    const spec = o.value.spec;
    return typeof spec === 'object' && spec !== null && (spec as Record<string, unknown>).role === r.roleName;
  });
}

export const roleTargets = (pick: (r: RoleFact, inv: Inventory) => boolean) => ({
  targets: (inv: Inventory): readonly RoleFact[] => inv.roles.filter((r) => pick(r, inv)),
  locate: (r: RoleFact) => r.at,
  format: (r: RoleFact): RemediationFormat => r.source,
});
