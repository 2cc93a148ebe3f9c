import { child } from '../../sources/location.js';
import { valueAt } from '../../sources/fact.js';
import { defineRule } from '../define-rule.js';
import { describeWorkload, workloadTargets } from '../internal/targets.js';
import type { Verdict } from '../types.js';

const NEEDED = [
  ['requests', 'cpu'],
  ['requests', 'memory'],
  ['limits', 'memory'],
] as const;

export default defineRule({
  id: 'WL-RESOURCES',
  title: 'Every container sets cpu/memory requests and a memory limit',
  severity: 'high',
  area: 'workload-resilience',
  evidence: ['K8S', 'LIVE'],
  rationale: 'The guide: requests let the scheduler and Karpenter size nodes; a memory limit keeps one leaking container from getting the whole node OOM-killed.',
  practice: 'The guide sets no CPU limit (throttling hurts latency); keelson asks for none either.',
  remediation: { kubernetes: 'set resources.requests.cpu, resources.requests.memory and resources.limits.memory on each container' },
  ...workloadTargets(),
  check(w, ctx) {
    const out: Verdict[] = [];
    for (const c of w.containers) {
      for (const [kind, res] of NEEDED) {
        if (valueAt(c.value, ['resources', kind, res]) === undefined) {
          out.push(ctx.fail(`container "${c.name}" of ${describeWorkload(w)} has no ${kind}.${res}`, child(c.at, 'resources', kind, res), { sub: `${kind}.${res}` }));
        }
      }
    }
    return out;
  },
});
