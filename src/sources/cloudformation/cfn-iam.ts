/**
 * CloudFormation IAM roles (and CDK output) into role facts: trust statements, managed policies, and the statements
 * of inline policies, AWS::IAM::Policy and AWS::IAM::ManagedPolicy resources that reach each role. CDK writes an IRSA
 * trust condition as a `Custom::AWSCDKCfnJson` whose Value is a `Fn::Join` around the cluster's issuer URL: it is
 * followed, and the issuer (known only at deploy time) is kept as `<issuer>` so `<issuer>:sub` can still be judged.
 */
import { child } from '../location.js';
import type { At } from '../location.js';
import { isRecord } from '../detect.js';
import type { SourceObject } from '../detect.js';
import { valueAt } from '../fact.js';
import type { Fact } from '../fact.js';
import type { Inventory, PolicyStatementFact, TrustFact } from '../inventory.js';

function refId(v: unknown): string | undefined {
  if (!isRecord(v)) return undefined;
  if (typeof v.Ref === 'string') return v.Ref;
  const g = v['Fn::GetAtt'];
  if (Array.isArray(g) && typeof g[0] === 'string') return g[0];
  if (typeof g === 'string') return g.split('.')[0];
  return undefined;
}

const PSEUDO: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com', 'AWS::AccountId': '<account>', 'AWS::Region': '<region>' };

/** A string built by intrinsics, with deploy-time parts as `<...>` placeholders; undefined when it cannot be built. */
export function renderString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (!isRecord(v)) return undefined;
  if (typeof v.Ref === 'string') return PSEUDO[v.Ref];
  const join = v['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const parts = join[1].map(renderString);
    return parts.every((p) => p !== undefined) ? parts.join(join[0]) : undefined;
  }
  const sub = v['Fn::Sub'];
  if (typeof sub === 'string') return sub.replace(/\$\{([^}]+)\}/g, (_, k: string) => PSEUDO[k] ?? `<${k}>`);
  const getAtt = v['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt[1] === 'OpenIdConnectIssuerUrl') return 'https://<issuer>';
  const sel = v['Fn::Select'];
  const split = Array.isArray(sel) && isRecord(sel[1]) ? sel[1]['Fn::Split'] : undefined;
  if (Array.isArray(split) && typeof split[0] === 'string') {
    const whole = renderString(split[1]);
    return whole === undefined ? undefined : whole.split(split[0])[Number((sel as unknown[])[0])];
  }
  return undefined;
}

function strings(v: unknown): string[] {
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.map((x) => renderString(x) ?? JSON.stringify(x));
}

/** The AWS managed policy name of an ARN (`arn:aws:iam::aws:policy/service-role/X` -> `X`), else the ARN as written. */
export function policyName(arn: string): string {
  const m = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? m[1]! : arn;
}

export function statementsOf(doc: unknown, at: At): PolicyStatementFact[] {
  const st = valueAt(doc, ['Statement']);
  const list = Array.isArray(st) ? st : isRecord(st) ? [st] : [];
  return list.flatMap((s, i) => {
    if (!isRecord(s)) return [];
    const sAt = Array.isArray(st) ? child(at, 'Statement', i) : child(at, 'Statement');
    const notAction = s.NotAction !== undefined;
    return [{ at: sAt, effect: String(s.Effect ?? 'Allow'), actions: strings(notAction ? s.NotAction : s.Action), notAction }];
  });
}

