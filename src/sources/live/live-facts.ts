/**
 * What only a live snapshot says about a cluster, for the LIVE-only rules and the live evidence of others: its tags,
 * node groups as EKS reports them, Karpenter's interruption queue as SQS answered.
 */
import { isRecord } from '../detect.js';
import { factAt, valueAt } from '../fact.js';
import type { Fact } from '../fact.js';
import type { ClusterFact, Inventory } from '../inventory.js';
import type { At } from '../location.js';
import { INTERRUPTION_QUEUE_ID, MISSING_METADATA } from './aws-gather.js';
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

/** Karpenter's interruption queue as SQS answered for a live cluster; `missing` is SQS's answer when it does not exist. */
export interface LiveQueue {
  readonly name: string;
  readonly at: At;
  readonly missing: string | undefined;
}

/** Undefined for a cluster read from a definition file, and when the queue was not asked about or not read. */
export function liveInterruptionQueue(inv: Inventory, c: ClusterFact): LiveQueue | undefined {
  const live = liveCluster(inv, c);
  const q = live?.resources[INTERRUPTION_QUEUE_ID];
  if (!isRecord(q)) return undefined;
  const missing = valueAt(q, ['Metadata', MISSING_METADATA]);
  return {
    name: String(valueAt(q, ['Properties', 'QueueName']) ?? ''),
    at: { origin: c.at.origin, path: ['Resources', INTERRUPTION_QUEUE_ID, 'Properties', 'QueueName'] },
    missing: typeof missing === 'string' ? missing : undefined,
  };
}

/** A running (or pending) node of a live cluster, with the instance metadata options EC2 reports it was launched with. */
export interface LiveInstance {
  readonly kind: 'instance';
  readonly id: string;
  /** The managed node group or Karpenter NodePool it belongs to, from its tags. */
  readonly group: string | undefined;
  readonly at: At;
  readonly httpTokens: Fact<string>;
  readonly hopLimit: Fact<number>;
  /** `disabled` when the instance has no metadata service at all. */
  readonly httpEndpoint: string | undefined;
}

/**
 * Every node instance of the live snapshots among the inputs. A launch template or EC2NodeClass says what new nodes
 * get; an instance launched before it changed, or modified since, can still differ.
 */
export function liveInstances(inv: Inventory): LiveInstance[] {
  return liveClusters(inv).flatMap((c) =>
    Object.entries(liveCluster(inv, c)?.resources ?? {})
      .filter(([, r]) => isRecord(r) && r.Type === 'AWS::EC2::Instance')
      .map(([id, r]) => {
        const at: At = { origin: c.at.origin, path: ['Resources', id] };
        const tags = valueAt(r, ['Properties', 'Tags']);
        const tag = (key: string): string | undefined => {
          const t = Array.isArray(tags) ? tags.find((x) => isRecord(x) && x.Key === key) : undefined;
          return isRecord(t) && typeof t.Value === 'string' ? t.Value : undefined;
        };
        const nodeGroup = tag('eks:nodegroup-name');
        const nodePool = tag('karpenter.sh/nodepool');
        const endpoint = valueAt(r, ['Properties', 'MetadataOptions', 'HttpEndpoint']);
        return {
          kind: 'instance' as const,
          id: String(valueAt(r, ['Properties', 'InstanceId']) ?? id),
          group: nodeGroup ? `node group ${nodeGroup}` : nodePool ? `NodePool ${nodePool}` : undefined,
          at,
          httpTokens: factAt<string>(r, at, ['Properties', 'MetadataOptions', 'HttpTokens']),
          hopLimit: factAt<number>(r, at, ['Properties', 'MetadataOptions', 'HttpPutResponseHopLimit']),
          httpEndpoint: typeof endpoint === 'string' ? endpoint : undefined,
        };
      }),
  );
}
