/** A located value: what the input says (or the default that applies) and where, so a rule can point at it. */
import { child } from './location.js';
import type { At, PathKey } from './location.js';
import { isRecord } from './detect.js';

export interface Fact<T = unknown> {
  /** The value; undefined when the field is absent and no default applies. */
  readonly value: T | undefined;
  /** Where the field is, or would be: a missing field locates to its nearest parent. */
  readonly at: At;
  /** True when the input omits the field and the tool's documented default applies. */
  readonly defaulted?: boolean;
  /** Set when the value is only known at deploy time (a CloudFormation `Ref` to a parameter): rules cannot decide. */
  readonly unresolved?: string;
}

export function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (Array.isArray(v) && typeof k === 'number') v = v[k];
    else if (isRecord(v)) v = v[String(k)];
    else return undefined;
  }
  return v;
}

/** A CloudFormation intrinsic (`{Ref: X}`, `{"Fn::GetAtt": ...}`) whose value is decided at deploy time. */
export function intrinsicName(v: unknown): string | undefined {
  if (!isRecord(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  const k = keys[0] as string;
  return k === 'Ref' || k.startsWith('Fn::') ? k : undefined;
}

/** Reads `path` under `base` (a path inside `root`, located at `at`) into a Fact, applying a default when absent. */
export function factAt<T>(root: unknown, at: At, path: readonly PathKey[], fallback?: T): Fact<T> {
  const where = child(at, ...path);
  const raw = valueAt(root, path);
  if (raw === undefined || raw === null) {
    return fallback === undefined ? { value: undefined, at: where } : { value: fallback, at: where, defaulted: true };
  }
  const intrinsic = intrinsicName(raw);
  if (intrinsic) return { value: undefined, at: where, unresolved: `${intrinsic} ${JSON.stringify(Object.values(raw as object)[0])} is known only at deploy time` };
  return { value: raw as T, at: where };
}

/**
 * A map's entries as strings (null values dropped). A map whose values are all strings already — nearly every label
 * and annotation map — is returned as it is, not copied: 100,000 manifests would otherwise hold two of each.
 */
export function stringRecord(v: unknown): Record<string, string> {
  if (!isRecord(v)) return {};
  const proto = Object.getPrototypeOf(v) as unknown;
  let allStrings = proto === Object.prototype || proto === null;
  if (allStrings) for (const k in v) {
    if (typeof v[k] !== 'string' || !Object.hasOwn(v, k)) {
      allStrings = false;
      break;
    }
  }
  if (allStrings) return v as Record<string, string>;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = String(x);
  return out;
}
