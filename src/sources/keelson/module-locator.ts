/**
 * Where a definition's field is written in a keelson.config.ts: the property of the object literal given to
 * defineCluster (or exported), found by walking the literal's nesting. Values computed in code (a variable, a
 * spread, a function call) have no literal of their own: the location is then that of the nearest property written.
 */
import type { PathKey } from '../location.js';

/** Skips a string, template literal or comment that starts at `i`; returns `i` when none starts there. */
function skipOpaque(t: string, i: number): number {
  const c = t[i];
  if (c === '/' && t[i + 1] === '/') {
    const nl = t.indexOf('\n', i);
    return nl < 0 ? t.length : nl;
  }
  if (c === '/' && t[i + 1] === '*') {
    const close = t.indexOf('*/', i + 2);
    return close < 0 ? t.length : close + 2;
  }
  if (c === '"' || c === "'" || c === '`') {
    for (let j = i + 1; j < t.length; j++) {
      if (t[j] === '\\') j++;
      else if (t[j] === c) return j + 1;
      else if (c !== '`' && t[j] === '\n') return j;
    }
    return t.length;
  }
  return i;
}

/** The offset just past the bracket that closes the one at `open`. */
function closing(t: string, open: number): number {
  let depth = 0;
  for (let i = open; i < t.length; ) {
    const skipped = skipOpaque(t, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    const c = t[i];
    if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return t.length;
}

const KEY = /^(?:([A-Za-z_$][\w$]*)|"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)')\s*:/;

/** The property `key` directly inside the object literal whose `{` is at `open`: its key's offset and its value's. */
function property(t: string, open: number, key: string): { keyAt: number; valueAt: number } | undefined {
  const end = closing(t, open);
  let depth = 0;
  for (let i = open; i < end; ) {
    const c = t[i]!;
    const keyHere = depth === 1 && /[A-Za-z_$"']/.test(c) && /[\s{,]/.test(t[i - 1] ?? ' ');
    const skipped = keyHere ? i : skipOpaque(t, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') depth--;
    else if (keyHere) {
      const m = KEY.exec(t.slice(i, i + 200));
      if (m) {
        const name = m[1] ?? m[2] ?? m[3];
        if (name === key) {
          let v = i + m[0].length;
          while (v < end && /\s/.test(t[v]!)) v++;
          return { keyAt: i, valueAt: v };
        }
        i += m[0].length;
        continue;
      }
      // Not a key: a string value (skipped whole) or an identifier.
      const past = skipOpaque(t, i);
      if (past !== i) i = past;
      else while (i < end && /[\w$]/.test(t[i]!)) i++;
      continue;
    }
    i++;
  }
  return undefined;
}

/** The start of item `index` of the array literal whose `[` is at `open`. */
function element(t: string, open: number, index: number): number | undefined {
  const end = closing(t, open) - 1;
  let depth = 0;
  let n = 0;
  let expecting = true;
  for (let i = open + 1; i < end; ) {
    const skipped = skipOpaque(t, i);
    const c = t[i]!;
    if (skipped !== i && (c === '/' || !expecting)) {
      i = skipped;
      continue;
    }
    if (expecting && !/\s/.test(c)) {
      if (n === index) return i;
      expecting = false;
      if (skipped !== i) {
        i = skipped;
        continue;
      }
    }
    if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') depth--;
    else if (c === ',' && depth === 0) {
      n++;
      expecting = true;
    }
    i++;
  }
  return undefined;
}

/** The `{` of the definition's object literal: defineCluster's argument, else the default export. */
function definitionStart(t: string): number | undefined {
  for (const re of [/defineCluster\s*\(\s*\{/, /export\s+default\s*\{/]) {
    const m = re.exec(t);
    if (m) return m.index + m[0].length - 1;
  }
  return undefined;
}

/** The offset of `path` in a config module's source, or of its nearest written parent; the file's start when none. */
export function moduleOffset(text: string, path: readonly PathKey[]): number {
  const start = definitionStart(text);
  if (start === undefined) return 0;
  let node: number = start;
  let offset = start;
  for (const key of path) {
    if (typeof key === 'number') {
      const item: number | undefined = text[node] === '[' ? element(text, node, key) : undefined;
      if (item === undefined) break;
      offset = item;
      node = item;
      continue;
    }
    if (text[node] !== '{') break;
    const found = property(text, node, key);
    if (!found) break;
    offset = found.keyAt;
    node = found.valueAt;
  }
  return offset;
}
