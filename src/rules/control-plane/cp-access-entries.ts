import { defineRule } from '../define-rule.js';
import { clusterTargets } from '../internal/targets.js';

export default defineRule({
  id: 'CP-ACCESS-ENTRIES',
  title: 'Authentication uses access entries, not only the aws-auth ConfigMap',
  severity: 'medium',
  area: 'control-plane',
  evidence: ['DEF', 'LIVE'],
  rationale: 'Access entries (authentication mode API or API_AND_CONFIG_MAP) are managed through the EKS API and CloudTrail-audited; a hand-edited aws-auth ConfigMap is neither, and one bad edit locks every admin out.',
  practice: 'AWS now recommends API alone; API_AND_CONFIG_MAP is accepted here as the migration step.',
  remediation: {
    keelson: 'set access.authenticationMode: API (the default)',
    eksctl: 'set accessConfig.authenticationMode: API',
    cloudformation: 'set AccessConfig.AuthenticationMode: API',
    terraform: 'aws_eks_cluster: access_config { authentication_mode = "API" }; terraform-aws-modules/eks: authentication_mode = "API" (the default API_AND_CONFIG_MAP still reads aws-auth)',
  },
  ...clusterTargets,
  check(c, ctx) {
    const m = c.authenticationMode;
    if (m.unresolved) return [ctx.notEvaluated(`authentication mode: ${m.unresolved}`, m.at)];
    if (m.value === 'API' || m.value === 'API_AND_CONFIG_MAP') return [];
    return [ctx.fail(`authentication mode is ${String(m.value)}${m.defaulted ? ' (the default)' : ''}: only the aws-auth ConfigMap maps IAM principals`, m.at)];
  },
});
