import { defineRule } from '../define-rule.js';
import { judgeFeature } from '../internal/features.js';
import { clusterTargets } from '../internal/targets.js';

export default defineRule({
  id: 'CP-OIDC',
  title: 'An IAM OIDC provider (IRSA) or the EKS Pod Identity agent is present',
  severity: 'high',
  area: 'control-plane',
  evidence: ['DEF', 'LIVE'],
  rationale: 'Without an IAM OIDC provider for the cluster\'s issuer (IRSA) or the EKS Pod Identity agent, pods cannot get their own AWS credentials, and teams fall back to the node instance role, which every pod on the node shares.',
  practice: 'The guide sets up IRSA (an OIDC provider). AWS now recommends EKS Pod Identity for new workloads: no OIDC provider per cluster and no trust-policy editing. Either satisfies this rule; keelson installs the Pod Identity agent by default.',
  remediation: {
    keelson: 'keep addons.podIdentityAgent.enabled: true (the default)',
    eksctl: 'set iam.withOIDC: true, or add the eks-pod-identity-agent add-on under addons',
    cloudformation: 'add an AWS::IAM::OIDCProvider for the cluster\'s OpenIdConnectIssuerUrl, or an AWS::EKS::Addon eks-pod-identity-agent',
    terraform: 'set enable_irsa = true in the eks module (or an aws_iam_openid_connect_provider), or add the eks-pod-identity-agent add-on',
  },
  ...clusterTargets,
  check(c, ctx) {
    return judgeFeature(c, ctx, ['oidcProvider', 'podIdentityAgent'], 'no IAM OIDC provider (IRSA) and no EKS Pod Identity agent', () => [
      ctx.fail(`cluster ${c.name} has neither an IAM OIDC provider nor the eks-pod-identity-agent add-on in the inputs`, c.at),
    ]);
  },
});
