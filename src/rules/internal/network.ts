/** Shared by the network rules: which VPCs they judge, which subnets hold nodes, findings without repeats. */
import type { Inventory, NetworkFact, SubnetFact } from '../../sources/inventory.js';
import { formatDocPath } from '../../sources/location.js';
import type { RemediationFormat, Verdict } from '../types.js';

export const networkTargets = {
  targets: (inv: Inventory): readonly NetworkFact[] => inv.networks,
  locate: (n: NetworkFact) => n.at,
  format: (n: NetworkFact): RemediationFormat => n.source,
};

/**
 * The subnets nodes run in: those the cluster or a node group names, or, when the inputs hold a VPC without a
 * cluster (a separate network stack), its private subnets — where the guide places nodes.
 */
export function nodeSubnets(n: NetworkFact): SubnetFact[] {
  const used = n.subnets.filter((s) => s.nodes);
  return used.length > 0 ? used : n.subnets.filter((s) => s.public.value === false);
}

/** Several subnets can share one field (eksctl's vpc.cidr, keelson's privateSubnetPrefix): one finding per place. */
export function distinct(verdicts: Verdict[]): Verdict[] {
  const seen = new Set<string>();
  return verdicts.filter((v) => {
    const key = `${v.outcome} ${v.sub ?? ''} ${v.at ? `${v.at.origin.file}#${v.at.origin.docIndex}:${formatDocPath(v.at.path)}` : ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A zone as a person reads it: `#1` is the second zone of the region (Fn::Select of Fn::GetAZs). */
export function zoneName(z: string): string {
  return z.startsWith('#') ? `zone ${Number(z.slice(1)) + 1} of the region` : z;
}
