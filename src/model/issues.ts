/** Turns zod issues into keelson Problems: field path, value, what is allowed and the fix. */
import type { z } from 'zod';
import type { Problem, SourceLocation } from '../errors.js';

export type PathKey = PropertyKey;

export function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out ? `.${String(k)}` : String(k);
  return out || '(root)';
}

export function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let cur: unknown = root;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

export function showValue(v: unknown): string {
  if (v === undefined) return 'missing';
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** Locates a field path in the source (YAML positions); TS sources only have the path. */
export type Locator = (path: readonly PathKey[]) => SourceLocation;

// Keys the schema knows at a path, for "did you mean" on unknown fields.
export type KnownKeys = (path: readonly PathKey[]) => readonly string[];

export function issueToProblems(issue: z.core.$ZodIssue, input: unknown, locate: Locator, known: KnownKeys): Problem[] {
  const path = issue.path;
  const value = valueAt(input, path);
  const at = (p: readonly PathKey[]): SourceLocation => ({ ...locate(p), path: formatPath(p) });
  switch (issue.code) {
    case 'custom':
      return [{ location: at(path), message: `${issue.message} (value: ${showValue(value)})`, fix: (issue.params as { fix?: string } | undefined)?.fix }];
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const guess = closest(key, known(path));
        return {
          location: at([...path, key]),
          message: `unknown field "${key}"`,
          fix: guess ? `did you mean "${guess}"?` : `remove it; allowed fields here: ${known(path).join(', ')}`,
        };
      });
    case 'invalid_type':
      if (value === undefined) {
        return [{ location: at(path), message: `required field is missing (expected ${issue.expected})`, fix: `add ${formatPath(path)}` }];
      }
      return [{ location: at(path), message: `expected ${issue.expected}, got ${showValue(value)}`, fix: `set ${formatPath(path)} to a ${issue.expected}` }];
    case 'invalid_value': {
      const allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
      return [{ location: at(path), message: `${showValue(value)} is not allowed; allowed: ${allowed}`, fix: `use one of ${allowed}` }];
    }
    case 'too_small':
      return [{ location: at(path), message: `${showValue(value)} is too small: ${issue.message}`, fix: `use ${issue.origin === 'array' ? 'at least' : 'a value of at least'} ${String(issue.minimum)}${issue.origin === 'array' ? ' entries' : ''}` }];
    case 'too_big':
      return [{ location: at(path), message: `${showValue(value)} is too big: ${issue.message}`, fix: `use at most ${String(issue.maximum)}` }];
    case 'invalid_format':
      return [{ location: at(path), message: `${showValue(value)} is not ${issue.message}`, fix: `set ${formatPath(path)} to ${issue.message}` }];
    case 'invalid_union':
      return [{ location: at(path), message: `${showValue(value)} matches none of the allowed shapes`, fix: issue.message }];
    default:
      return [{ location: at(path), message: `${issue.message} (value: ${showValue(value)})`, fix: `correct ${formatPath(path)}` }];
  }
}
