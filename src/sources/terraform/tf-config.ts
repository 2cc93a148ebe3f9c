/**
 * A Terraform configuration (`.tf` through hcl2json, or `.tf.json`) into facts. Terraform reads every file of a
 * directory as one module, so a cluster in main.tf may use a key in kms.tf, a default in variables.tf and a value in
 * terraform.tfvars: the facts of a directory are rebuilt whenever another of its files is read, whatever the order.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { child, formatDocPath } from '../location.js';
import { isRecord } from '../detect.js';
import type { SourceObject } from '../detect.js';
import type { FeatureFact, Inventory, K8sObject, NetworkFact, NodeGroupFact, RoleFact } from '../inventory.js';
import { serviceAccountObjects } from './tf-k8s.js';
import { featureFacts } from './tf-features.js';
import { networkFacts, subnetPrivacy } from './tf-network.js';
import { roleFacts } from './tf-iam.js';
import type { ReadResult } from '../yaml.js';
import { moduleFacts } from './tf-eks-module.js';
import { resourceFacts } from './tf-resources.js';
import type { TerraformFacts } from './tf-resources.js';
import { indexSuffix, soleExpression } from './tf-scope.js';
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

/** file() and templatefile() read at most this much: a policy or user data, not an archive. */
export const MAX_TEMPLATE_BYTES = 256 * 1024;

/**
 * A file a configuration reads with file() or templatefile(), relative to its directory on disk. Only files inside that directory are read: a path that leaves it (`../`, an absolute
 * path, a symbolic link out) is not among the inputs keelson was given.
 */
function readModuleFile(files: readonly SourceObject[], file: string): string | Unknown {
  const first = files[0];
  if (!first) return new Unknown(`file "${file}": no configuration file`);
  const dir = path.resolve(path.dirname(first.document.source ?? first.document.origin.file));
  const inside = (p: string, root: string): boolean => {
    const rel = path.relative(root, p);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  };
  const full = path.resolve(dir, file);
  if (!inside(full, dir)) return new Unknown(`file "${file}" is outside the configuration's directory, so not among the inputs`);
  try {
    const real = realpathSync(full);
    if (!inside(real, realpathSync(dir))) return new Unknown(`file "${file}" links outside the configuration's directory`);
    const size = statSync(real).size;
    if (size > MAX_TEMPLATE_BYTES) return new Unknown(`file "${file}" is ${size} bytes, over the ${MAX_TEMPLATE_BYTES}-byte limit for file() and templatefile()`);
    return readFileSync(real, 'utf8');
  } catch {
    return new Unknown(`file "${file}" is not in the configuration's directory`);
  }
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
  /** Module calls, count and for_each expanded: `name` is `vpc`, `vpc[0]` or `vpc["a"]`. */
  modules(): TfInstance[];
  /** The scope of one instance: its inputs resolved with its count.index or each bound. */
  scopeOf(env: EvalEnv): Scope;
  /**
   * The tags an AWS provider's `default_tags` add to every resource it creates: the provider a resource's `provider`
   * argument names (`aws.west`), else the default one. Undefined when there are none.
   */
  defaultTags(provider?: unknown): unknown;
  /** Every `${...}` inside a raw value evaluated for the instance (tuples and objects keep their shape). */
  evaluate(raw: unknown, env?: EvalEnv): unknown;
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
  const fileCache = new Map<string, string | Unknown>();
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
    readFile(file) {
      if (!fileCache.has(file)) fileCache.set(file, readModuleFile(files, file));
      return fileCache.get(file)!;
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
  const resolveWith = (e: EvalEnv) => {
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
      const v = evaluateString(raw, e);
      const u = firstUnknown(v);
      return u ? { unresolved: u.reason } : { value: v };
    };
    return resolve;
  };
  const scopeOf = (e: EvalEnv): Scope => ({
    resolve: resolveWith(e),
    resources: (type) => labelled(files, 'resource', type),
    referenced(raw, type) {
      const expr = typeof raw === 'string' ? soleExpression(raw) : undefined;
      const m = expr && new RegExp(`^${type}\\.([\\w-]+)(\\[[^\\]]*\\])?\\.\\w+$`).exec(expr);
      return m ? labelled(files, 'resource', type).find((r) => r.name === m[1]) : undefined;
    },
  });
  const scope = scopeOf(env);
  /** Instances of a block with count or for_each: one per index or key, each with its own env. */
  const expand = (r: TfResource, base: string, make: (key: number | string | undefined, e: EvalEnv, unresolved?: string) => TfInstance): TfInstance[] => {
    const body = isRecord(r.value) ? r.value : {};
    if (body.count !== undefined) {
      const n = evaluateDeep(body.count, env);
      if (typeof n === 'number' && Number.isInteger(n) && n >= 0) return Array.from({ length: n }, (_, i) => make(i, { ...env, count: i }));
      return [make(undefined, env, `count of ${base}: ${firstUnknown(n)?.reason ?? 'not a number'}`)];
    }
    if (body.for_each !== undefined) {
      const coll = evaluateDeep(body.for_each, env);
      const u = firstUnknown(coll);
      if (u) return [make(undefined, env, `for_each of ${base}: ${u.reason}`)];
      if (Array.isArray(coll)) return coll.map((x) => make(String(x), { ...env, each: { key: String(x), value: x } }));
      if (isRecord(coll)) return Object.entries(coll).map(([k, v]) => make(k, { ...env, each: { key: k, value: v } }));
      return [make(undefined, env, `for_each of ${base} is not a map or set`)];
    }
    return [make(undefined, env)];
  };
  let moduleInstances: TfInstance[] | undefined;
  const instanceCache = new Map<string, TfInstance[]>();
  return {
    scope,
    env,
    scopeOf,
    modules: () =>
      (moduleInstances ??= labelled(files, 'module').flatMap((r) =>
        expand(r, `module.${r.name}`, (key, e, unresolved) => ({ ...r, name: `${r.name}${indexSuffix(key)}`, address: `module.${r.name}${indexSuffix(key)}`, key, env: e, ...(unresolved ? { unresolved } : {}) })),
      )),
    evaluate: (raw, e = env) => evaluateDeep(raw, e),
    defaultTags(provider) {
      const ref = typeof provider === 'string' ? (soleExpression(provider) ?? provider) : undefined;
      const alias = ref?.startsWith('aws.') ? ref.slice(4) : undefined;
      const p = labelled(files, 'provider').filter((x) => x.name === 'aws').find((x) => {
        const a = isRecord(x.value) ? evaluateDeep(x.value.alias, env) : undefined;
        return alias === undefined ? a === undefined : a === alias;
      });
      const dt = p ? [isRecord(p.value) ? p.value.default_tags : undefined].flat()[0] : undefined;
      return isRecord(dt) && dt.tags !== undefined ? evaluateDeep(dt.tags, env) : undefined;
    },
    instances(type, mode = 'resource') {
      const cacheKey = `${mode}|${type}`;
      const cached = instanceCache.get(cacheKey);
      if (cached) return cached;
      const prefix = mode === 'data' ? `data.${type}` : type;
      const out = labelled(files, mode, type).flatMap((r) => {
        const base = `${prefix}.${r.name}`;
        return expand(r, base, (key, e, unresolved) => ({ ...r, address: `${base}${indexSuffix(key)}`, key, env: e, ...(unresolved ? { unresolved } : {}) }));
      });
      instanceCache.set(cacheKey, out);
      return out;
    },
  };
}

