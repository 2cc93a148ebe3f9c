/**
 * One target for a rule about the cluster as a whole (is a log shipper installed? a metrics pipeline?), whose
 * evidence can be anywhere in the inputs: a definition, an add-on, a workload in another file.
 */
import type { Inventory } from '../../sources/inventory.js';
import type { At } from '../../sources/location.js';
import type { RemediationFormat } from '../types.js';
import { keelsonDefinitions } from './definitions.js';

export interface Scope {
  readonly inventory: Inventory;
  /** Where a finding about something missing points: the definition's cluster, else the first manifest. */
  readonly at: At;
  readonly format: RemediationFormat;
  /** The inputs hold Kubernetes manifests, so a missing in-cluster component is evidence, not a blind spot. */
  readonly hasManifests: boolean;
}

/** `withDefinitions`: a cluster definition alone is evidence for the rule (its evidence includes DEF). */
export function scopeTargets(inv: Inventory, withDefinitions: boolean): Scope[] {
  const hasManifests = inv.objects.length > 0;
  const keelson = keelsonDefinitions(inv)[0];
  const cluster = inv.clusters[0];
  if (!hasManifests && !(withDefinitions && cluster)) return [];
  if (withDefinitions && keelson && cluster?.source === 'keelson') return [{ inventory: inv, at: cluster.at, format: 'keelson', hasManifests }];
  if (withDefinitions && cluster) return [{ inventory: inv, at: cluster.at, format: cluster.source, hasManifests }];
  return [{ inventory: inv, at: inv.objects[0]!.at, format: 'kubernetes', hasManifests }];
}

export const scopeRule = (withDefinitions: boolean) => ({
  targets: (inv: Inventory): readonly Scope[] => scopeTargets(inv, withDefinitions),
  locate: (s: Scope) => s.at,
  format: (s: Scope): RemediationFormat => s.format,
});
