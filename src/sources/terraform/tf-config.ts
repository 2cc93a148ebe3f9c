/**
 * A Terraform configuration (`.tf` through hcl2json, or `.tf.json`) into facts. Terraform reads every file of a
 * directory as one module, so a cluster in main.tf may use a key in kms.tf, a default in variables.tf and a value in
 * terraform.tfvars: the facts of a directory are rebuilt whenever another of its files is read, whatever the order.
 */
import path from 'node:path';
import { child } from '../location.js';
import { isRecord } from '../detect.js';
import type { SourceObject } from '../detect.js';
import type { Inventory } from '../inventory.js';
import type { ReadResult } from '../yaml.js';
import { moduleFacts } from './tf-eks-module.js';
import { resourceFacts } from './tf-resources.js';
import type { TerraformFacts } from './tf-resources.js';
import { soleExpression } from './tf-scope.js';
import type { Resolved, Scope, TfResource } from './tf-scope.js';

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

export function configScope(files: readonly SourceObject[], varFiles: readonly SourceObject[] = []): Scope {
  const variables = new Map(labelled(files, 'variable').map((v) => [v.name, v]));
  const auto = varFiles.filter((f) => isAutoVars(f.document.origin.file)).sort(autoVarsOrder);
  const chosen = varFiles.filter((f) => !isAutoVars(f.document.origin.file));
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
    const expr = soleExpression(raw);
    const v = expr && /^var\.([\w-]+)$/.exec(expr);
    if (v) {
      const optional = chosen.find((f) => f.value[v[1]!] !== undefined);
      if (optional) return { unresolved: `var.${v[1]} is set in ${path.basename(optional.document.origin.file)}, which applies only when passed with -var-file` };
      const fromAuto = auto.filter((f) => f.value[v[1]!] !== undefined).at(-1);
      if (fromAuto) return resolve(fromAuto.value[v[1]!]);
      const decl = variables.get(v[1]!);
      const def = isRecord(decl?.value) ? decl.value.default : undefined;
      // A default in the same directory is the value unless a tfvars file or -var overrides it; keelson takes it.
      if (def !== undefined && def !== null) return resolve(def);
      return { unresolved: `var.${v[1]} has no default: its value is given at plan time` };
    }
    return { unresolved: `${expr ?? raw} is known only at plan or apply time` };
  };
  return {
    resolve,
    resources: (type) => labelled(files, 'resource', type),
    referenced(raw, type) {
      const expr = typeof raw === 'string' ? soleExpression(raw) : undefined;
      const m = expr && new RegExp(`^${type}\\.([\\w-]+)(\\[[^\\]]*\\])?\\.\\w+$`).exec(expr);
      return m ? labelled(files, 'resource', type).find((r) => r.name === m[1]) : undefined;
    },
  };
}

export function configFacts(files: readonly SourceObject[], varFiles: readonly SourceObject[] = []): TerraformFacts {
  const scope = configScope(files, varFiles);
  const raw = resourceFacts(scope);
  const mod = moduleFacts(scope, labelled(files, 'module'));
  return { clusters: [...raw.clusters, ...mod.clusters], nodeGroups: [...raw.nodeGroups, ...mod.nodeGroups] };
}

interface Directory {
  readonly files: SourceObject[];
  readonly varFiles: SourceObject[];
  facts: TerraformFacts;
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
  if (!dir) dirs.set(key, (dir = { files: [], varFiles: [], facts: { clusters: [], nodeGroups: [] } }));
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
  dir.facts = configFacts(dir.files, dir.varFiles);
  inv.clusters.push(...dir.facts.clusters);
  inv.nodeGroups.push(...dir.facts.nodeGroups);
}
