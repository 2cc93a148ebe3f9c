/**
 * Terraform IAM roles into the role facts the CloudFormation and eksctl readers produce: `aws_iam_role` with its
 * trust policy (a JSON heredoc, `jsonencode({...})`, or an `aws_iam_policy_document` data source in the inputs),
 * `managed_policy_arns`, inline policies, `aws_iam_role_policy`, and `aws_iam_role_policy_attachment` (a customer
 * managed `aws_iam_policy` in the inputs is read too). The OIDC issuer inside a condition key, known only at apply
 * time, is kept as `<issuer>` so `<issuer>:sub` can still be judged; an unknown condition value makes the conditions
 * unresolved, never a pass.
 */
import { child } from '../location.js';
import type { At } from '../location.js';
import { isRecord } from '../detect.js';
import type { Fact } from '../fact.js';
import type { PolicyStatementFact, RoleFact, TrustFact } from '../inventory.js';
import { policyName } from '../cloudformation/cfn-iam.js';
import { firstUnknown, MARK, PLACEHOLDER, TfRef, Unknown } from './tf-expr.js';
import type { ConfigModel, TfInstance } from './tf-config.js';
import { isEksModule } from './tf-eks-module.js';

/** A statement in IAM's JSON shape, with where it is written. */
interface Statement {
  readonly at: At;
  readonly conditionAt: At;
  readonly body: Record<string, unknown>;
}

type Doc = { statements: Statement[] } | { unresolved: string };

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

function text(v: unknown): string {
  if (typeof v === 'string') return v.replace(PLACEHOLDER, '<$1>');
  if (v instanceof TfRef) return `<${v.text}>`;
  if (v instanceof Unknown) return '<unknown>';
  return JSON.stringify(v);
}

/** An IAM JSON document (parsed from a heredoc, or what jsonencode encodes) as statements located at `at`. */
function jsonDoc(doc: unknown, at: At): Doc {
  if (!isRecord(doc) || doc instanceof Unknown || doc instanceof TfRef) return { unresolved: 'the policy is not a JSON object' };
  const st = doc.Statement;
  const list = Array.isArray(st) ? st : isRecord(st) ? [st] : [];
  return { statements: list.filter(isRecord).map((body, i) => ({ at: Array.isArray(st) ? child(at, 'Statement', i) : child(at, 'Statement'), conditionAt: at, body })) };
}

/** An aws_iam_policy_document data source in IAM's JSON shape, each statement at its block. */
function dataDoc(m: ConfigModel, d: TfInstance): Doc {
  const env = { ...d.env, placeholders: true };
  const blocks = isRecord(d.value) ? asList(d.value.statement) : [];
  return {
    statements: blocks.filter(isRecord).map((b, i) => {
      const at = Array.isArray(isRecord(d.value) ? d.value.statement : undefined) ? child(d.at, 'statement', i) : child(d.at, 'statement');
      const ev = (k: string): unknown => (b[k] === undefined ? undefined : m.evaluate(b[k], env));
      const body: Record<string, unknown> = { Effect: ev('effect') ?? 'Allow' };
      if (b.not_actions !== undefined) body.NotAction = ev('not_actions');
      else body.Action = ev('actions');
      const principal: Record<string, unknown[]> = {};
      for (const p of asList(b.principals).filter(isRecord)) {
        const type = m.evaluate(p.type, env);
        principal[String(type)] = [...(principal[String(type)] ?? []), ...asList(m.evaluate(p.identifiers, env))];
      }
      if (Object.keys(principal).length > 0) body.Principal = principal;
      const condition: Record<string, Record<string, unknown>> = {};
      for (const c of asList(b.condition).filter(isRecord)) {
        const test = m.evaluate(c.test, env);
        const variable = m.evaluate(c.variable, env);
        const key = typeof variable === 'string' ? variable : `${MARK}${text(variable)}${MARK}`;
        condition[String(test)] = { ...(condition[String(test)] ?? {}), [key]: m.evaluate(c.values, env) };
      }
      if (Object.keys(condition).length > 0) body.Condition = condition;
      const condAt = b.condition === undefined ? at : child(at, 'condition', 0);
      return { at, conditionAt: condAt, body };
    }),
  };
}

