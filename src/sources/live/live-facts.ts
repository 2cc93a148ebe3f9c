/** What only a live snapshot says about a cluster, for the LIVE-only rules: its tags, node groups as EKS reports them. */
import { isRecord } from '../detect.js';
import { valueAt } from '../fact.js';
import type { ClusterFact, Inventory } from '../inventory.js';
import { LIVE_METADATA } from './eks-gather.js';

export interface LiveCluster {
  readonly cluster: ClusterFact;
  /** The snapshot's AWS document. */
  readonly template: Record<string, unknown>;
  readonly tags: Record<string, string>;
  readonly resources: Record<string, Record<string, unknown>>;
}

/** The cluster as a live snapshot rendered it; undefined for a cluster read from a definition file. */
export function liveCluster(inv: Inventory, c: ClusterFact): LiveCluster | undefined {
  const doc = inv.documents.find((d) => d.origin.file === c.at.origin.file && d.origin.docIndex === c.at.origin.docIndex);
  const template = doc?.value;
  if (!isRecord(template) || !isRecord(template.Metadata) || !(LIVE_METADATA in template.Metadata)) return undefined;
  const raw = valueAt(template, [...c.at.path, 'Properties', 'Tags']);
  const tags: Record<string, string> = {};
  if (Array.isArray(raw)) for (const t of raw) if (isRecord(t) && typeof t.Key === 'string') tags[t.Key] = String(t.Value ?? '');
  const resources = isRecord(template.Resources) ? (template.Resources as Record<string, Record<string, unknown>>) : {};
  return { cluster: c, template, tags, resources };
}

export function liveClusters(inv: Inventory): ClusterFact[] {
  return inv.clusters.filter((c) => liveCluster(inv, c) !== undefined);
}
