import { isRecord } from '../../sources/detect.js';
import { valueAt } from '../../sources/fact.js';
import type { Inventory, K8sObject, RoleFact, WorkloadFact } from '../../sources/inventory.js';
import { objectsOfKindIn } from '../../sources/inventory.js';
import { child } from '../../sources/location.js';
import type { At } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { definedAddons } from '../internal/addon-specs.js';
import { workloadsMatching } from '../internal/components.js';
import { cfnResources, keelsonDefinitions, rawAt, tfBlocks } from '../internal/definitions.js';
import { isIrsaTrust } from '../internal/iam.js';
import { describeWorkload } from '../internal/targets.js';
import type { RemediationFormat, RuleContext, Verdict } from '../types.js';

/** Environment variables that show a container calls AWS (the SDKs read them), or holds long-lived keys. */
const AWS_ENV = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ROLE_ARN', 'AWS_PROFILE'];
const STATIC_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];
const AWS_OR_KEY_ENV = [...AWS_ENV, ...STATIC_KEYS];
const ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';

/** A Pod Identity association (or an IRSA service account a definition creates) for namespace/serviceAccount. */
interface Association {
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly mode: 'podIdentity' | 'irsa';
  readonly source: RemediationFormat;
  readonly at: At;
}

function associations(inv: Inventory): Association[] {
  const out: Association[] = [];
  for (const r of cfnResources(inv, 'AWS::EKS::PodIdentityAssociation')) {
    const ns = r.properties.Namespace;
    const sa = r.properties.ServiceAccount;
    if (typeof ns === 'string' && typeof sa === 'string') out.push({ namespace: ns, serviceAccount: sa, mode: 'podIdentity', source: 'cloudformation', at: r.at });
  }
  for (const b of tfBlocks(inv, 'resource', 'aws_eks_pod_identity_association')) {
    const ns = b.value.namespace;
    const sa = b.value.service_account;
    if (typeof ns === 'string' && typeof sa === 'string') out.push({ namespace: ns, serviceAccount: sa, mode: 'podIdentity', source: 'terraform', at: b.at });
  }
  for (const c of inv.clusters.filter((x) => x.source === 'eksctl')) {
    const root: At = { origin: c.at.origin, path: c.at.path.slice(0, -1) };
    const raw = rawAt(inv, root);
    for (const [key, mode] of [['podIdentityAssociations', 'podIdentity'], ['serviceAccounts', 'irsa']] as const) {
      const list = valueAt(raw, ['iam', key]);
      if (!Array.isArray(list)) continue;
      list.forEach((a, i) => {
        const ns = mode === 'podIdentity' ? valueAt(a, ['namespace']) : valueAt(a, ['metadata', 'namespace']) ?? 'default';
        const sa = mode === 'podIdentity' ? valueAt(a, ['serviceAccountName']) : valueAt(a, ['metadata', 'name']);
        if (typeof ns === 'string' && typeof sa === 'string') out.push({ namespace: ns, serviceAccount: sa, mode, source: 'eksctl', at: child(root, 'iam', key, i) });
      });
    }
  }
  for (const k of keelsonDefinitions(inv)) {
    k.definition.workloadIdentities.forEach((w, i) => out.push({ namespace: w.namespace, serviceAccount: w.serviceAccount, mode: w.mode, source: 'keelson', at: child(k.at, 'workloadIdentities', i) }));
  }
  return out;
}

type Target = { readonly kind: 'workload'; readonly w: WorkloadFact } | { readonly kind: 'association'; readonly a: Association };

/** A container env entry by name, located. */
function envEntries(w: WorkloadFact, names: readonly string[]): { name: string; at: At; fromSecret: boolean }[] {
  const out: { name: string; at: At; fromSecret: boolean }[] = [];
  for (const c of w.containers) {
    const env = c.value.env;
    if (!Array.isArray(env)) continue;
    env.forEach((e, i) => {
      if (isRecord(e) && typeof e.name === 'string' && names.includes(e.name)) out.push({ name: e.name, at: child(c.at, 'env', i), fromSecret: valueAt(e, ['valueFrom', 'secretKeyRef']) !== undefined });
    });
  }
  return out;
}