/** A policy argument (`assume_role_policy`, `policy`): a reference to a data source, jsonencode, or JSON text. */
function policyDoc(m: ConfigModel, owner: TfInstance | { value: unknown; at: At; env: TfInstance['env'] }, name: string): Doc {
  const raw = isRecord(owner.value) ? owner.value[name] : undefined;
  const at = child(owner.at, name);
  if (raw === undefined || raw === null) return { statements: [] };
  const v = m.evaluate(raw, { ...owner.env, placeholders: true });
  if (v instanceof TfRef && v.ref.startsWith('data.aws_iam_policy_document.')) {
    const d = m.instances('aws_iam_policy_document', 'data').filter((x) => x.address.replace(/\[[^\]]*\]$/, '') === v.ref);
    const one = d.find((x) => v.index === undefined || x.key === v.index) ?? d[0];
    return one ? dataDoc(m, one) : { unresolved: `${v.ref} is not defined in these files` };
  }
  if (typeof v === 'string') {
    try {
      // A placeholder inside JSON text (a heredoc, a template) is escaped as JSON: its marker is a control character
      // and its text an expression that may hold quotes.
      return jsonDoc(JSON.parse(v.replace(PLACEHOLDER, (_, t: string) => `\\u0000${JSON.stringify(t).slice(1, -1)}\\u0000`)) as unknown, at);
    } catch {
      return { unresolved: `${name} is not valid JSON` };
    }
  }
  if (isRecord(v) && !(v instanceof Unknown) && !(v instanceof TfRef)) return jsonDoc(v, at);
  return { unresolved: `${name}: ${firstUnknown(v)?.reason ?? 'not a policy document'}` };
}

function strings(v: unknown): string[] {
  return asList(v).map(text);
}

/** Conditions with the issuer written `<issuer>` in keys; a value known only at apply time leaves them unresolved. */
function conditionsOf(raw: unknown, at: At): Fact<Record<string, Record<string, unknown>>> {
  if (raw === undefined) return { value: {}, at, defaulted: true };
  if (!isRecord(raw)) return { value: undefined, at, unresolved: 'the Condition is not an object' };
  const out: Record<string, Record<string, unknown>> = {};
  for (const [op, body] of Object.entries(raw)) {
    if (!isRecord(body) || body instanceof Unknown || body instanceof TfRef) return { value: undefined, at, unresolved: `the ${op} condition: ${firstUnknown(body)?.reason ?? 'not an object'}` };
    const keyed: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(body)) {
      const values = asList(v);
      const open = values.find((x) => typeof x !== 'string' || x.includes(MARK));
      if (open !== undefined) return { value: undefined, at, unresolved: `the ${op} condition on ${k.replace(PLACEHOLDER, '<issuer>')}: ${typeof open === 'string' ? `"${text(open)}" is known only at plan or apply time` : (firstUnknown(open)?.reason ?? 'not a string')}` };
      keyed[k.replace(PLACEHOLDER, '<issuer>')] = Array.isArray(v) && v.length === 1 ? v[0] : v;
    }
    out[op] = keyed;
  }
  return { value: out, at };
}

function trustOf(doc: Doc, at: At): TrustFact[] {
  if ('unresolved' in doc) return [{ at, services: [], federated: false, actions: [], conditions: { value: undefined, at, unresolved: doc.unresolved } }];
  return doc.statements.map((s) => {
    const principal = s.body.Principal;
    return {
      at: s.at,
      services: isRecord(principal) ? strings(principal.Service) : [],
      federated: isRecord(principal) && principal.Federated !== undefined,
      actions: strings(s.body.Action),
      conditions: conditionsOf(s.body.Condition, s.conditionAt),
    };
  });
}

function statementsOf(doc: Doc): PolicyStatementFact[] {
  if ('unresolved' in doc) return [];
  return doc.statements.map((s) => {
    const notAction = s.body.NotAction !== undefined;
    return { at: s.at, effect: String(s.body.Effect ?? 'Allow'), actions: strings(notAction ? s.body.NotAction : s.body.Action), notAction };
  });
}

/** Whether an argument (`role = aws_iam_role.x.name`, or the role's name as text) names this role. */
function namesRole(v: unknown, role: TfInstance, roleName: string | undefined): boolean {
  if (v instanceof TfRef) return v.ref === role.address.replace(/\[[^\]]*\]$/, '') && (v.index === undefined || v.index === role.key);
  return typeof v === 'string' && roleName !== undefined && (v === roleName || v.endsWith(`:role/${roleName}`));
}