export function configScope(files: readonly SourceObject[], varFiles: readonly SourceObject[] = []): Scope {
  return configModel(files, varFiles).scope;
}

export interface ConfigFacts extends TerraformFacts {
  readonly objects: K8sObject[];
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
    const v = r && isRecord(r.value) ? r.value.subnet_ids : undefined;
    return r === undefined || v === undefined ? ng : { ...ng, privateNetworking: subnetPrivacy(m, m.evaluate(v, r.env), child(r.at, 'subnet_ids'), networks) };
  });
}

/** A module node group: its own subnet_ids, else the module's (what terraform-aws-modules/eks passes down). */
function moduleGroupPrivacy(m: ConfigModel, mod: TfInstance, ng: NodeGroupFact, networks: readonly NetworkFact[]): NodeGroupFact {
  const i = ng.at.path.indexOf('eks_managed_node_groups');
  if (i < 0 || !isRecord(mod.value)) return ng;
  const groups = m.evaluate(mod.value.eks_managed_node_groups, mod.env);
  const key = ng.at.path[i + 1];
  const own = isRecord(groups) && key !== undefined && isRecord(groups[String(key)]) ? (groups[String(key)] as Record<string, unknown>).subnet_ids : undefined;
  if (own !== undefined) return { ...ng, privateNetworking: subnetPrivacy(m, own, child(ng.at, 'subnet_ids'), networks) };
  if (mod.value.subnet_ids === undefined) return ng;
  return { ...ng, privateNetworking: subnetPrivacy(m, m.evaluate(mod.value.subnet_ids, mod.env), child(mod.at, 'subnet_ids'), networks) };
}

export function configFacts(files: readonly SourceObject[], varFiles: readonly SourceObject[] = [], model = configModel(files, varFiles)): ConfigFacts {
  const raw = resourceFacts(model.scope);
  const networks = networkFacts(model);
  const clusters = [...raw.clusters];
  const nodeGroups = withPrivacy(model, raw.nodeGroups, networks);
  for (const mod of model.modules()) {
    // Each instance of a module with count or for_each is read with its own count.index or each.
    const f = moduleFacts(model.scopeOf(mod.env), [mod]);
    clusters.push(...f.clusters);
    nodeGroups.push(...f.nodeGroups.map((ng) => moduleGroupPrivacy(model, mod, ng, networks)));
  }
  const roles = roleFacts(model);
  return { clusters, nodeGroups, networks, roles, features: featureFacts(model), objects: serviceAccountObjects(model, roles) };
}

interface Directory {
  readonly files: SourceObject[];
  readonly varFiles: SourceObject[];
  facts: ConfigFacts;
  model?: ConfigModel;
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
  if (!dir) dirs.set(key, (dir = { files: [], varFiles: [], facts: { clusters: [], nodeGroups: [], networks: [], roles: [], features: [], objects: [] } }));
  return dir;
}

/**
 * The evaluated configuration of the directory a `.tf` file was read from, for rules that read raw blocks the facts
 * do not normalize (security group tags, add-on configuration values) and still need variables, locals, default_tags
 * and file(). Undefined for a file that is not a Terraform configuration of this inventory.
 */
export function configModelOf(inv: Inventory, file: string): ConfigModel | undefined {
  return directories.get(inv)?.get(path.dirname(file))?.model;
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
  remove(inv.objects, dir.facts.objects);
  dir.model = configModel(dir.files, dir.varFiles);
  dir.facts = configFacts(dir.files, dir.varFiles, dir.model);
  inv.clusters.push(...dir.facts.clusters);
  inv.nodeGroups.push(...dir.facts.nodeGroups);
  inv.networks.push(...dir.facts.networks);
  inv.roles.push(...dir.facts.roles);
  inv.features.push(...dir.facts.features);
  inv.objects.push(...dir.facts.objects);
}
