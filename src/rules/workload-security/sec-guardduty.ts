import { defineRule } from '../define-rule.js';
import { judgeFeature } from '../internal/features.js';
import { clusterTargets } from '../internal/targets.js';

export default defineRule({
  id: 'SEC-GUARDDUTY',
  title: 'GuardDuty EKS runtime monitoring is on',
  severity: 'medium',
  area: 'workload-security',
  evidence: ['DEF', 'LIVE'],
  checklist: 20,
  rationale: 'The guide turns on GuardDuty EKS Runtime Monitoring so that crypto miners, reverse shells and privilege escalation inside containers raise findings; audit-log monitoring alone does not see what runs inside a pod.',
  practice: 'GuardDuty now offers one RUNTIME_MONITORING feature (EKS, ECS and EC2) besides the older EKS_RUNTIME_MONITORING; either counts. The detector is account-wide and often in another stack: without one in the inputs the rule is not evaluated.',
  remediation: {
    keelson: 'set addons.guardDuty.enabled: true (the default)',
    eksctl: 'eksctl does not manage GuardDuty: enable EKS Runtime Monitoring in the account (aws guardduty update-detector --features Name=EKS_RUNTIME_MONITORING,Status=ENABLED)',
    cloudformation: 'add Features: [{Name: EKS_RUNTIME_MONITORING, Status: ENABLED}] (or RUNTIME_MONITORING) to the AWS::GuardDuty::Detector',
    terraform: 'add aws_guardduty_detector_feature { name = "EKS_RUNTIME_MONITORING" status = "ENABLED" }',
  },
  ...clusterTargets,
  check(c, ctx) {
    return judgeFeature(c, ctx, ['guardDutyEksRuntime'], 'GuardDuty EKS runtime monitoring is off', () => [
      ctx.notEvaluated('GuardDuty is an account setting and no detector is in the inputs', c.at),
    ]);
  },
});
