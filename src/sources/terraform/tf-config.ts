/**
 * A Terraform configuration (`.tf` through hcl2json, or `.tf.json`) into facts. Terraform reads every file of a
 * directory as one module, so a cluster in main.tf may use a key in kms.tf, a default in variables.tf and a value in
 * terraform.tfvars: the facts of a directory are rebuilt whenever another of its files is read, whatever the order.
 */
import path from 'node:path';
import { child, formatDocPath } from '../location.js';
import { isRecord } from '../detect.js';
import type { SourceObject } from '../detect.js';
import type { FeatureFact, Inventory, NetworkFact, NodeGroupFact, RoleFact } from '../inventory.js';
import { featureFacts } from './tf-features.js';
import { networkFacts, subnetPrivacy } from './tf-network.js';
import { roleFacts } from './tf-iam.js';
import type { ReadResult } from '../yaml.js';
import { moduleFacts } from './tf-eks-module.js';
import { resourceFacts } from './tf-resources.js';
import type { TerraformFacts } from './tf-resources.js';
import { soleExpression } from './tf-scope.js';
import type { Resolved, Scope, TfResource } from './tf-scope.js';
import { evaluateDeep, evaluateString, firstUnknown, Unknown } from './tf-expr.js';
import type { EvalEnv } from './tf-expr.js';

/** Blocks keyed by two labels (`resource "type" "name"`) or one (`module "name"`, `variable "name"`). */
function labelled(files: readonly SourceObject[], kind: string, type?: string): TfResource[] {
  const out: TfResource[] = [];
  for (const f of files) {
    const byKind = f.value[kind];
    const group = type === undefined ? byKind : isRecord(byKind) ? byKind[type] : undefined;
    if (!isRecord(group)) continue;
    const base = type === undefined ? child(f.at, kind) : child(f.at, kind, type);
    for (const [name, v] of Object.entries(group)) {
      if (Array.isArray(v)) v.forEach((b, i) => isRecord(b) && out.push({ type: type ?? kind, name, value: b, at: child(base, name, i) }));
      else if (isRecord(v)) out.push({ type: type ?? kind, name, value: v, at: child(base, name) });
    }
  }
  return out;
}

/** Terraform loads these variable files by itself; any other `.tfvars` applies only when passed with -var-file. */
function isAutoVars(file: string): boolean {
  const base = path.basename(file);
  return /^terraform\.tfvars(\.json)?$/i.test(base) || /\.auto\.tfvars(\.json)?$/i.test(base);
}

/** Terraform's order: terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars in lexical order; the last wins. */
function autoVarsOrder(a: SourceObject, b: SourceObject): number {
  const rank = (o: SourceObject): string => {
    const base = path.basename(o.document.origin.file);
    return /^terraform\.tfvars$/i.test(base) ? `0${base}` : /^terraform\.tfvars\.json$/i.test(base) ? `1${base}` : `2${base}`;
  };
  return rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0;
}

/** One instance of a resource or data source: `aws_subnet.private[1]`, with `count.index` or `each` bound. */
export interface TfInstance extends TfResource {
  /** `aws_subnet.private[1]`, `aws_subnet.private["a"]`, `data.aws_iam_policy_document.trust`. */
  readonly address: string;
  readonly key: number | string | undefined;
  readonly env: EvalEnv;
  /** Set when count or for_each is known only at plan time: the one instance stands for all of them. */
  readonly unresolved?: string;
}

/** A configuration directory as the network and IAM readers see it: evaluated values and expanded instances. */
export interface ConfigModel {
  readonly scope: Scope;
  readonly env: EvalEnv;
  instances(type: string, mode?: 'resource' | 'data'): TfInstance[];
  modules(): TfResource[];
  /** Every `${...}` inside a raw value evaluated for the instance (tuples and objects keep their shape). */
  evaluate(raw: unknown, env?: EvalEnv): unknown;
}

function stripIndex(k: number | string | undefined): string {
  return k === undefined ? '' : typeof k === 'number' ? `[${k}]` : `[${JSON.stringify(k)}]`;
}

