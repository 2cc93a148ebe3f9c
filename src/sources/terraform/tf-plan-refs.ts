/**
 * What a plan's resources point at. A plan leaves out every value known only after apply, and in a fresh plan that is
 * every ID: a subnet's vpc_id, an association's subnet_id, a node group's subnet_ids. The plan's `configuration`
 * still says which resources each argument references, through module variables (`var.subnet_ids` ← the caller's
 * `module.vpc.private_subnets`) and module outputs (← `aws_subnet.private[*].id`). This follows those references
 * and writes them into the values as the TfRefs a configuration evaluates to, so the network and IAM readers read a
 * plan as they read `.tf`. Where the configuration says nothing readable (a `local.vpc_id`, as the vpc module writes
 * it), a vpc_id goes to the one VPC of its module, or stays unknown.
 */
import { isRecord } from '../detect.js';
import { TfRef } from './tf-expr.js';
import type { PlanResource } from './tf-plan.js';

interface Call {
  readonly name: string;
  /** `[0]`, `["a"]`, or undefined for every instance of the call. */
  readonly key: string | undefined;
}

interface Address {
  readonly calls: readonly Call[];
  /** `aws_subnet.private` */
  readonly resource: string;
  readonly key: string | undefined;
}

const KEY = String.raw`\[(?:\d+|"(?:[^"\\]|\\.)*")\]`;
const CALL = new RegExp(`^module\\.([\\w-]+)(${KEY})?\\.`);
const RESOURCE = new RegExp(`^([\\w-]+\\.[\\w-]+)(${KEY})?$`);

function parseAddress(address: string): Address | undefined {
  const calls: Call[] = [];
  let rest = address;
  for (let m = CALL.exec(rest); m; m = CALL.exec(rest)) {
    calls.push({ name: m[1]!, key: m[2] });
    rest = rest.slice(m[0].length);
  }
  const r = RESOURCE.exec(rest);
  return r ? { calls, resource: r[1]!, key: r[2] } : undefined;
}

const prefixOf = (calls: readonly Call[]): string => calls.map((c) => `module.${c.name}${c.key ?? ''}.`).join('');

/** `[0]` → 0, `["a"]` → "a". */
function keyValue(raw: string | undefined): number | string | undefined {
  if (raw === undefined) return undefined;
  const inner = raw.slice(1, -1);
  return inner.startsWith('"') ? (JSON.parse(inner) as string) : Number(inner);
}

/** A resource some argument points at: every instance (splat), one index, or the instance with the referrer's own key. */
interface Link {
  readonly calls: readonly Call[];
  readonly resource: string;
  readonly index: number | string | undefined;
  /** The index is the referrer's own (`count.index`, `each.key`): all instances when the target has no such key. */
  readonly own: boolean;
}

interface Context {
  readonly root: Record<string, unknown> | undefined;
  readonly calls: readonly Call[];
  /** The configuration of the module these calls lead to. */
  readonly config: Record<string, unknown> | undefined;
  /** The key of the resource or module instance whose arguments are read. */
  readonly ownKey: number | string | undefined;
  /** The references of the for_each that `each.value` stands for, and where they are resolved. */
  readonly each?: { readonly refs: readonly string[]; readonly context: Context };
}

const MAX_DEPTH = 12;
const OPAQUE = /^(local|data|path|terraform|self)\./;
const RESOURCE_REF = new RegExp(`^([\\w-]+\\.[\\w-]+)(${KEY})?`);
const MODULE_OUTPUT = new RegExp(`^module\\.([\\w-]+)(${KEY})?\\.([\\w-]+)`);

function refsOf(expr: unknown): string[] {
  return isRecord(expr) && Array.isArray(expr.references) ? expr.references.filter((r): r is string => typeof r === 'string') : [];
}

function moduleCall(config: Record<string, unknown> | undefined, name: string): Record<string, unknown> | undefined {
  const calls = config?.module_calls;
  const call = isRecord(calls) ? calls[name] : undefined;
  return isRecord(call) ? call : undefined;
}

function configAt(root: Record<string, unknown> | undefined, calls: readonly Call[]): Record<string, unknown> | undefined {
  let config = root;
  for (const c of calls) {
    const call = moduleCall(config, c.name);
    config = isRecord(call?.module) ? call.module : undefined;
  }
  return config;
}

