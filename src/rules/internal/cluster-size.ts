/** How many nodes the inputs plan for, when they say: sizing rules (CoreDNS replicas, NodeLocal DNSCache) need it. */
import { detectKind, isRecord } from '../../sources/detect.js';
import { intrinsicName, valueAt } from '../../sources/fact.js';
import type { Inventory } from '../../sources/inventory.js';
import { objectsOfKind } from '../../sources/inventory.js';
import { child } from '../../sources/location.js';
import type { At } from '../../sources/location.js';
import { cfnResources, keelsonDefinitions, tfBlocks } from './definitions.js';

export interface PlannedNodes {
  readonly nodes: number;
  /** Where the count comes from, for messages: `addons.coreDns.expectedNodes`, `maxSize of 2 node groups`. */
  readonly how: string;
  readonly at: At;
}

/**
 * keelson's expectedNodes; otherwise the sum of the node groups' maximum sizes — unless Karpenter adds nodes
 * beyond them, or a size is known only at deploy time, when the count is unknown (undefined).
 */
export function plannedNodes(inv: Inventory): PlannedNodes | undefined {
  const keelson = keelsonDefinitions(inv)[0];
  if (keelson) return { nodes: keelson.definition.addons.coreDns.expectedNodes, how: 'addons.coreDns.expectedNodes', at: child(keelson.at, 'addons', 'coreDns', 'expectedNodes') };
  if (objectsOfKind(inv, 'NodePool', 'karpenter.sh').length > 0 || inv.features.some((f) => f.feature === 'karpenter' && f.enabled.value === true)) return undefined;
  const sizes: { size: unknown; at: At }[] = [];
  for (const doc of inv.documents) {
    if (!isRecord(doc.value) || detectKind(doc.value) !== 'eksctl') continue;
    for (const key of ['nodeGroups', 'managedNodeGroups']) {
      const list = doc.value[key];
      if (!Array.isArray(list)) continue;
      // eksctl's defaults: maxSize = desiredCapacity, desiredCapacity = 2.
      list.forEach((ng, i) => sizes.push({ size: valueAt(ng, ['maxSize']) ?? valueAt(ng, ['desiredCapacity']) ?? 2, at: { origin: doc.origin, path: [key, i] } }));
    }
  }
  for (const r of cfnResources(inv, 'AWS::EKS::Nodegroup')) sizes.push({ size: valueAt(r.properties, ['ScalingConfig', 'MaxSize']), at: r.at });
  for (const b of tfBlocks(inv, 'resource', 'aws_eks_node_group')) sizes.push({ size: valueAt(b.value, ['scaling_config', 0, 'max_size']) ?? valueAt(b.value, ['scaling_config', 'max_size']), at: b.at });
  if (sizes.length === 0 || sizes.some((s) => typeof s.size !== 'number' || intrinsicName(s.size))) return undefined;
  const nodes = sizes.reduce((n, s) => n + (s.size as number), 0);
  return { nodes, how: `the maxSize of ${sizes.length} node group${sizes.length === 1 ? '' : 's'}`, at: sizes[0]!.at };
}
