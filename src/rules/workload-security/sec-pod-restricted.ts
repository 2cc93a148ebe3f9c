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
      // Named and located only when something fails: most containers of a hardened repository pass.
      const fail = (what: string, field: string, sub: string): void => {
        out.push(ctx.fail(`container "${c.name}" of ${describeWorkload(w)} ${what}`, child(c.at, 'securityContext', field), { sub }));
      };
      if (effectiveSecurity(w, c, 'privileged') === true) fail('is privileged', 'privileged', 'privileged');
      if (effectiveSecurity(w, c, 'runAsNonRoot') !== true) fail('may run as root (runAsNonRoot is not true)', 'runAsNonRoot', 'run-as-non-root');
      const seccomp = effectiveSecurity(w, c, 'seccompProfile');
      const type = isRecord(seccomp) ? seccomp.type : undefined;
      if (type !== 'RuntimeDefault' && type !== 'Localhost') fail('has no RuntimeDefault seccomp profile', 'seccompProfile', 'seccomp');
      const own = isRecord(c.value.securityContext) ? c.value.securityContext : {};
      if (own.allowPrivilegeEscalation !== false) fail('allows privilege escalation', 'allowPrivilegeEscalation', 'privilege-escalation');
      const drop = isRecord(own.capabilities) && Array.isArray(own.capabilities.drop) ? own.capabilities.drop : [];
      if (!drop.some((d) => String(d) === 'ALL')) fail('does not drop ALL capabilities', 'capabilities', 'capabilities');
      if (own.readOnlyRootFilesystem !== true) fail('has a writable root filesystem', 'readOnlyRootFilesystem', 'read-only-root');
    }
    return out;
  },
});
