import { child } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { describeWorkload, workloadTargets } from '../internal/targets.js';

/** Each required label and the well-known keys that satisfy it. */
const REQUIRED: Record<string, readonly string[]> = {
  app: ['app', 'app.kubernetes.io/name'],
  team: ['team', 'app.kubernetes.io/team', 'owner'],
  environment: ['environment', 'env', 'app.kubernetes.io/environment'],
};

export default defineRule({
  id: 'SEC-REQUIRED-LABELS',
  title: 'Workloads carry app, team and environment labels',
  severity: 'low',
  area: 'workload-security',
  evidence: ['K8S', 'LIVE'],
  rationale: 'The guide requires app, team and environment labels on every workload: they drive ownership, cost allocation and policy selection.',
  remediation: { kubernetes: 'add metadata.labels app, team and environment (app.kubernetes.io/name is accepted for app) to the workload and its pod template' },
  ...workloadTargets(),
  check(w, ctx) {
    const labels = { ...w.podLabels, ...w.object.labels };
    return Object.entries(REQUIRED)
      .filter(([, keys]) => !keys.some((k) => k in labels))
      .map(([name]) => ctx.fail(`${describeWorkload(w)} has no "${name}" label`, child(w.object.at, 'metadata', 'labels'), { sub: name }));
  },
});
