import { child } from '../../sources/location.js';
import { valueAt } from '../../sources/fact.js';
import { defineRule } from '../define-rule.js';
import { objectTargets } from '../internal/targets.js';
import { allowedDisruptions, workloadsSelectedBy } from '../internal/workload-links.js';

export default defineRule({
  id: 'UPG-PDB-DRAINABLE',
  title: 'No PodDisruptionBudget blocks node drains',
  severity: 'high',
  area: 'upgrades',
  evidence: ['K8S', 'LIVE'],
  rationale: 'The guide warns that a PDB with maxUnavailable 0 (or minAvailable equal to the replicas) blocks every drain: node upgrades and Karpenter consolidation stall until someone deletes it.',
  remediation: { kubernetes: 'use maxUnavailable: 1 (or a minAvailable below the replica count)' },
  ...objectTargets('PodDisruptionBudget', 'policy'),
  check(p, ctx) {
    const at = child(p.at, 'spec');
    const maxU = valueAt(p.value, ['spec', 'maxUnavailable']);
    if (maxU === 0 || maxU === '0' || maxU === '0%') return [ctx.fail(`PodDisruptionBudget ${p.name} has maxUnavailable ${String(maxU)}: no pod can ever be evicted`, child(at, 'maxUnavailable'))];
    const minA = valueAt(p.value, ['spec', 'minAvailable']);
    if (minA === '100%') return [ctx.fail(`PodDisruptionBudget ${p.name} has minAvailable 100%: no pod can ever be evicted`, child(at, 'minAvailable'))];
    return workloadsSelectedBy(ctx.inventory, p).flatMap((w) => {
      const replicas = typeof w.replicas.value === 'number' ? w.replicas.value : undefined;
      if (replicas === undefined || minA === undefined) return [];
      return allowedDisruptions(p, replicas) === 0 ? [ctx.fail(`PodDisruptionBudget ${p.name} requires ${String(minA)} available but ${w.object.kind} ${w.object.name} runs ${replicas}: drains block`, child(at, 'minAvailable'))] : [];
    });
  },
});
