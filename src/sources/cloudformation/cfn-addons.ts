/** AWS::EKS::Addon resources into add-on facts, with the identity each one's pods use. */
import { child } from '../location.js';
import { isRecord } from '../detect.js';
import type { SourceObject } from '../detect.js';
import { valueAt } from '../fact.js';
import type { Fact } from '../fact.js';
import type { Inventory } from '../inventory.js';

/** The service account each add-on runs its AWS-calling pods as, to match a separate AWS::EKS::PodIdentityAssociation. */
export const ADDON_SERVICE_ACCOUNTS: Record<string, string> = {
  'vpc-cni': 'aws-node',
  'aws-ebs-csi-driver': 'ebs-csi-controller-sa',
  'aws-efs-csi-driver': 'efs-csi-controller-sa',
};

export function addCfnAddons(inv: Inventory, obj: SourceObject): void {
  const resources: Record<string, unknown> = isRecord(obj.value.Resources) ? obj.value.Resources : {};
  const associations = Object.entries(resources).filter(([, r]) => isRecord(r) && r.Type === 'AWS::EKS::PodIdentityAssociation');
  for (const [id, r] of Object.entries(resources)) {
    if (!isRecord(r) || r.Type !== 'AWS::EKS::Addon') continue;
    const at = child(obj.at, 'Resources', id);
    const name = valueAt(r, ['Properties', 'AddonName']);
    if (typeof name !== 'string') continue;
    const pia = valueAt(r, ['Properties', 'PodIdentityAssociations']);
    const sa = ADDON_SERVICE_ACCOUNTS[name];
    const separate = associations.find(([, a]) => sa !== undefined && valueAt(a, ['Properties', 'ServiceAccount']) === sa && valueAt(a, ['Properties', 'Namespace']) === 'kube-system');
    const identity: Fact<string> =
      Array.isArray(pia) && pia.length > 0 ? { value: 'podIdentity', at: child(at, 'Properties', 'PodIdentityAssociations') }
      : valueAt(r, ['Properties', 'ServiceAccountRoleArn']) !== undefined ? { value: 'irsa', at: child(at, 'Properties', 'ServiceAccountRoleArn') }
      : separate ? { value: 'podIdentity', at: child(obj.at, 'Resources', separate[0]) }
      : { value: undefined, at: child(at, 'Properties') };
    inv.addons.push({ source: 'cloudformation', name, at, identity });
  }
}
