import { valueAt } from '../../sources/fact.js';
import type { WorkloadFact } from '../../sources/inventory.js';
import { child } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { describeWorkload, workloadTargets } from '../internal/targets.js';

const ANNOTATION = 'karpenter.sh/do-not-disrupt';
/** Karpenter before v0.32 read this one; v1 ignores it. */
const OLD_ANNOTATION = 'karpenter.sh/do-not-evict';
/** A Job that may run longer than this loses more than a few minutes of work when its node is consolidated. */
export const LONG_RUNNING_SECONDS = 600;

function jobSpecPath(w: WorkloadFact): string[] {
  return w.object.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec'] : ['spec'];
}

export default defineRule({
  id: 'WL-DO-NOT-DISRUPT',
  title: 'Long-running Jobs carry karpenter.sh/do-not-disrupt',
  severity: 'low',
  area: 'workload-resilience',
  evidence: ['K8S', 'LIVE'],
  rationale: `Karpenter consolidation, drift and expiry drain nodes whenever it finds a cheaper or newer placement; a batch Job on such a node is killed and starts over, losing all the work done. The guide protects nodes running long-running batch jobs with karpenter.sh/do-not-disrupt=true. This rule calls a Job long-running when it may run longer than ${LONG_RUNNING_SECONDS / 60} minutes: no activeDeadlineSeconds, or one above ${LONG_RUNNING_SECONDS}.`,
  practice: 'The guide puts the annotation on the node; in Karpenter v1 the usual place is the pod (the Job\'s pod template), which blocks voluntary disruption of whatever node the pod lands on for as long as it runs — no node has to be known in advance. On the Job object itself the annotation does nothing. Spot interruptions and node failures are not voluntary: the annotation does not stop them.',
  remediation: {
    kubernetes: `add the annotation ${ANNOTATION}: "true" to the pod template (spec.template.metadata.annotations; for a CronJob spec.jobTemplate.spec.template.metadata.annotations), or bound a short Job with activeDeadlineSeconds`,
  },
  ...workloadTargets(['Job', 'CronJob']),
  check(w, ctx) {
    const templateMeta = [...w.podSpecPath.slice(0, -1), 'metadata'];
    const annotationsAt = child(w.object.at, ...templateMeta, 'annotations');
    const value = valueAt(w.object.value, [...templateMeta, 'annotations', ANNOTATION]);
    if (String(value) === 'true') return [];
    const deadline = valueAt(w.object.value, [...jobSpecPath(w), 'activeDeadlineSeconds']);
    if (typeof deadline === 'number' && deadline <= LONG_RUNNING_SECONDS) return [];
    const how = typeof deadline === 'number' ? `may run ${Math.round(deadline / 60)} minutes (activeDeadlineSeconds ${deadline})` : 'has no activeDeadlineSeconds, so it may run for hours';
    if (value !== undefined) return [ctx.fail(`${describeWorkload(w)} ${how}, and its pods set ${ANNOTATION}: ${String(value)}, which does not protect them`, child(annotationsAt, ANNOTATION))];
    if (w.object.annotations[ANNOTATION] !== undefined) {
      return [ctx.fail(`${describeWorkload(w)} ${how}; ${ANNOTATION} is on the ${w.object.kind}, where Karpenter does not read it — it belongs on the pod template`, child(w.object.at, 'metadata', 'annotations', ANNOTATION))];
    }
    const old = valueAt(w.object.value, [...templateMeta, 'annotations', OLD_ANNOTATION]);
    if (old !== undefined) return [ctx.fail(`${describeWorkload(w)} ${how}; its pods carry ${OLD_ANNOTATION}, which Karpenter v1 ignores — use ${ANNOTATION}`, child(annotationsAt, OLD_ANNOTATION))];
    return [ctx.fail(`${describeWorkload(w)} ${how}, and its pods do not carry ${ANNOTATION}: "true", so Karpenter consolidation can kill it midway`, annotationsAt)];
  },
});