export function configModel(files: readonly SourceObject[], varFiles: readonly SourceObject[] = []): ConfigModel {
  const variables = new Map(labelled(files, 'variable').map((v) => [v.name, v]));
  const auto = varFiles.filter((f) => isAutoVars(f.document.origin.file)).sort(autoVarsOrder);
  const chosen = varFiles.filter((f) => !isAutoVars(f.document.origin.file));
  const locals = new Map<string, unknown>();
  for (const f of files) {
    const block = f.value.locals;
    for (const b of Array.isArray(block) ? block : [block]) if (isRecord(b)) for (const [k, v] of Object.entries(b)) locals.set(k, v);
  }
  const localValues = new Map<string, unknown>();
  const inProgress = new Set<string>();
  const env: EvalEnv = {
    variable(name) {
      const optional = chosen.find((f) => f.value[name] !== undefined);
      if (optional) return new Unknown(`var.${name} is set in ${path.basename(optional.document.origin.file)}, which applies only when passed with -var-file`);
      const fromAuto = auto.filter((f) => f.value[name] !== undefined).at(-1);
      if (fromAuto) return evaluateDeep(fromAuto.value[name], env);
      const decl = variables.get(name);
      const def = isRecord(decl?.value) ? decl.value.default : undefined;
      // A default in the same directory is the value unless a tfvars file or -var overrides it; keelson takes it.
      if (def !== undefined && def !== null) return evaluateDeep(def, env);
      return new Unknown(`var.${name} has no default: its value is given at plan time`);
    },
    local(name) {
      if (localValues.has(name)) return localValues.get(name);
      if (!locals.has(name)) return new Unknown(`local.${name} is not defined in these files`);
      if (inProgress.has(name)) return new Unknown(`local.${name} refers to itself`);
      inProgress.add(name);
      const v = evaluateDeep(locals.get(name), env);
      inProgress.delete(name);
      localValues.set(name, v);
      return v;
    },
  };
  const resolve = (raw: unknown): Resolved => {
    if (Array.isArray(raw)) {
      const items: unknown[] = [];
      for (const x of raw) {
        const r = resolve(x);
        if ('unresolved' in r) return r;
        items.push(r.value);
      }
      return { value: items };
    }
    if (typeof raw !== 'string' || !raw.includes('${')) return { value: raw };
    const v = evaluateString(raw, env);
    const u = firstUnknown(v);
    return u ? { unresolved: u.reason } : { value: v };
  };
  const scope: Scope = {
    resolve,
    resources: (type) => labelled(files, 'resource', type),
    referenced(raw, type) {
      const expr = typeof raw === 'string' ? soleExpression(raw) : undefined;
      const m = expr && new RegExp(`^${type}\\.([\\w-]+)(\\[[^\\]]*\\])?\\.\\w+$`).exec(expr);
      return m ? labelled(files, 'resource', type).find((r) => r.name === m[1]) : undefined;
    },
  };
  const instanceCache = new Map<string, TfInstance[]>();
  return {
    scope,
    env,
    modules: () => labelled(files, 'module'),
    evaluate: (raw, e = env) => evaluateDeep(raw, e),
    instances(type, mode = 'resource') {
      const cacheKey = `${mode}|${type}`;
      const cached = instanceCache.get(cacheKey);
      if (cached) return cached;
      const out: TfInstance[] = [];
      const prefix = mode === 'data' ? `data.${type}` : type;
      for (const r of labelled(files, mode, type)) {
        const body = isRecord(r.value) ? r.value : {};
        const base = `${prefix}.${r.name}`;
        const one = (key: number | string | undefined, e: EvalEnv, unresolved?: string): TfInstance => ({ ...r, address: `${base}${stripIndex(key)}`, key, env: e, ...(unresolved ? { unresolved } : {}) });
        if (body.count !== undefined) {
          const n = evaluateDeep(body.count, env);
          if (typeof n === 'number' && Number.isInteger(n) && n >= 0) for (let i = 0; i < n; i++) out.push(one(i, { ...env, count: i }));
          else out.push(one(undefined, env, `count of ${base}: ${firstUnknown(n)?.reason ?? 'not a number'}`));
        } else if (body.for_each !== undefined) {
          const coll = evaluateDeep(body.for_each, env);
          const u = firstUnknown(coll);
          if (u) out.push(one(undefined, env, `for_each of ${base}: ${u.reason}`));
          else if (Array.isArray(coll)) for (const x of coll) out.push(one(String(x), { ...env, each: { key: String(x), value: x } }));
          else if (isRecord(coll)) for (const [k, v] of Object.entries(coll)) out.push(one(k, { ...env, each: { key: k, value: v } }));
          else out.push(one(undefined, env, `for_each of ${base} is not a map or set`));
        } else out.push(one(undefined, env));
      }
      instanceCache.set(cacheKey, out);
      return out;
    },
  };
}

export function configScope(files: readonly SourceObject[], varFiles: readonly SourceObject[] = []): Scope {
  return configModel(files, varFiles).scope;
}

export interface ConfigFacts extends TerraformFacts {
  readonly networks: NetworkFact[];
  readonly roles: RoleFact[];
  readonly features: FeatureFact[];
}

