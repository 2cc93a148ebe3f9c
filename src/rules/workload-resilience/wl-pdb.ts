import { child } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { allowedDisruptions, pdbsFor } from '../internal/workload-links.js';
import { describeWorkload, workloadTargets } from '../internal/targets.js';

export default defineRule({
  id: 'WL-PDB',
  title: 'Every production Deployment/StatefulSet has a PDB that allows a disruption',
  severity: 'medium',
  area: 'workload-resilience',
  evidence: ['K8S', 'LIVE'],
  checklist: 12,
  rationale: 'The guide gives every production workload a PodDisruptionBudget, so node drains, upgrades and Karpenter consolidation never take all replicas at once.',
  remediation: { kubernetes: 'add a PodDisruptionBudget in the same namespace whose selector matches the pod labels, with maxUnavailable: 1 (or minAvailable below the replica count)' },
  ...workloadTargets(['Deployment', 'StatefulSet']),
  check(w, ctx) {
    const pdbs = pdbsFor(ctx.inventory, w);
    if (pdbs.length === 0) return [ctx.fail(`no PodDisruptionBudget in the inputs selects the pods of ${describeWorkload(w)}`, child(w.object.at, 'metadata'), { sub: 'missing' })];
    const replicas = typeof w.replicas.value === 'number' ? w.replicas.value : 1;
    return pdbs.flatMap((p) => {
      const allowed = allowedDisruptions(p, replicas);
      return allowed === 0 ? [ctx.fail(`PodDisruptionBudget ${p.name} allows no disruption of ${describeWorkload(w)} (${replicas} replicas)`, child(p.at, 'spec'), { sub: 'no-disruption' })] : [];
    });
  },
});
