import { child } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { hpasFor } from '../internal/workload-links.js';
import { describeWorkload, workloadTargets } from '../internal/targets.js';

export default defineRule({
  id: 'WL-HPA',
  title: 'Stateless services have a HorizontalPodAutoscaler',
  severity: 'low',
  area: 'workload-resilience',
  evidence: ['K8S', 'LIVE'],
  checklist: 13,
  rationale: 'The guide scales stateless services with an HPA on CPU (and custom metrics), with Karpenter adding nodes underneath.',
  remediation: { kubernetes: 'add an autoscaling/v2 HorizontalPodAutoscaler whose scaleTargetRef names this Deployment' },
  ...workloadTargets(['Deployment']),
  check(w, ctx) {
    return hpasFor(ctx.inventory, w).length > 0 ? [] : [ctx.fail(`no HorizontalPodAutoscaler in the inputs targets ${describeWorkload(w)}`, child(w.object.at, 'metadata'))];
  },
});
