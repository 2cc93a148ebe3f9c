/**
 * Objects on APIs the target version removes or deprecates, from the one embedded deprecation table (pluto's
 * versions.yaml plus Karpenter's v1beta1 -> v1 moves), which the check rule UPG-DEPRECATED-APIS shares.
 */
import type { Inventory } from '../../sources/inventory.js';
import { child } from '../../sources/location.js';
import { DEPRECATED_APIS } from '../../rules/upgrades/deprecated-apis.data.js';
import { compareMinor, minorString } from './lifecycle.js';
import { locate } from './finding.js';
import type { UpgradeFinding } from './finding.js';

export function apiRemovals(inv: Inventory, target: string): UpgradeFinding[] {
  const out: UpgradeFinding[] = [];
  for (const o of inv.objects) {
    // pluto lists some API/kind pairs twice; the earliest removal decides.
    const e = DEPRECATED_APIS.filter((d) => d.apiVersion === o.apiVersion && d.kind === o.kind).sort((a, b) => compareMinor(a.removedIn || 'v999.0', b.removedIn || 'v999.0'))[0];
    if (!e) continue;
    const at = locate(child(o.at, 'apiVersion'));
    const name = `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
    if (e.removedIn.startsWith('karpenter-')) {
      out.push({
        area: 'api',
        level: 'blocker',
        message: `${name} uses ${o.apiVersion}: Karpenter ${e.removedIn.slice('karpenter-'.length)} and later no longer serve it, and the Karpenter releases that support newer Kubernetes versions are all later`,
        fix: `migrate to ${e.replacement} (Karpenter's v1 migration guide) before upgrading Karpenter or the cluster`,
        location: at,
      });
      continue;
    }
    const removed = minorString(e.removedIn);
    const deprecated = minorString(e.deprecatedIn);
    if (removed && compareMinor(removed, target) <= 0) {
      out.push({ area: 'api', level: 'blocker', message: `${name} uses ${o.apiVersion}, removed in Kubernetes ${removed} (target ${target})`, fix: `move it to ${e.replacement} (kubectl convert helps) and apply that before the upgrade`, location: at });
    } else if (deprecated && compareMinor(deprecated, target) <= 0) {
      out.push({ area: 'api', level: 'warning', message: `${name} uses ${o.apiVersion}, deprecated since ${deprecated}${removed ? `, removed in ${removed}` : ''}`, fix: `move it to ${e.replacement} while both are served`, location: at });
    }
  }
  return out;
}