export function addCfnRoles(inv: Inventory, obj: SourceObject): void {
  const resources: Record<string, unknown> = isRecord(obj.value.Resources) ? obj.value.Resources : {};
  const resAt = (id: string): At => child(obj.at, 'Resources', id);
  const typed = (type: string): [string, Record<string, unknown>][] =>
    Object.entries(resources).filter((e): e is [string, Record<string, unknown>] => isRecord(e[1]) && e[1].Type === type);

  const nodeRoles = new Set<string>();
  for (const [, r] of typed('AWS::EKS::Nodegroup')) {
    const id = refId(valueAt(r, ['Properties', 'NodeRole']));
    if (id) nodeRoles.add(id);
  }
  for (const [, r] of typed('AWS::EKS::AccessEntry')) {
    const type = valueAt(r, ['Properties', 'Type']);
    const id = refId(valueAt(r, ['Properties', 'PrincipalArn']));
    if (id && (type === 'EC2_LINUX' || type === 'EC2_WINDOWS')) nodeRoles.add(id);
  }

  // Statements and managed policies that attach to a role from outside it.
  const attached = new Map<string, PolicyStatementFact[]>();
  const attachedManaged = new Map<string, Fact<string>[]>();
  const roleRefs = (r: Record<string, unknown>): string[] => {
    const roles = valueAt(r, ['Properties', 'Roles']);
    return Array.isArray(roles) ? roles.map(refId).filter((x): x is string => x !== undefined) : [];
  };
  for (const [id, r] of [...typed('AWS::IAM::Policy'), ...typed('AWS::IAM::ManagedPolicy')]) {
    const st = statementsOf(valueAt(r, ['Properties', 'PolicyDocument']), child(resAt(id), 'Properties', 'PolicyDocument'));
    for (const role of roleRefs(r)) {
      attached.set(role, [...(attached.get(role) ?? []), ...st]);
      if (r.Type === 'AWS::IAM::ManagedPolicy') attachedManaged.set(role, [...(attachedManaged.get(role) ?? []), { value: `${id} (a managed policy in this template)`, at: resAt(id) }]);
    }
  }

  for (const [id, r] of typed('AWS::IAM::Role')) {
    const at = resAt(id);
    const p = child(at, 'Properties');
    const trustDoc = valueAt(r, ['Properties', 'AssumeRolePolicyDocument']);
    const trust: TrustFact[] = statementsOf(trustDoc, child(p, 'AssumeRolePolicyDocument')).map((s) => {
      const raw = valueAt(trustDoc, s.at.path.slice(p.path.length + 1));
      const principal = isRecord(raw) ? raw.Principal : undefined;
      const services = isRecord(principal) ? strings(principal.Service) : [];
      const federated = isRecord(principal) && principal.Federated !== undefined;
      return { at: s.at, services, federated, actions: s.actions, conditions: conditionsOf(isRecord(raw) ? raw.Condition : undefined, child(s.at, 'Condition'), resources) };
    });
    const managedRaw = valueAt(r, ['Properties', 'ManagedPolicyArns']);
    const statements: PolicyStatementFact[] = [...(attached.get(id) ?? [])];
    const managed: Fact<string>[] = (Array.isArray(managedRaw) ? managedRaw : []).map((m, i) => {
      const mAt = child(p, 'ManagedPolicyArns', i);
      const ref = refId(m);
      const res = ref ? resources[ref] : undefined;
      if (ref && isRecord(res) && res.Type === 'AWS::IAM::ManagedPolicy') {
        statements.push(...statementsOf(valueAt(res, ['Properties', 'PolicyDocument']), child(resAt(ref), 'Properties', 'PolicyDocument')));
        return { value: `${ref} (a managed policy in this template)`, at: mAt };
      }
      const arn = renderString(m);
      return arn === undefined || /<[^>]+>/.test(arn) ? { value: undefined, at: mAt, unresolved: `managed policy ${JSON.stringify(m)} is known only at deploy time` } : { value: policyName(arn), at: mAt };
    });
    const inline = valueAt(r, ['Properties', 'Policies']);
    if (Array.isArray(inline)) inline.forEach((pol, i) => statements.push(...statementsOf(valueAt(pol, ['PolicyDocument']), child(p, 'Policies', i, 'PolicyDocument'))));
    const roleName = valueAt(r, ['Properties', 'RoleName']);
    inv.roles.push({
      source: 'cloudformation',
      name: id,
      roleName: typeof roleName === 'string' ? roleName : undefined,
      at,
      trust,
      managedPolicies: [...managed, ...(attachedManaged.get(id) ?? [])],
      statements,
      usedByNodes: nodeRoles.has(id),
      addonPolicies: [],
    });
  }
}

function conditionsOf(raw: unknown, at: At, resources: Record<string, unknown>): Fact<Record<string, Record<string, unknown>>> {
  if (raw === undefined) return { value: {}, at, defaulted: true };
  if (!isRecord(raw)) return { value: undefined, at, unresolved: 'the Condition is not an object' };
  const out: Record<string, Record<string, unknown>> = {};
  for (const [op, body] of Object.entries(raw)) {
    let value: unknown = body;
    const ref = refId(body);
    const res = ref ? resources[ref] : undefined;
    if (ref && isRecord(res) && res.Type === 'Custom::AWSCDKCfnJson') {
      // CDK's CfnJson: the condition is the JSON text its Value builds.
      const text = renderString(valueAt(res, ['Properties', 'Value']));
      try {
        value = text === undefined ? undefined : JSON.parse(text);
      } catch {
        value = undefined;
      }
      if (value === undefined) return { value: undefined, at, unresolved: `the ${op} condition built by ${ref} cannot be read from the template` };
    } else if (ref) {
      return { value: undefined, at, unresolved: `the ${op} condition comes from ${ref}, known only at deploy time` };
    }
    if (!isRecord(value)) return { value: undefined, at, unresolved: `the ${op} condition is not an object` };
    out[op] = value;
  }
  return { value: out, at };
}