const EC2_TRUST = (at: At): TrustFact => ({ at, services: ['ec2.amazonaws.com'], federated: false, actions: ['sts:AssumeRole'], conditions: { value: {}, at, defaulted: true } });

/**
 * The node roles terraform-aws-modules/eks creates for its managed node groups: the module's own policies (worker,
 * registry read, and CNI unless iam_role_attach_cni_policy = false) plus iam_role_additional_policies, of the group or
 * of eks_managed_node_group_defaults. A group with create_iam_role = false uses a role defined elsewhere.
 */
function moduleNodeRoles(m: ConfigModel): RoleFact[] {
  const out: RoleFact[] = [];
  for (const mod of m.modules()) {
    if (!isEksModule(m.scope, mod) || !isRecord(mod.value)) continue;
    const groupsRaw = mod.value.eks_managed_node_groups;
    const groups = m.evaluate(groupsRaw, mod.env);
    const defaults = m.evaluate(mod.value.eks_managed_node_group_defaults, mod.env);
    if (!isRecord(groups) || groups instanceof Unknown || groups instanceof TfRef) continue;
    const inline = isRecord(groupsRaw);
    for (const [key, g] of Object.entries(groups)) {
      if (!isRecord(g)) continue;
      const gAt = inline ? child(mod.at, 'eks_managed_node_groups', key) : child(mod.at, 'eks_managed_node_groups');
      const pick = (k: string): { value: unknown; at: At } | undefined => {
        if (g[k] !== undefined) return { value: g[k], at: inline ? child(gAt, k) : gAt };
        if (isRecord(defaults) && defaults[k] !== undefined) return { value: defaults[k], at: child(mod.at, 'eks_managed_node_group_defaults', k) };
        return undefined;
      };
      if (pick('create_iam_role')?.value === false) continue;
      const managed: Fact<string>[] = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly'].map((p) => ({ value: p, at: gAt, defaulted: true }));
      if (pick('iam_role_attach_cni_policy')?.value !== false) managed.push({ value: 'AmazonEKS_CNI_Policy', at: gAt, defaulted: true });
      const extra = pick('iam_role_additional_policies');
      if (extra && isRecord(extra.value) && !(extra.value instanceof Unknown)) {
        for (const [name, arn] of Object.entries(extra.value)) {
          const at = inline && extra.at.path.length > 0 ? child(extra.at, name) : extra.at;
          managed.push(typeof arn === 'string' ? { value: policyName(arn), at } : { value: undefined, at, unresolved: `iam_role_additional_policies.${name}: ${firstUnknown(arn)?.reason ?? 'not an ARN'}` });
        }
      } else if (extra) managed.push({ value: undefined, at: extra.at, unresolved: `iam_role_additional_policies: ${firstUnknown(extra.value)?.reason ?? 'not a map'}` });
      out.push({ source: 'terraform', name: `module.${mod.name} node group ${key}`, roleName: undefined, at: gAt, trust: [EC2_TRUST(gAt)], managedPolicies: managed, statements: [], usedByNodes: true, addonPolicies: [] });
    }
  }
  return out;
}

const IRSA_MODULE = /^(registry\.terraform\.io\/)?terraform-aws-modules\/iam\/aws\/\/modules\/(iam-role-for-service-accounts-eks|iam-role-for-service-accounts)$|terraform-aws-modules\/terraform-aws-iam.*\/\/modules\/(iam-role-for-service-accounts-eks|iam-role-for-service-accounts)(\?.*)?$/;

/** The policies an IRSA module's attach_* switch makes the module create and attach (named by the switch). */
const ATTACH = /^attach_(\w+)_policy$/;

/**
 * The role terraform-aws-modules/iam's IRSA module creates (`iam-role-for-service-accounts-eks`, v5; renamed
 * `iam-role-for-service-accounts` in v6): one web-identity statement per `oidc_providers` entry, trusting exactly its
 * `namespace_service_accounts` ("ns:sa") under `assume_role_condition_test` (v6 `trust_condition_test`, StringEquals by
 * default) and the STS audience, as the module writes it. The role is named by `role_name` (v5) or by `name` when
 * `use_name_prefix = false` (v6, which adds a random suffix by default).
 */
