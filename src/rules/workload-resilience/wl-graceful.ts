import { child } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { describeWorkload, workloadTargets } from '../internal/targets.js';

/** EC2 gives a spot instance two minutes' notice; a pod must stop within it. */
const SPOT_NOTICE_SECONDS = 120;

export default defineRule({
  id: 'WL-GRACEFUL',
  title: 'terminationGracePeriodSeconds fits the 2-minute spot notice',
  severity: 'low',
  area: 'workload-resilience',
  evidence: ['K8S', 'LIVE'],
  rationale: 'The guide keeps graceful shutdown under the 2-minute spot interruption notice: a longer grace period is cut off when the instance goes away, so in-flight work is lost anyway.',
  remediation: { kubernetes: `set terminationGracePeriodSeconds to ${SPOT_NOTICE_SECONDS - 30} or less (leave time for the drain), or keep the workload off spot capacity` },
  ...workloadTargets(),
  check(w, ctx) {
    const v = w.podSpec.terminationGracePeriodSeconds;
    if (typeof v === 'number' && v > SPOT_NOTICE_SECONDS) {
      return [ctx.fail(`${describeWorkload(w)} waits ${v}s to stop, longer than the ${SPOT_NOTICE_SECONDS}s spot notice`, child(w.object.at, ...w.podSpecPath, 'terminationGracePeriodSeconds'))];
    }
    return [];
  },
});
