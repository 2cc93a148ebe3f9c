import type { Inventory, K8sObject, RoleFact } from '../../sources/inventory.js';
import { objectsOfKind } from '../../sources/inventory.js';
import { child } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { isIrsaTrust } from '../internal/iam.js';
import type { RemediationFormat, RuleContext, Verdict } from '../types.js';

const ROLE_ARN = 'eks.amazonaws.com/role-arn';

/** A ServiceAccount whose IRSA annotation names a role: judged with the role, or not evaluated without it. */
interface AnnotatedServiceAccount {
  readonly object: K8sObject;
  readonly roleName: string;
}

type Target = RoleFact | AnnotatedServiceAccount;

const isAccount = (t: Target): t is AnnotatedServiceAccount => 'object' in t;

/** `arn:aws:iam::123456789012:role/path/name` -> `name`: IAM role names are unique per account, paths aside. */
export function roleNameOfArn(arn: string): string | undefined {
  const m = /^arn:[^:]+:iam::[^:]*:role\/(?:.*\/)?([^/]+)$/.exec(arn.trim());
  return m ? m[1] : undefined;
}

function annotated(inv: Inventory): AnnotatedServiceAccount[] {
  return objectsOfKind(inv, 'ServiceAccount', '').flatMap((object) => {
    const arn = object.annotations[ROLE_ARN];
    const roleName = arn === undefined ? undefined : roleNameOfArn(arn);
    return roleName ? [{ object, roleName }] : [];
  });
}

/** The ServiceAccounts of the inputs that name this role in their IRSA annotation. */
function accountsOf(r: RoleFact, inv: Inventory): AnnotatedServiceAccount[] {
  return r.roleName === undefined ? [] : annotated(inv).filter((a) => a.roleName === r.roleName);
}

function annotationAt(a: AnnotatedServiceAccount) {
  return child(a.object.at, 'metadata', 'annotations', ROLE_ARN);
}

/** A role with no IRSA trust statement cannot be what an IRSA annotation points at. */
function checkAccount(a: AnnotatedServiceAccount, ctx: RuleContext): Verdict[] {
  const roles = ctx.inventory.roles.filter((r) => r.roleName === a.roleName);
  const who = `ServiceAccount ${a.object.namespace ?? '(no namespace)'}/${a.object.name}`;
  if (roles.length === 0) return [ctx.notEvaluated(`${who} uses role ${a.roleName}, which is not defined in the inputs (a role is matched by its fixed name: RoleName, name, or eksctl's roleName)`, annotationAt(a), { sub: 'service-account' })];
  return roles.flatMap((r) => {
    if (r.trust.some(isIrsaTrust)) return [];
    const open = r.trust.find((t) => t.conditions.unresolved);
    if (open) return [ctx.notEvaluated(`trust policy of ${r.name}: ${open.conditions.unresolved}`, open.at, { sub: 'service-account' })];
    return [ctx.fail(`${who} uses role ${r.name} through IRSA, but its trust policy trusts no OIDC provider with sts:AssumeRoleWithWebIdentity`, r.trust[0]?.at ?? r.at, { sub: 'service-account' })];
  });
}

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
    terraform: 'in the role\'s aws_iam_policy_document: condition { test = "StringEquals", variable = "${replace(aws_iam_openid_connect_provider.eks.url, "https://", "")}:sub", values = ["system:serviceaccount:NS:SA"] } and the same for :aud with "sts.amazonaws.com"',
    kubernetes: 'point eks.amazonaws.com/role-arn at a role whose trust policy pins system:serviceaccount:NS:SA of this ServiceAccount, and check that role\'s template or Terraform together with the manifests',
  },
  targets: (inv: Inventory): readonly Target[] => [...inv.roles.filter((r) => r.trust.some(isIrsaTrust)), ...annotated(inv)],
  locate: (t: Target) => (isAccount(t) ? annotationAt(t) : t.at),
  format: (t: Target): RemediationFormat => (isAccount(t) ? 'kubernetes' : t.source),
  check(t, ctx) {
    if (isAccount(t)) return checkAccount(t, ctx);
    const r = t;
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
      // Cross-file: each ServiceAccount that names this role must be the one its trust pins.
      const pinned = sub.filter((s) => s.op === 'StringEquals').flatMap((s) => s.values);
      for (const a of accountsOf(r, ctx.inventory)) {
        const who = `ServiceAccount ${a.object.namespace ?? '(no namespace)'}/${a.object.name}`;
        if (a.object.namespace === undefined) {
          out.push(ctx.notEvaluated(`${who} uses ${r.name}, but its namespace is given only at apply time (kubectl -n)`, c.at, { sub: 'service-account' }));
          continue;
        }
        const expected = `system:serviceaccount:${a.object.namespace}:${a.object.name}`;
        if (sub.length > 0 && !pinned.includes(expected)) {
          out.push(ctx.fail(`${who} uses ${r.name}, whose trust pins ${pinned.length > 0 ? pinned.map((v) => `"${v}"`).join(', ') : 'no service account with StringEquals'}, not "${expected}"`, c.at, { sub: 'service-account' }));
        }
      }
    }
    return out;
  },
});