function irsaModuleRoles(m: ConfigModel): RoleFact[] {
  const out: RoleFact[] = [];
  for (const mod of m.modules()) {
    if (!isRecord(mod.value)) continue;
    const src = m.evaluate(mod.value.source, mod.env);
    if (typeof src !== 'string' || !IRSA_MODULE.test(src)) continue;
    const body = mod.value;
    const input = (k: string): unknown => (body[k] === undefined || body[k] === null ? undefined : m.evaluate(body[k], { ...mod.env, placeholders: true }));
    const v6 = src.endsWith('iam-role-for-service-accounts');
    const named = v6 ? (input('use_name_prefix') === false || input('use_name_prefix') === 'false' ? input('name') : undefined) : input('role_name');
    const roleName = typeof named === 'string' && !named.includes(MARK) ? named : undefined;
    const testKey = v6 ? 'trust_condition_test' : 'assume_role_condition_test';
    const test = input(testKey) ?? 'StringEquals';
    const providersAt = child(mod.at, 'oidc_providers');
    const providers = input('oidc_providers');
    const trust: TrustFact[] = [];
    if (providers === undefined) trust.push({ at: mod.at, services: [], federated: false, actions: [], conditions: { value: undefined, at: mod.at, unresolved: 'oidc_providers is not set: the module trusts no service account' } });
    else if (!isRecord(providers) || providers instanceof Unknown || providers instanceof TfRef || firstUnknown(Object.values(providers).map((p) => (isRecord(p) ? p.namespace_service_accounts : p)))) {
      const why = firstUnknown(providers)?.reason ?? 'not a map';
      trust.push({ at: providersAt, services: [], federated: true, actions: ['sts:AssumeRoleWithWebIdentity'], conditions: { value: undefined, at: providersAt, unresolved: `oidc_providers: ${why}` } });
    } else {
      for (const [key, p] of Object.entries(providers)) {
        const at = isRecord(body.oidc_providers) ? child(providersAt, key) : providersAt;
        const arn = isRecord(p) ? p.provider_arn : undefined;
        // The module strips the ARN to the issuer (`oidc.eks.REGION.amazonaws.com/id/ID`); one known only at apply time is `<issuer>`.
        const issuer = typeof arn === 'string' && !arn.includes(MARK) ? arn.replace(/^(.*provider\/)/, '') : '<issuer>';
        const sas = isRecord(p) && Array.isArray(p.namespace_service_accounts) ? p.namespace_service_accounts : [];
        const subjects = sas.map((x) => (typeof x === 'string' ? `system:serviceaccount:${x}` : text(x)));
        const open = subjects.find((x) => x.includes(MARK) || x.includes('<'));
        const conditions: TrustFact['conditions'] = typeof test !== 'string' || test.includes(MARK)
          ? { value: undefined, at: child(mod.at, testKey), unresolved: `${testKey}: ${firstUnknown(test)?.reason ?? 'not a string'}` }
          : open !== undefined
            ? { value: undefined, at, unresolved: `namespace_service_accounts: "${open.replace(PLACEHOLDER, '<$1>')}" is known only at plan or apply time` }
            : { value: { [test]: { [`${issuer}:sub`]: subjects.length === 1 ? subjects[0] : subjects, [`${issuer}:aud`]: 'sts.amazonaws.com' } }, at };
        trust.push({ at, services: [], federated: true, actions: ['sts:AssumeRoleWithWebIdentity'], conditions });
      }
    }
    const managed: Fact<string>[] = [];
    for (const k of v6 ? ['policies', 'role_policy_arns'] : ['role_policy_arns']) {
      const v = input(k);
      if (v === undefined) continue;
      const at = child(mod.at, k);
      if (!isRecord(v) || v instanceof Unknown || v instanceof TfRef) managed.push({ value: undefined, at, unresolved: `${k}: ${firstUnknown(v)?.reason ?? 'not a map'}` });
      else for (const [name, arn] of Object.entries(v)) {
        const arnAt = isRecord(body[k]) ? child(at, name) : at;
        managed.push(typeof arn === 'string' && !arn.includes(MARK) ? { value: policyName(arn), at: arnAt } : { value: undefined, at: arnAt, unresolved: `${k}.${name}: ${firstUnknown(arn)?.reason ?? `"${text(arn)}" is known only at plan or apply time`}` });
      }
    }
    for (const k of Object.keys(body)) {
      const a = ATTACH.exec(k);
      if (a && input(k) === true) managed.push({ value: `the ${a[1]!.replace(/_/g, ' ')} policy module.${mod.name} creates (${k})`, at: child(mod.at, k) });
    }
    out.push({ source: 'terraform', name: `module.${mod.name}`, roleName, at: mod.at, trust, managedPolicies: managed, statements: [], usedByNodes: false, addonPolicies: [] });
  }
  return out;
}

