import { child } from '../../sources/location.js';
import { isRecord } from '../../sources/detect.js';
import { valueAt } from '../../sources/fact.js';
import { defineRule } from '../define-rule.js';
import { describeWorkload, workloadTargets } from '../internal/targets.js';
import { hpasFor } from '../internal/workload-links.js';

const ZONE = 'topology.kubernetes.io/zone';

export default defineRule({
  id: 'WL-TOPOLOGY',
  title: 'Replicas spread across zones',
  severity: 'low',
  area: 'workload-resilience',
  evidence: ['K8S', 'LIVE'],
  rationale: 'The guide spreads replicas across availability zones (topologySpreadConstraints on topology.kubernetes.io/zone, or pod anti-affinity): otherwise the scheduler may put every replica in one zone, and one AZ outage takes the service down.',
  remediation: { kubernetes: `add topologySpreadConstraints: [{maxSkew: 1, topologyKey: ${ZONE}, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: <pod labels>}}]` },
  ...workloadTargets(['Deployment', 'StatefulSet']),
  check(w, ctx) {
    // An HPA owns the replica count: spec.replicas (often left at 1) says nothing once it can scale out.
    const scalesOut = hpasFor(ctx.inventory, w).some((h) => Number(valueAt(h.value, ['spec', 'maxReplicas']) ?? 1) > 1);
    if (!scalesOut && typeof w.replicas.value === 'number' && w.replicas.value <= 1) return [];
    const tsc = w.podSpec.topologySpreadConstraints;
    if (Array.isArray(tsc) && tsc.some((t) => isRecord(t) && t.topologyKey === ZONE)) return [];
    const anti = [
      ...((valueAt(w.podSpec, ['affinity', 'podAntiAffinity', 'requiredDuringSchedulingIgnoredDuringExecution']) as unknown[] | undefined) ?? []),
      ...(((valueAt(w.podSpec, ['affinity', 'podAntiAffinity', 'preferredDuringSchedulingIgnoredDuringExecution']) as unknown[] | undefined) ?? []).map((p) => (isRecord(p) ? p.podAffinityTerm : undefined))),
    ];
    if (anti.some((t) => isRecord(t) && t.topologyKey === ZONE)) return [];
    return [ctx.fail(`${describeWorkload(w)} does not spread its replicas across zones`, child(w.object.at, ...w.podSpecPath))];
  },
});
