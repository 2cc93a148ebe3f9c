import { defineRule } from '../define-rule.js';
import { isPodRole, roleTargets } from '../internal/iam.js';
import type { Verdict } from '../types.js';

// AWS managed policies that grant everything, or enough to grant themselves everything.
const ADMIN = new Set(['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess']);

export default defineRule({
  id: 'IAM-LEAST-PRIVILEGE',
  title: 'Pod roles carry no AdministratorAccess and no "Action": "*"',
  severity: 'critical',
  area: 'identity',
  evidence: ['DEF', 'LIVE'],
  rationale: 'A pod role is one compromised container away from an attacker: the guide gives each workload a role with only the actions it needs. AdministratorAccess (or any Allow of "*") turns a single pod compromise into an account takeover.',
  practice: 'Besides AdministratorAccess, keelson also flags PowerUserAccess and IAMFullAccess, which reach the same end (IAMFullAccess can attach AdministratorAccess to itself).',
  remediation: {
    keelson: 'give the workload identity only the actions it needs in its policy statements',
    eksctl: 'replace AdministratorAccess in iam.serviceAccounts[].attachPolicyARNs with a scoped policy (attachPolicy or wellKnownPolicies)',
    cloudformation: 'remove AdministratorAccess from ManagedPolicyArns and list the needed actions instead of "*" in the role\'s policies',
    terraform: 'attach a scoped aws_iam_policy instead of arn:aws:iam::aws:policy/AdministratorAccess; no "*" in actions',
  },
  ...roleTargets(isPodRole),
  check(r, ctx) {
    const out: Verdict[] = [];
    for (const m of r.managedPolicies) {
      if (m.value === undefined) out.push(ctx.notEvaluated(`${r.name}: ${m.unresolved ?? 'a managed policy is unknown'}`, m.at, { sub: 'admin' }));
      else if (ADMIN.has(m.value)) out.push(ctx.fail(`pod role ${r.name} has ${m.value}`, m.at, { sub: 'admin' }));
    }
    for (const s of r.statements) {
      if (s.effect !== 'Allow') continue;
      if (s.notAction) out.push(ctx.fail(`pod role ${r.name} allows NotAction: everything except ${s.actions.join(', ')}`, s.at, { sub: 'action-star' }));
      else if (s.actions.some((a) => a === '*' || a === '*:*')) out.push(ctx.fail(`pod role ${r.name} allows "Action": "*"`, s.at, { sub: 'action-star' }));
    }
    return out;
  },
});