export function roleFacts(m: ConfigModel): RoleFact[] {
  return [...resourceRoles(m), ...moduleNodeRoles(m), ...irsaModuleRoles(m)];
}

function resourceRoles(m: ConfigModel): RoleFact[] {
  const policies = m.instances('aws_iam_policy');
  const attachments = m.instances('aws_iam_role_policy_attachment');
  const inlineRes = m.instances('aws_iam_role_policy');
  const users = [...m.instances('aws_eks_node_group').map((n) => m.evaluate(isRecord(n.value) ? n.value.node_role_arn : undefined, n.env))];
  for (const e of m.instances('aws_eks_access_entry')) {
    const type = m.evaluate(isRecord(e.value) ? e.value.type : undefined, e.env);
    if (type === 'EC2_LINUX' || type === 'EC2_WINDOWS') users.push(m.evaluate(isRecord(e.value) ? e.value.principal_arn : undefined, e.env));
  }
  return m.instances('aws_iam_role').map((r): RoleFact => {
    const body = isRecord(r.value) ? r.value : {};
    const nameValue = body.name === undefined ? undefined : m.evaluate(body.name, r.env);
    const roleName = typeof nameValue === 'string' ? nameValue : undefined;
    const trust = r.unresolved
      ? [{ at: r.at, services: [], federated: false, actions: [], conditions: { value: undefined, at: r.at, unresolved: r.unresolved } }]
      : trustOf(policyDoc(m, r, 'assume_role_policy'), child(r.at, 'assume_role_policy'));
    const managed: Fact<string>[] = [];
    const statements: PolicyStatementFact[] = [];
    const policyArn = (v: unknown, at: At): void => {
      if (v instanceof TfRef && /(^|\.)aws_iam_policy\.[^.]+$/.test(v.ref)) {
        const p = policies.filter((x) => x.address.replace(/\[[^\]]*\]$/, '') === v.ref);
        for (const x of p) statements.push(...statementsOf(policyDoc(m, x, 'policy')));
        managed.push({ value: `${v.ref} (a policy in these files)`, at });
      } else if (typeof v === 'string') managed.push({ value: policyName(v), at });
      else managed.push({ value: undefined, at, unresolved: `policy ${text(v)}: ${firstUnknown(v)?.reason ?? 'unknown'}` });
    };
    const listed = body.managed_policy_arns === undefined ? undefined : m.evaluate(body.managed_policy_arns, r.env);
    if (listed !== undefined) {
      if (Array.isArray(listed)) listed.forEach((v, i) => policyArn(v, child(r.at, 'managed_policy_arns', i)));
      else policyArn(listed, child(r.at, 'managed_policy_arns'));
    }
    for (const a of attachments) {
      const role = m.evaluate(isRecord(a.value) ? a.value.role : undefined, a.env);
      if (!namesRole(role, r, roleName)) continue;
      policyArn(m.evaluate(isRecord(a.value) ? a.value.policy_arn : undefined, a.env), child(a.at, 'policy_arn'));
    }
    const inline = asList(body.inline_policy).filter(isRecord);
    inline.forEach((p, i) => statements.push(...statementsOf(policyDoc(m, { value: p, at: Array.isArray(body.inline_policy) ? child(r.at, 'inline_policy', i) : child(r.at, 'inline_policy'), env: r.env }, 'policy'))));
    for (const p of inlineRes) {
      const role = m.evaluate(isRecord(p.value) ? p.value.role : undefined, p.env);
      if (namesRole(role, r, roleName)) statements.push(...statementsOf(policyDoc(m, p, 'policy')));
    }
    return {
      source: 'terraform',
      name: r.address,
      roleName,
      at: r.at,
      trust,
      managedPolicies: managed,
      statements,
      usedByNodes: users.some((u) => namesRole(u, r, roleName)),
      addonPolicies: [],
    };
  });
}
