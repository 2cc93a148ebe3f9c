/** The add-ons a keelson definition installs: the ones that call AWS get their own role, as addonIdentityMode says. */
import type { ClusterDefinition } from '../../model/schema.js';
import { child } from '../location.js';
import type { At } from '../location.js';
import type { Inventory } from '../inventory.js';

export function addKeelsonAddons(inv: Inventory, def: ClusterDefinition, at: At, has: (...keys: string[]) => boolean): void {
  const mode = has('addonIdentityMode') ? { value: def.addonIdentityMode, at: child(at, 'addonIdentityMode') } : { value: def.addonIdentityMode, at, defaulted: true };
  const on: [string, boolean, string][] = [
    ['vpc-cni', true, 'vpcCni'],
    ['aws-ebs-csi-driver', def.addons.ebsCsi.enabled, 'ebsCsi'],
    ['aws-efs-csi-driver', def.addons.efsCsi.enabled, 'efsCsi'],
  ];
  for (const [name, enabled, key] of on) {
    if (enabled) inv.addons.push({ source: 'keelson', name, at: has('addons', key) ? child(at, 'addons', key) : at, identity: mode });
  }
}