/** The resources behind a list of references (as the plan's configuration lists them), followed through modules. */
function resolve(refs: readonly string[], ctx: Context, depth: number): Link[] {
  if (depth > MAX_DEPTH) return [];
  const own = refs.includes('count.index') || refs.includes('each.key');
  const indices = new Map<string, Set<number | string | undefined>>();
  const out: Link[] = [];
  for (const r of refs) {
    if (OPAQUE.test(r) || r.startsWith('count.') || r === 'each.key') continue;
    if (r.startsWith('each.value')) {
      if (ctx.each) out.push(...resolve(ctx.each.refs, ctx.each.context, depth + 1));
      continue;
    }
    const v = /^var\.([\w-]+)/.exec(r);
    if (v) {
      // A module variable is what the caller passes: the module call's argument, read in the caller's module.
      const call = ctx.calls.at(-1);
      if (!call) continue;
      const calls = ctx.calls.slice(0, -1);
      const config = configAt(ctx.root, calls);
      const callConfig = moduleCall(config, call.name);
      const expressions = isRecord(callConfig?.expressions) ? callConfig.expressions : {};
      const caller: Context = { root: ctx.root, calls, config, ownKey: keyValue(call.key) };
      const forEach = refsOf(callConfig?.for_each_expression);
      out.push(...resolve(refsOf(expressions[v[1]!]), forEach.length > 0 ? { ...caller, each: { refs: forEach, context: caller } } : caller, depth + 1));
      continue;
    }
    const m = MODULE_OUTPUT.exec(r);
    if (m) {
      // A module output is its expression, read inside the module (the instance named, else any of them).
      const call = moduleCall(ctx.config, m[1]!);
      const config = isRecord(call?.module) ? call.module : undefined;
      const outputs = isRecord(config?.outputs) ? config.outputs : {};
      const output = outputs[m[3]!];
      const inner: Context = { root: ctx.root, calls: [...ctx.calls, { name: m[1]!, key: m[2] }], config, ownKey: undefined };
      out.push(...resolve(refsOf(isRecord(output) ? output.expression : undefined), inner, depth + 1));
      continue;
    }
    if (/^(module|var|each)\./.test(r)) continue;
    const res = RESOURCE_REF.exec(r);
    if (!res) continue;
    const index = keyValue(res[2]);
    const known = indices.get(res[1]!) ?? new Set<number | string | undefined>();
    indices.set(res[1]!, known.add(index));
  }
  // Terraform lists `aws_subnet.a[0].id`, `aws_subnet.a[0]` and `aws_subnet.a` for one reference: the indexed forms
  // are what is meant, each of them (`[aws_subnet.a[0].id, aws_subnet.a[1].id]`); the bare form only alone.
  for (const [resource, keys] of indices) {
    const indexed = [...keys].filter((k) => k !== undefined);
    if (indexed.length > 0) out.push(...indexed.map((index) => ({ calls: ctx.calls, resource, index, own: false })));
    else out.push({ calls: ctx.calls, resource, index: own ? ctx.ownKey : undefined, own });
  }
  return out;
}

interface Indexed {
  readonly resource: PlanResource;
  readonly address: Address;
  /** The address without its own key: what a TfRef names. */
  readonly base: string;
  readonly key: number | string | undefined;
}

function sameCalls(pattern: readonly Call[], calls: readonly Call[]): boolean {
  return pattern.length === calls.length && pattern.every((p, i) => p.name === calls[i]!.name && (p.key === undefined || p.key === calls[i]!.key));
}

/** The TfRefs of links: one per module instance the link matches, splat unless one index is meant. */
function materialize(links: readonly Link[], byResource: ReadonlyMap<string, readonly Indexed[]>): { refs: TfRef[]; targets: Indexed[] } {
  const refs: TfRef[] = [];
  const targets: Indexed[] = [];
  for (const l of links) {
    const matching = (byResource.get(l.resource) ?? []).filter((x) => sameCalls(l.calls, x.address.calls));
    targets.push(...matching);
    for (const base of new Set(matching.map((x) => x.base))) {
      const group = matching.filter((x) => x.base === base);
      const index = l.index !== undefined && (!l.own || group.some((x) => x.key === l.index)) ? l.index : undefined;
      refs.push(new TfRef(base, index, index === undefined, 'id', base));
    }
  }
  return { refs, targets };
}

const isLeaf = (e: Record<string, unknown>): boolean => 'references' in e || 'constant_value' in e;

/**
 * The resources of a plan with every argument the configuration writes as a reference turned into TfRefs: an ID
 * known only after apply becomes a reference to what the configuration names; a known ID of a resource in the plan
 * becomes a reference to that resource. Tags are `tags_all`, which the provider's default_tags are merged into.
 */