/** Node groups run in private subnets when every subnet they name is private in the inputs (raw or the vpc module). */
function withPrivacy(m: ConfigModel, facts: readonly NodeGroupFact[], networks: readonly NetworkFact[]): NodeGroupFact[] {
  const raw = m.instances('aws_eks_node_group');
  return facts.map((ng) => {
    const p = formatDocPath(ng.at.path);
    const r = raw.find((x) => formatDocPath(x.at.path) === p);
    if (r) {
      const v = isRecord(r.value) ? r.value.subnet_ids : undefined;
      return v === undefined ? ng : { ...ng, privateNetworking: subnetPrivacy(m, m.evaluate(v, r.env), child(r.at, 'subnet_ids'), networks) };
    }
    // A module node group: its own subnet_ids, else the module's (what terraform-aws-modules/eks passes down).
    const i = ng.at.path.indexOf('eks_managed_node_groups');
    if (i < 0) return ng;
    const mod = m.modules().find((x) => formatDocPath(x.at.path) === formatDocPath(ng.at.path.slice(0, i)));
    if (!mod || !isRecord(mod.value)) return ng;
    const groups = m.evaluate(mod.value.eks_managed_node_groups);
    const key = ng.at.path[i + 1];
    const own = isRecord(groups) && key !== undefined && isRecord(groups[String(key)]) ? (groups[String(key)] as Record<string, unknown>).subnet_ids : undefined;
    if (own !== undefined) return { ...ng, privateNetworking: subnetPrivacy(m, own, child(ng.at, 'subnet_ids'), networks) };
    if (mod.value.subnet_ids === undefined) return ng;
    return { ...ng, privateNetworking: subnetPrivacy(m, m.evaluate(mod.value.subnet_ids), child(mod.at, 'subnet_ids'), networks) };
  });
}

export function configFacts(files: readonly SourceObject[], varFiles: readonly SourceObject[] = []): ConfigFacts {
  const model = configModel(files, varFiles);
  const scope = model.scope;
  const raw = resourceFacts(scope);
  const mod = moduleFacts(scope, labelled(files, 'module'));
  const networks = networkFacts(model);
  return {
    clusters: [...raw.clusters, ...mod.clusters],
    nodeGroups: withPrivacy(model, [...raw.nodeGroups, ...mod.nodeGroups], networks),
    networks,
    roles: roleFacts(model),
    features: featureFacts(model),
  };
}

interface Directory {
  readonly files: SourceObject[];
  readonly varFiles: SourceObject[];
  facts: ConfigFacts;
}

const directories = new WeakMap<Inventory, Map<string, Directory>>();

function remove<T>(list: T[], gone: readonly T[]): void {
  for (const g of gone) {
    const i = list.indexOf(g);
    if (i >= 0) list.splice(i, 1);
  }
}

function directoryOf(inv: Inventory, obj: SourceObject): Directory {
  let dirs = directories.get(inv);
  if (!dirs) directories.set(inv, (dirs = new Map()));
  const key = path.dirname(obj.document.origin.file);
  let dir = dirs.get(key);
  if (!dir) dirs.set(key, (dir = { files: [], varFiles: [], facts: { clusters: [], nodeGroups: [], networks: [], roles: [], features: [] } }));
  return dir;
}

export function addTerraformConfig(inv: Inventory, obj: SourceObject): void {
  const dir = directoryOf(inv, obj);
  dir.files.push(obj);
  refresh(inv, dir);
}

/** A `.tfvars` file: its values replace variable defaults of the configuration in the same directory. */
export function addTerraformVars(inv: Inventory, { documents, notices }: ReadResult): void {
  inv.notices.push(...notices);
  for (const doc of documents) {
    inv.documents.push(doc);
    if (!isRecord(doc.value)) continue;
    const obj: SourceObject = { kind: 'terraform', value: doc.value, at: { origin: doc.origin, path: [] }, document: doc };
    const dir = directoryOf(inv, obj);
    dir.varFiles.push(obj);
    refresh(inv, dir);
  }
}

function refresh(inv: Inventory, dir: Directory): void {
  remove(inv.clusters, dir.facts.clusters);
  remove(inv.nodeGroups, dir.facts.nodeGroups);
  remove(inv.networks, dir.facts.networks);
  remove(inv.roles, dir.facts.roles);
  remove(inv.features, dir.facts.features);
  dir.facts = configFacts(dir.files, dir.varFiles);
  inv.clusters.push(...dir.facts.clusters);
  inv.nodeGroups.push(...dir.facts.nodeGroups);
  inv.networks.push(...dir.facts.networks);
  inv.roles.push(...dir.facts.roles);
  inv.features.push(...dir.facts.features);
}
