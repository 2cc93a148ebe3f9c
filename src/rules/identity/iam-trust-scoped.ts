import { defineRule } from '../define-rule.js';
import { isIrsaTrust, roleTargets } from '../internal/iam.js';
import type { Verdict } from '../types.js';

const SA = /^system:serviceaccount:[a-z0-9]([-a-z0-9]*[a-z0-9])?:[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/;

export default defineRule({
  id: 'IAM-TRUST-SCOPED',
  title: 'IRSA trust policies pin one service account with StringEquals and the STS audience',
  severity: 'critical',
  area: 'identity',
  evidence: ['DEF', 'LIVE'],
  rationale: 'An IRSA role trusts tokens of the cluster\'s OIDC issuer. Without a StringEquals condition on `<issuer>:sub` = `system:serviceaccount:NS:SA`, any service account in the cluster (or, with a wildcard, a whole family of them) can assume the role; without `<issuer>:aud` = sts.amazonaws.com, tokens minted for other audiences are accepted too.',
  practice: 'EKS Pod Identity (pods.eks.amazonaws.com) avoids hand-written trust conditions altogether: the association names the namespace and service account. keelson uses Pod Identity for its own roles and IRSA only where asked; both are accepted by IAM-IRSA, and this rule judges the IRSA ones.',
  remediation: {
    keelson: 'keelson writes StringEquals on sub and aud for every IRSA role it creates; remove hand-edited trust policies',
    eksctl: 'declare the role under iam.serviceAccounts (eksctl writes a scoped trust policy) instead of attachRoleARN with a hand-written trust',
    cloudformation: 'Condition: {StringEquals: {"<issuer>:sub": "system:serviceaccount:NS:SA", "<issuer>:aud": "sts.amazonaws.com"}} (CDK: new iam.OpenIdConnectPrincipal(provider).withConditions via CfnJson, or ServiceAccount)',
    terraform: 'condition { test = "StringEquals" variable = "${provider}:sub" values = ["system:serviceaccount:NS:SA"] } and the same for :aud with sts.amazonaws.com',
  },
  ...roleTargets((r) => r.trust.some(isIrsaTrust)),
  check(r, ctx) {
    const out: Verdict[] = [];
    for (const t of r.trust.filter(isIrsaTrust)) {
      const c = t.conditions;
      if (c.value === undefined) {
        out.push(ctx.notEvaluated(`trust conditions of ${r.name}: ${c.unresolved ?? 'unknown'}`, c.at));
        continue;
      }
      const keyed = (suffix: string) => Object.entries(c.value!).flatMap(([op, body]) => Object.entries(body).filter(([k]) => k.endsWith(suffix)).map(([, v]) => ({ op, values: (Array.isArray(v) ? v : [v]).map(String) })));
      const sub = keyed(':sub');
      const aud = keyed(':aud');
      if (sub.length === 0) out.push(ctx.fail(`${r.name} trusts the cluster's OIDC issuer without a :sub condition: every service account can assume it`, c.at, { sub: 'sub' }));
      for (const s of sub) {
        if (s.op !== 'StringEquals') out.push(ctx.fail(`${r.name} matches :sub with ${s.op}, not StringEquals`, c.at, { sub: 'string-equals' }));
        const loose = s.values.filter((v) => v.includes('*') || v.includes('?') || !SA.test(v));
        if (loose.length > 0) out.push(ctx.fail(`${r.name} trusts ${loose.map((v) => `"${v}"`).join(', ')}: not one system:serviceaccount:NS:SA`, c.at, { sub: 'wildcard' }));
      }
      if (!aud.some((a) => a.op === 'StringEquals' && a.values.length === 1 && a.values[0] === 'sts.amazonaws.com')) {
        out.push(ctx.fail(`${r.name} does not require :aud = sts.amazonaws.com (StringEquals)`, c.at, { sub: 'aud' }));
      }
    }
    return out;
  },
});
