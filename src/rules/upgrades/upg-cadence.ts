import { defineRule } from '../define-rule.js';
import { clusterTargets } from '../internal/targets.js';
import type { ClusterFact, Inventory } from '../../sources/inventory.js';
import { liveClusters } from '../../sources/live/live-facts.js';
import { EKS_VERSIONS } from '../control-plane/eks-versions.data.js';

export default defineRule({
  id: 'UPG-CADENCE',
  title: 'Quarterly upgrade cadence, with staging on the next version first',
  severity: 'info',
  area: 'upgrades',
  evidence: ['LIVE'],
  checklist: 19,
  rationale: 'Kubernetes ships a minor version about every four months and EKS ends standard support 14 months after release; the guide upgrades every quarter and runs staging one version ahead, so production never faces a forced, multi-version jump.',
  practice: 'A cadence is a process: the checklist item is "attest". One snapshot cannot show a rhythm, but a live audit states where the cluster stands (its version, the newest EKS offers, and how far behind it is) so the attestation is made with the facts; CP-VERSION judges the support window itself.',
  remediation: {
    cloudformation: 'schedule a quarterly upgrade (keelson plan upgrade --to NEXT lists the blockers), run staging on the next version first, then attest',
    keelson: 'raise kubernetesVersion one minor per quarter, staging first; keelson plan upgrade --to NEXT lists the blockers',
  },
  ...clusterTargets,
  // Evidence is a person's: a live cluster only gives the facts an attestation needs.
  targets: (inv: Inventory): readonly ClusterFact[] => liveClusters(inv),
  check(c, ctx) {
    const newest = [...EKS_VERSIONS].sort((a, b) => Number(b.version.split('.')[1]) - Number(a.version.split('.')[1]))[0];
    const version = c.version.value;
    const behind = version && newest ? Number(newest.version.split('.')[1]) - Number(version.split('.')[1]) : undefined;
    const where = version ? `cluster ${c.name} runs ${version}${newest ? `, the newest EKS version is ${newest.version}${behind !== undefined && behind > 0 ? ` (${behind} minor${behind === 1 ? '' : 's'} behind)` : ''}` : ''}` : `cluster ${c.name}'s version was not read`;
    return [ctx.notEvaluated(`attest: confirm a quarterly upgrade cadence with staging on the next version first; ${where}`, c.version.at)];
  },
});
