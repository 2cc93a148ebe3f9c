/**
 * Terraform values as facts. A configuration (HCL via hcl2json, or `.tf.json`) writes references as `${...}` strings,
 * and a plan has them already evaluated; a Scope hides that difference from the readers of resources and modules.
 */
import { child } from '../location.js';
import type { At } from '../location.js';
import { isRecord } from '../detect.js';
import type { Fact } from '../fact.js';

/** A value inside an input together with where it is. */
export interface Located {
  readonly value: unknown;
  readonly at: At;
}

export interface TfResource extends Located {
  readonly type: string;
  readonly name: string;
}

export type Resolved = { readonly value: unknown } | { readonly unresolved: string };

export interface Scope {
  /** Turns a raw value into a known value, or the reason it is known only at plan or apply time. */
  resolve(raw: unknown): Resolved;
  /** The resource a reference like `aws_kms_key.eks.arn` points at, when it is in the inputs. */
  referenced(raw: unknown, type: string): TfResource | undefined;
  resources(type: string): TfResource[];
}

/** A nested block: hcl2json lists blocks (`vpc_config: [{...}]`); `.tf.json` may write a single object. */
export function block(parent: Located, name: string, index = 0): Located {
  const v = isRecord(parent.value) ? parent.value[name] : undefined;
  if (Array.isArray(v)) return { value: v[index], at: child(parent.at, name, index) };
  return { value: v, at: child(parent.at, name) };
}

/** An object-valued attribute (a module input such as `cluster_encryption_config = {...}`). */
export function field(parent: Located, name: string): Located {
  return { value: isRecord(parent.value) ? parent.value[name] : undefined, at: child(parent.at, name) };
}

/**
 * An object-valued input that may be written as a reference (`eks_managed_node_groups = var.node_groups`): a variable
 * default or tfvars value stands in for it, located at the attribute that uses it.
 */
export function objectField(scope: Scope, parent: Located, name: string): Located & { readonly unresolved?: string } {
  const f = field(parent, name);
  if (typeof f.value !== 'string') return f;
  const r = scope.resolve(f.value);
  return 'unresolved' in r ? { ...f, unresolved: r.unresolved } : { value: r.value, at: f.at };
}

/** An attribute as a Fact: a missing one takes `fallback` (marked defaulted) and locates to its nearest parent. */
export function attr<T>(scope: Scope, parent: Located, name: string, fallback?: T): Fact<T> {
  const at = child(parent.at, name);
  const raw = isRecord(parent.value) ? parent.value[name] : undefined;
  if (raw === undefined || raw === null) return fallback === undefined ? { value: undefined, at } : { value: fallback, at, defaulted: true };
  const r = scope.resolve(raw);
  if ('unresolved' in r) return { value: undefined, at, unresolved: r.unresolved };
  return { value: r.value as T, at };
}

/** A value already found (a module input picked from the group or its defaults) as a Fact. */
export function located<T>(scope: Scope, loc: Located): Fact<T> {
  if (loc.value === undefined || loc.value === null) return { value: undefined, at: loc.at };
  const r = scope.resolve(loc.value);
  return 'unresolved' in r ? { value: undefined, at: loc.at, unresolved: r.unresolved } : { value: r.value as T, at: loc.at };
}

/** Terraform's string-typed booleans (`encrypted = "true"` in a plan) as booleans. */
export function asBoolean(f: Fact<unknown>): Fact<boolean> {
  if (f.value === 'true') return { ...f, value: true };
  if (f.value === 'false') return { ...f, value: false };
  return f as Fact<boolean>;
}

/** The index part of an instance address: `[0]`, `["a"]`, or nothing. */
export function indexSuffix(k: number | string | undefined): string {
  return k === undefined ? '' : typeof k === 'number' ? `[${k}]` : `[${JSON.stringify(k)}]`;
}

/** The expression of a string that is exactly one interpolation, `${var.x}` → `var.x`. */
export function soleExpression(s: string): string | undefined {
  if (!s.startsWith('${') || !s.endsWith('}')) return undefined;
  const inner = s.slice(2, -1);
  return inner.includes('${') ? undefined : inner.trim();
}
