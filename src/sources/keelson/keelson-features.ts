/** Settings beside the cluster in a keelson definition: the Pod Identity agent, ECR registry scanning, GuardDuty. */
import type { ClusterDefinition } from '../../model/schema.js';
import { child } from '../location.js';
import type { At } from '../location.js';
import type { Fact } from '../fact.js';
import type { Inventory } from '../inventory.js';

export function addKeelsonFeatures(inv: Inventory, def: ClusterDefinition, at: At, has: (...keys: string[]) => boolean): void {
  const f = (value: boolean, ...keys: string[]): Fact<boolean> => {
    // A defaulted value points at the nearest field the definition has.
    let i = keys.length;
    while (i > 0 && !has(...keys.slice(0, i))) i--;
    return i === keys.length ? { value, at: child(at, ...keys) } : { value, at: child(at, ...keys.slice(0, i)), defaulted: true };
  };
  inv.features.push(
    { source: 'keelson', feature: 'podIdentityAgent', enabled: f(def.addons.podIdentityAgent.enabled, 'addons', 'podIdentityAgent', 'enabled'), detail: 'addons.podIdentityAgent' },
    // keelson writes SCAN_ON_PUSH or CONTINUOUS_SCAN for every repository, whichever scan type is chosen.
    { source: 'keelson', feature: 'ecrScanning', enabled: { ...f(true, 'ecr', 'scanType'), value: true }, detail: `${def.ecr.scanType}${def.ecr.scanType === 'ENHANCED' && def.ecr.continuous ? ', CONTINUOUS_SCAN' : ', SCAN_ON_PUSH'}` },
    // With Karpenter on, keelson synth always creates the interruption queue and its EventBridge rules.
    { source: 'keelson', feature: 'karpenter', enabled: f(def.karpenter.enabled, 'karpenter', 'enabled'), detail: 'karpenter.enabled' },
    ...(def.karpenter.enabled ? [{ source: 'keelson' as const, feature: 'spotInterruptionQueue' as const, enabled: f(true, 'karpenter'), detail: 'keelson\'s Karpenter interruption queue' }] : []),
    { source: 'keelson', feature: 'guardDutyEksRuntime', enabled: f(def.addons.guardDuty.enabled, 'addons', 'guardDuty', 'enabled'), detail: 'addons.guardDuty' },
  );
}