export function linkPlan(plan: Record<string, unknown>, resources: readonly PlanResource[]): PlanResource[] {
  const config = isRecord(plan.configuration) && isRecord(plan.configuration.root_module) ? plan.configuration.root_module : undefined;
  const all: Indexed[] = [];
  for (const r of resources) {
    const address = parseAddress(r.name);
    if (address) all.push({ resource: r, address, base: prefixOf(address.calls) + address.resource, key: keyValue(address.key) });
  }
  // Plans run to thousands of resources: links look up candidates by `type.name`, not by scanning them all.
  const byResource = new Map<string, Indexed[]>();
  for (const x of all) {
    const list = byResource.get(x.address.resource);
    if (list) list.push(x);
    else byResource.set(x.address.resource, [x]);
  }
  const memo = new Map<string, { refs: TfRef[]; targets: Indexed[] }>();
  const byId = new Map<string, Indexed>();
  for (const x of all) if (isRecord(x.resource.value) && typeof x.resource.value.id === 'string') byId.set(x.resource.value.id, x);
  return all.map((x): PlanResource => {
    if (!isRecord(x.resource.value)) return x.resource;
    const values = structuredClone(x.resource.value);
    const moduleConfig = configAt(config, x.address.calls);
    const list = moduleConfig?.resources;
    const own = Array.isArray(list) ? list.find((c) => isRecord(c) && c.address === x.address.resource && c.mode !== 'data') : undefined;
    const ctx: Context = { root: config, calls: x.address.calls, config: moduleConfig, ownKey: x.key };
    const forEach = isRecord(own) ? refsOf(own.for_each_expression) : [];
    const withEach = forEach.length > 0 ? { ...ctx, each: { refs: forEach, context: ctx } } : ctx;
    const fill = (target: Record<string, unknown>, expressions: Record<string, unknown>, unknown: unknown): void => {
      for (const [k, e] of Object.entries(expressions)) {
        const unk = isRecord(unknown) ? unknown[k] : undefined;
        if (Array.isArray(e) && Array.isArray(target[k])) {
          (target[k] as unknown[]).forEach((b, i) => {
            const be = e[i] ?? e[0];
            if (isRecord(b) && isRecord(be)) fill(b, be, Array.isArray(unk) ? unk[i] : undefined);
          });
          continue;
        }
        if (!isRecord(e) || !isLeaf(e)) continue;
        const refs = refsOf(e);
        if (refs.length === 0) continue;
        // The instances of one counted resource share its configuration: each argument is followed once per key.
        const ownIndex = refs.includes('count.index') || refs.includes('each.key') ? String(x.key) : '';
        const memoKey = `${prefixOf(x.address.calls)}|${x.address.resource}|${ownIndex}|${refs.join(' ')}`;
        let linked = memo.get(memoKey);
        if (!linked) memo.set(memoKey, (linked = materialize(resolve(refs, withEach, 0), byResource)));
        const { refs: tfRefs, targets } = linked;
        const current = target[k];
        if (current === undefined && unk === true && tfRefs.length > 0) target[k] = tfRefs.length === 1 ? tfRefs[0] : tfRefs;
        else if (isRecord(current) && isRecord(unk) && tfRefs.length === 1) {
          // A map whose elements are known only after apply (a role ARN annotation): one reference is what they hold.
          for (const [key, u] of Object.entries(unk)) if (u === true && (current[key] === undefined || current[key] === null)) current[key] = tfRefs[0];
        }
        else if (typeof current === 'string' || Array.isArray(current)) {
          const link = (s: unknown): unknown => {
            const t = typeof s === 'string' ? byId.get(s) : undefined;
            return t && t !== x && (targets.includes(t) || targets.length === 0) ? new TfRef(t.base, t.key, false, 'id', t.resource.name) : s;
          };
          target[k] = Array.isArray(current) ? current.map(link) : link(current);
        }
      }
    };
    if (isRecord(own) && isRecord(own.expressions)) fill(values, own.expressions, x.resource.afterUnknown);
    if (values.vpc_id === undefined && x.resource.afterUnknown.vpc_id === true) {
      // The vpc module writes vpc_id = local.vpc_id, which the configuration does not resolve: its one VPC is meant.
      const vpcs = [...byResource].filter(([k]) => k.startsWith('aws_vpc.')).flatMap(([, v]) => v).filter((v) => prefixOf(v.address.calls) === prefixOf(x.address.calls));
      if (vpcs.length === 1) values.vpc_id = new TfRef(vpcs[0]!.base, vpcs[0]!.key, false, 'id', vpcs[0]!.resource.name);
    }
    if (isRecord(values.tags_all)) values.tags = values.tags_all;
    return { ...x.resource, value: values };
  });
}
