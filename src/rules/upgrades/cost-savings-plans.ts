import { defineRule } from '../define-rule.js';
import { clusterTargets } from '../internal/targets.js';
import type { ClusterFact, Inventory } from '../../sources/inventory.js';
import { liveCluster, liveClusters } from '../../sources/live/live-facts.js';

/** The on-demand floor of a live cluster: what its on-demand node groups run at their minimum size. */
export function onDemandFloor(resources: Record<string, Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const r of Object.values(resources)) {
    if (r.Type !== 'AWS::EKS::Nodegroup') continue;
    const p = (r.Properties ?? {}) as { NodegroupName?: string; CapacityType?: string; InstanceTypes?: string[]; ScalingConfig?: { MinSize?: number } };
    if (p.CapacityType === 'SPOT' || !p.ScalingConfig?.MinSize) continue;
    out.push(`${p.NodegroupName ?? '?'}: ${p.ScalingConfig.MinSize} x ${(p.InstanceTypes ?? []).join('/') || 'the default type'}`);
  }
  return out;
}

export default defineRule({
  id: 'COST-SAVINGS-PLANS',
  title: 'The on-demand floor is covered by a Compute Savings Plan',
  severity: 'info',
  area: 'upgrades',
  evidence: ['LIVE'],
  checklist: 18,
  rationale: 'The guide buys a Compute Savings Plan for the capacity that always runs (system node groups, the on-demand baseline) and leaves the rest to Spot and Karpenter: the commitment discounts what never scales away, without locking in instance families.',
  practice: 'A commitment is a purchasing decision, reported as "attest": keelson reads no billing data (Savings Plans live in the payer account, which an audit role seldom reaches). The live audit states the floor a plan should cover; `keelson plan capacity` prices it.',
  remediation: {
    cloudformation: 'buy a Compute Savings Plan in Cost Explorer sized to the on-demand floor (keelson plan capacity shows it priced), then attest it',
    keelson: 'size a Compute Savings Plan with keelson plan capacity and buy it in Cost Explorer',
  },
  ...clusterTargets,
  targets: (inv: Inventory): readonly ClusterFact[] => liveClusters(inv),
  check(c, ctx) {
    const floor = onDemandFloor(liveCluster(ctx.inventory, c)?.resources ?? {});
    const what = floor.length > 0 ? `the on-demand floor of cluster ${c.name} (${floor.join('; ')})` : `the on-demand baseline of cluster ${c.name} (no on-demand node group has a minimum size; Karpenter's on-demand nodes count too)`;
    return [ctx.notEvaluated(`attest: keelson reads no billing data; confirm a Compute Savings Plan covers ${what}`, c.at)];
  },
});
