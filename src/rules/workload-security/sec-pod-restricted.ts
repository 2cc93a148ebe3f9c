import { child } from '../../sources/location.js';
import { isRecord } from '../../sources/detect.js';
import { defineRule } from '../define-rule.js';
import { effectiveSecurity } from '../internal/pod.js';
import { describeWorkload, workloadTargets } from '../internal/targets.js';
import type { Verdict } from '../types.js';

export default defineRule({
  id: 'SEC-POD-RESTRICTED',
  title: 'Pods meet the restricted Pod Security profile',
  severity: 'high',
  area: 'workload-security',
  evidence: ['K8S', 'LIVE'],
  rationale: 'The guide runs every container as non-root with seccomp RuntimeDefault, no privilege escalation, all capabilities dropped and a read-only root filesystem, so a compromised process cannot take the node.',
  practice: 'readOnlyRootFilesystem is the guide\'s addition; the Kubernetes `restricted` profile itself does not require it.',
  remediation: { kubernetes: 'set securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}, seccompProfile: {type: RuntimeDefault}} on each container' },
  ...workloadTargets(),
  check(w, ctx) {
    const out: Verdict[] = [];
    for (const c of w.containers) {
      const who = `container "${c.name}" of ${describeWorkload(w)}`;
      const sc = child(c.at, 'securityContext');
      if (effectiveSecurity(w, c, 'privileged') === true) out.push(ctx.fail(`${who} is privileged`, child(sc, 'privileged'), { sub: 'privileged' }));
      if (effectiveSecurity(w, c, 'runAsNonRoot') !== true) out.push(ctx.fail(`${who} may run as root (runAsNonRoot is not true)`, child(sc, 'runAsNonRoot'), { sub: 'run-as-non-root' }));
      const seccomp = effectiveSecurity(w, c, 'seccompProfile');
      const type = isRecord(seccomp) ? seccomp.type : undefined;
      if (type !== 'RuntimeDefault' && type !== 'Localhost') out.push(ctx.fail(`${who} has no RuntimeDefault seccomp profile`, child(sc, 'seccompProfile'), { sub: 'seccomp' }));
      const own = isRecord(c.value.securityContext) ? c.value.securityContext : {};
      if (own.allowPrivilegeEscalation !== false) out.push(ctx.fail(`${who} allows privilege escalation`, child(sc, 'allowPrivilegeEscalation'), { sub: 'privilege-escalation' }));
      const drop = isRecord(own.capabilities) && Array.isArray(own.capabilities.drop) ? own.capabilities.drop.map(String) : [];
      if (!drop.includes('ALL')) out.push(ctx.fail(`${who} does not drop ALL capabilities`, child(sc, 'capabilities'), { sub: 'capabilities' }));
      if (own.readOnlyRootFilesystem !== true) out.push(ctx.fail(`${who} has a writable root filesystem`, child(sc, 'readOnlyRootFilesystem'), { sub: 'read-only-root' }));
    }
    return out;
  },
});
