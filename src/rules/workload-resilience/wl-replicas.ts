import { defineRule } from '../define-rule.js';
import { valueAt } from '../../sources/fact.js';
import { hpasFor } from '../internal/workload-links.js';
import { describeWorkload, workloadTargets } from '../internal/targets.js';

export default defineRule({
  id: 'WL-REPLICAS',
  title: 'Production Deployments and StatefulSets run more than one replica',
  severity: 'medium',
  area: 'workload-resilience',
  evidence: ['K8S', 'LIVE'],
  rationale: 'The guide runs at least two replicas of every production service: with one, every node drain, spot interruption or crash is an outage.',
  remediation: { kubernetes: 'set spec.replicas: 2 or more (or an HPA with minReplicas: 2 or more)' },
  ...workloadTargets(['Deployment', 'StatefulSet']),
  check(w, ctx) {
    const r = w.replicas;
    // An HPA owns the replica count when it targets the workload.
    const hpaMin = hpasFor(ctx.inventory, w).map((h) => Number(valueAt(h.value, ['spec', 'minReplicas']) ?? 1));
    if (hpaMin.length > 0) return Math.max(...hpaMin) > 1 ? [] : [ctx.fail(`the HPA of ${describeWorkload(w)} allows a single replica (minReplicas 1)`, r.at)];
    if (r.unresolved) return [ctx.notEvaluated(`replicas: ${r.unresolved}`, r.at)];
    if (typeof r.value !== 'number') return [ctx.notEvaluated(`replicas of ${describeWorkload(w)} is not a number (a template value?)`, r.at)];
    if (r.value <= 1) return [ctx.fail(`${describeWorkload(w)} runs ${r.value} replica${r.defaulted ? ' (replicas is not set; the default is 1)' : ''}`, r.at)];
    return [];
  },
});