function serviceAccountOf(inv: Inventory, w: WorkloadFact): { name: string; object: K8sObject | undefined } {
  const name = typeof w.podSpec.serviceAccountName === 'string' ? w.podSpec.serviceAccountName : typeof w.podSpec.serviceAccount === 'string' ? w.podSpec.serviceAccount : 'default';
  const object = objectsOfKindIn(inv, 'ServiceAccount', '', w.object.namespace).find((o) => o.name === name);
  return { name, object };
}

/** IAM string condition matching: StringLike globs (`*`, `?`), StringEquals exact. */
function conditionAdmits(op: string, expected: unknown, actual: string): boolean {
  const values = Array.isArray(expected) ? expected.map(String) : [String(expected)];
  if (op.startsWith('StringLike') || op.startsWith('ForAnyValue:StringLike')) {
    return values.some((v) => new RegExp(`^${v.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(actual));
  }
  return values.includes(actual);
}

/** Whether a role's trust lets this service account assume it with a web identity; undefined when unknown. */
function trustsServiceAccount(role: RoleFact, ns: string, sa: string): boolean | undefined {
  const subject = `system:serviceaccount:${ns}:${sa}`;
  let unknown = false;
  for (const t of role.trust.filter(isIrsaTrust)) {
    if (t.conditions.unresolved) {
      unknown = true;
      continue;
    }
    const conds = t.conditions.value ?? {};
    const subs = Object.entries(conds).flatMap(([op, kv]) => Object.entries(kv).filter(([k]) => k.endsWith(':sub')).map(([, v]) => [op, v] as const));
    if (subs.length === 0 || subs.every(([op, v]) => conditionAdmits(op, v, subject))) return true;
  }
  return unknown ? undefined : false;
}

function judgeWorkload(w: WorkloadFact, ctx: RuleContext): Verdict[] {
  const inv = ctx.inventory;
  const who = describeWorkload(w);
  const out: Verdict[] = [];
  for (const k of envEntries(w, STATIC_KEYS)) {
    out.push(ctx.fail(`${who} passes long-lived AWS keys (${k.name}${k.fromSecret ? ' from a Secret' : ''}) instead of a role for its service account`, k.at, { sub: 'static-keys', fix: 'remove the keys; give the service account a role through Pod Identity or IRSA and rotate the keys out' }));
  }
  const sa = serviceAccountOf(inv, w);
  const ns = w.object.namespace ?? 'default';
  const arn = sa.object?.annotations[ROLE_ANNOTATION];
  if (arn !== undefined) {
    // Cross-file: the annotated role, when a definition in the inputs holds it, must trust this service account.
    const roleName = arn.split('/').pop();
    const role = inv.roles.find((r) => r.roleName !== undefined && r.roleName === roleName);
    if (role) {
      const trusted = trustsServiceAccount(role, ns, sa.name);
      const at = child(sa.object!.at, 'metadata', 'annotations', ROLE_ANNOTATION);
      if (trusted === false) out.push(ctx.fail(`${who}: ServiceAccount ${ns}/${sa.name} names role ${roleName}, whose trust policy does not admit system:serviceaccount:${ns}:${sa.name}; AssumeRoleWithWebIdentity is denied and the SDK falls back to the node instance profile`, at, { sub: 'trust' }));
      else if (trusted === undefined) out.push(ctx.notEvaluated(`${who}: the trust policy of role ${roleName} is known only at deploy time`, at, { sub: 'trust' }));
    }
    return out;
  }
  if (associations(inv).some((a) => a.namespace === ns && a.serviceAccount === sa.name)) return out;
  const signal = envEntries(w, AWS_OR_KEY_ENV)[0];
  if (!signal || out.length > 0) return out;
  const where = sa.object ? child(sa.object.at, 'metadata', 'annotations') : child(w.object.at, 'spec');
  const message = `${who} calls AWS (${signal.name}) but ServiceAccount ${ns}/${sa.name} has no ${ROLE_ANNOTATION} annotation and no Pod Identity association`;
  // Without a cluster definition in the inputs, an association made elsewhere cannot be ruled out.
  if (inv.clusters.length === 0 && !sa.object) return [ctx.notEvaluated(`${message} in the inputs (ServiceAccount not in the inputs either)`, where, { sub: 'no-role' })];
  if (inv.clusters.length === 0) return [ctx.notEvaluated(`${message} in the inputs; an association may live in a cluster definition that is not among them`, where, { sub: 'no-role' })];
  return [ctx.fail(`${message}: its AWS SDK falls back to the node instance profile`, where, { sub: 'no-role' })];
}

function podIdentityAgent(inv: Inventory): boolean {
  return definedAddons(inv).some((a) => a.name === 'eks-pod-identity-agent') || workloadsMatching(inv, /eks-pod-identity-agent/, ['DaemonSet']).length > 0;
}

export default defineRule({
  id: 'IAM-IRSA',
  title: 'Workloads reach AWS through IRSA or Pod Identity, not the node instance profile',
  severity: 'high',
  area: 'identity',
  evidence: ['DEF', 'K8S', 'LIVE'],
  checklist: 5,
  rationale: 'Through the node\'s instance profile every pod on a node shares the same AWS permissions — the blast-radius anti-pattern the guide warns about. A workload that calls AWS needs a role scoped to its own service account (IRSA, or EKS Pod Identity), and no long-lived access keys in its environment.',
  practice: 'The guide uses IRSA (an eks.amazonaws.com/role-arn annotation and an OIDC trust); AWS now recommends EKS Pod Identity on EKS 1.29+ (an association, no annotation), which needs the eks-pod-identity-agent add-on. Both pass. Node roles that carry workload permissions are IAM-NODE-ROLE-MINIMAL; IMDS hop limit 1, which keeps pods away from the instance profile, is NODE-IMDSV2.',
  remediation: {
    keelson: 'add the service account to workloadIdentities (mode: podIdentity), and keep addons.podIdentityAgent enabled',
    eksctl: 'add iam.podIdentityAssociations (with the eks-pod-identity-agent add-on) or iam.serviceAccounts (IRSA, iam.withOIDC: true) for the namespace and service account',
    cloudformation: 'add an AWS::EKS::PodIdentityAssociation for the namespace and service account, and an AWS::EKS::Addon eks-pod-identity-agent',
    terraform: 'add aws_eks_pod_identity_association (namespace, service_account, role_arn) and the eks-pod-identity-agent add-on',
    kubernetes: 'annotate the ServiceAccount with eks.amazonaws.com/role-arn (IRSA) or create a Pod Identity association for it; remove AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY',
  },
  targets(inv: Inventory): readonly Target[] {
    const workloads: Target[] = inv.workloads
      .filter((w) => envEntries(w, AWS_OR_KEY_ENV).length > 0 || serviceAccountOf(inv, w).object?.annotations[ROLE_ANNOTATION] !== undefined)
      .map((w) => ({ kind: 'workload', w }));
    // eksctl installs the agent add-on itself when the config lists podIdentityAssociations.
    return [...workloads, ...associations(inv).filter((a) => a.mode === 'podIdentity' && a.source !== 'eksctl').map((a): Target => ({ kind: 'association', a }))];
  },
  locate: (t: Target) => (t.kind === 'workload' ? t.w.object.at : t.a.at),
  format: (t: Target): RemediationFormat => (t.kind === 'workload' ? 'kubernetes' : t.a.source),
  check(t, ctx) {
    if (t.kind === 'workload') return judgeWorkload(t.w, ctx);
    if (podIdentityAgent(ctx.inventory)) return [];
    return [ctx.fail(`Pod Identity association for ${t.a.namespace}/${t.a.serviceAccount}, but the eks-pod-identity-agent add-on is not installed: its pods get no credentials from it and fall back to the node instance profile`, t.a.at, { sub: 'agent' })];
  },
});
