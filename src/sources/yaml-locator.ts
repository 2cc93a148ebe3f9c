/**
 * Finds where a document path is inside the text of one YAML document, without a positioned parse.
 *
 * Large manifests are read by js-yaml, which keeps no positions; parsing a document again with the `yaml` library
 * just to place a finding costs about ten times the read. This scanner understands the part of YAML that manifests
 * are written in — block mappings and sequences by indentation, flow collections, quoted and plain scalars, block
 * scalars, comments — and answers `undefined` for anything it cannot decide (anchors, aliases, tags, explicit keys,
 * multi-line flow collections or quoted scalars inside block style, keys that are not plain strings, tabs, CRLF).
 * The caller then asks the `yaml` library, so an answer is either the library's answer or none.
 *
 * The offset it returns is the one `yaml` gives: the key of a mapping entry, the start of a sequence item's node,
 * or of the document's root node; for a missing path, that of its nearest existing parent.
 */
import type { PathKey } from './location.js';

/** A reason to stop: the scanner does not decide this document, and the caller falls back to the YAML library. */
class Undecided extends Error {}
const UNDECIDED = new Undecided();

function undecided(): never {
  throw UNDECIDED;
}

const enum ValueKind {
  Empty,
  Flow,
  Scalar,
}

/** One line of block-style YAML, as far as structure goes. Lines inside block scalars are never parsed. */
interface Line {
  readonly start: number;
  /** 0-based line number in the text. */
  readonly row: number;
  /** Column of the first content character. */
  readonly indent: number;
  /** Columns of the `- ` indicators that open the line (`- - a` has two). */
  readonly dashes: readonly number[];
  /** Column of the mapping key on this line (after any dashes), or -1. */
  readonly keyCol: number;
  /** The key as a string; undefined when the scanner cannot tell what string `yaml` would compare. */
  readonly key: string | undefined;
  readonly valueKind: ValueKind;
  /** Offset of the value on this line (after the key's colon, or after the dashes), or -1 when empty. */
  readonly valueOffset: number;
}

type Node =
  | { readonly kind: 'map'; readonly line: number; readonly col: number }
  | { readonly kind: 'seq'; readonly line: number; readonly col: number }
  | { readonly kind: 'flow'; readonly offset: number }
  | { readonly kind: 'scalar'; readonly offset: number }
  | { readonly kind: 'null' };

const NULL_NODE: Node = { kind: 'null' };
const NO_DASHES: number[] = [];

// Character tests on codes (charCodeAt): past the end of the text that gives NaN, which counts as blank.
function isBlank(c: number): boolean {
  return c === 32 || c === 10 || c !== c;
}

function isFlowIndicator(c: number): boolean {
  return c === 44 /* , */ || c === 91 /* [ */ || c === 93 /* ] */ || c === 123 /* { */ || c === 125 /* } */;
}

/** Characters that start something other than a plain scalar the scanner handles. */
function isUnhandledStart(c: number): boolean {
  return c === 38 /* & */ || c === 33 /* ! */ || c === 42 /* * */ || c === 37 /* % */ || c === 64 /* @ */ || c === 96 /* ` */ || c === 63 /* ? */ || c === 9;
}

/** Plain scalars the YAML 1.2 core schema resolves to null, a boolean or a number. */
const NOT_A_STRING = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const SAFE_INTEGER = /^(?:0|[1-9][0-9]{0,14})$/;

/** The string `yaml`'s key comparison sees for a plain key (`String(value)` under the core schema), when it is certain. */
function plainKey(text: string): string | undefined {
  if (text === '') return undefined;
  // Only these first characters can start a null, boolean or number: most keys (apiVersion, spec) skip the pattern.
  const c = text.charCodeAt(0);
  const couldBeOther = c < 65 /* A */ || c === 78 /* N */ || c === 84 /* T */ || c === 70 /* F */ || c === 110 /* n */ || c === 116 /* t */ || c === 102 /* f */ || c > 122 /* z */;
  if (couldBeOther && NOT_A_STRING.test(text)) return SAFE_INTEGER.test(text) ? text : undefined;
  return text;
}

function makeLine(start: number, row: number, indent: number, dashes: readonly number[], keyCol: number, key: string | undefined, valueKind: ValueKind, valueOffset: number): Line {
  return { start, row, indent, dashes, keyCol, key, valueKind, valueOffset };
}

/** The colon that ends a plain key starting at `i` (`: ` or `:` at the line end, before any ` #` comment), or -1. */
function keyColon(t: string, i: number, end: number): number {
  for (let j = i; j < end; j++) {
    const c = t.charCodeAt(j);
    if (c === 58 /* : */ && (j + 1 === end || t.charCodeAt(j + 1) === 32)) return j;
    if (c === 35 /* # */ && t.charCodeAt(j - 1) === 32) return -1;
  }
  return -1;
}

/** 0-based line and 1-based column of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Lines are parsed as a walk reaches them, not all up front: a finding on `metadata` reads three lines of a long
 * document. What comes after the answer cannot move it, and the YAML library has already accepted the document.
 */
export class YamlLocator {
  private readonly text: string;
  /** The lines parsed so far (blank, comment and block-scalar lines are not kept). */
  private readonly lines: Line[] = [];
  /** Offset and 0-based number of the next line to parse. */
  private next = 0;
  private row = 0;
  /** Lines more indented than this belong to a block scalar and are skipped; -1 when not in one. */
  private scalarParent = -1;
  /** Set when the document's root is a flow collection (JSON): navigated by offsets, not by lines. */
  private flowRoot = -1;
  private rootOffset = 0;
  private readonly decided: boolean;

  constructor(text: string) {
    this.text = text;
    try {
      this.prepare();
      this.decided = true;
    } catch (e) {
      if (!(e instanceof Undecided)) throw e;
      this.decided = false;
    }
  }

  /** 0-based line and 1-based column of `path` (or of its nearest existing parent), or undefined when the scanner cannot decide. */
  positionOf(path: readonly PathKey[]): { line: number; column: number } | undefined {
    const offset = this.offsetOf(path);
    if (offset === undefined) return undefined;
    // In block style the answer is on a parsed line, whose number is known.
    const lines = this.lines;
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid]!.start <= offset) lo = mid;
      else hi = mid - 1;
    }
    const line = lines[lo];
    if (this.flowRoot < 0 && line && line.start <= offset && offset < this.next) return { line: line.row, column: offset - line.start + 1 };
    return lineColumn(this.text, offset);
  }

  /** The offset of `path` (or of its nearest existing parent) in the text, or undefined when the scanner cannot decide. */
  offsetOf(path: readonly PathKey[]): number | undefined {
    if (!this.decided) return undefined;
    try {
      return this.walk(path);
    } catch (e) {
      if (e instanceof Undecided) return undefined;
      throw e;
    }
  }

  private prepare(): void {
    const t = this.text;
    if (t.includes('\r') || t.charCodeAt(0) === 0xfeff) undecided();
    const first = this.skipSpace(0, t.length, true);
    if (first >= t.length) {
      this.next = t.length;
      this.rootOffset = first;
      return;
    }
    const c = t[first];
    if (c === '{' || c === '[') {
      const end = this.skipFlow(first, t.length);
      if (this.skipSpace(end, t.length, true) < t.length) undecided();
      this.flowRoot = first;
      this.rootOffset = first;
      this.next = t.length;
      return;
    }
    this.rootOffset = first;
  }

  // --- block style: lines --------------------------------------------------------------------------------------

  /** Line `k` of the kept lines, parsing on as far as needed; undefined past the last one. */
  private line(k: number): Line | undefined {
    const lines = this.lines;
    while (lines.length <= k && this.next < this.text.length) this.parseNext();
    return lines[k];
  }

  /** Parses the next line of the text. On Undecided nothing has moved, so asking again throws again. */
  private parseNext(): void {
    const t = this.text;
    const start = this.next;
    let end = t.indexOf('\n', start);
    if (end < 0) end = t.length;
    let i = start;
    while (i < end && t.charCodeAt(i) === 32) i++;
    const blank = i === end || t.charCodeAt(i) === 35; /* # */
    if (this.scalarParent >= 0 && (blank || i - start > this.scalarParent)) {
      this.next = end + 1;
      this.row++;
      return;
    }
    if (!blank) {
      const line = this.parseLine(start, i, end, this.row);
      this.scalarParent = -1;
      if (line.valueKind === ValueKind.Scalar && (t.charCodeAt(line.valueOffset) === 124 /* | */ || t.charCodeAt(line.valueOffset) === 62) /* > */) {
        this.scalarParent = line.keyCol >= 0 ? line.keyCol : (line.dashes[line.dashes.length - 1] ?? line.indent);
      }
      this.lines.push(line);
    }
    this.next = end + 1;
    this.row++;
  }

  private parseLine(start: number, first: number, end: number, row: number): Line {
    const t = this.text;
    let dashes: number[] = NO_DASHES;
    let i = first;
    while (t.charCodeAt(i) === 45 /* - */ && (i + 1 === end || t.charCodeAt(i + 1) === 32)) {
      if (dashes === NO_DASHES) dashes = [];
      dashes.push(i - start);
      i++;
      while (i < end && t.charCodeAt(i) === 32) i++;
    }
    const indent = first - start;
    if (i === end || t[i] === '#') return makeLine(start, row, indent, dashes, -1, undefined, ValueKind.Empty, -1);
    const c = t[i];
    if (isUnhandledStart(t.charCodeAt(i)) || (c === ':' && isBlank(t.charCodeAt(i + 1)))) undecided();
    if (c === '{' || c === '[') {
      // A flow collection as a key, or one that goes on past this line, is for the YAML library.
      const after = this.skipSpace(this.flowEnd(i, end), end, false);
      if (after < end && t[after] !== '#') undecided();
      return makeLine(start, row, indent, dashes, -1, undefined, ValueKind.Flow, i);
    }
    if (c === '|' || c === '>') {
      if (dashes.length === 0) undecided();
      this.checkBlockScalarHeader(i, end);
      return makeLine(start, row, indent, dashes, -1, undefined, ValueKind.Scalar, i);
    }
    let key: string | undefined;
    let colon: number;
    if (c === '"' || c === "'") {
      const close = this.skipQuoted(i, end);
      const after = this.skipSpace(close, end, false);
      if (t[after] !== ':' || !isBlank(t.charCodeAt(after + 1))) {
        if (after < end && t[after] !== '#') undecided();
        return makeLine(start, row, indent, dashes, -1, undefined, ValueKind.Scalar, i);
      }
      key = this.quotedKey(i, close);
      colon = after;
    } else {
      colon = keyColon(t, i, end);
      if (colon < 0) return makeLine(start, row, indent, dashes, -1, undefined, ValueKind.Scalar, i);
      let keyEnd = colon;
      while (keyEnd > i && (t.charCodeAt(keyEnd - 1) === 32 || t.charCodeAt(keyEnd - 1) === 9)) keyEnd--;
      key = plainKey(t.slice(i, keyEnd));
    }
    const v = this.skipSpace(colon + 1, end, false);
    const keyCol = i - start;
    if (v === end || t[v] === '#') return makeLine(start, row, indent, dashes, keyCol, key, ValueKind.Empty, -1);
    return makeLine(start, row, indent, dashes, keyCol, key, this.inlineValue(v, end), v);
  }

  /** A value that starts on its key's line: it must end on that line too. */
  private inlineValue(v: number, end: number): ValueKind {
    const t = this.text;
    const c = t[v];
    if (isUnhandledStart(t.charCodeAt(v)) || (c === '-' && isBlank(t.charCodeAt(v + 1)))) undecided();
    if (c === '{' || c === '[') {
      const after = this.skipSpace(this.flowEnd(v, end), end, false);
      if (after < end && t[after] !== '#') undecided();
      return ValueKind.Flow;
    }
    if (c === '"' || c === "'") {
      const after = this.skipSpace(this.skipQuoted(v, end), end, false);
      if (after < end && t[after] !== '#') undecided();
      return ValueKind.Scalar;
    }
    if (c === '|' || c === '>') {
      this.checkBlockScalarHeader(v, end);
      return ValueKind.Scalar;
    }
    // A plain scalar; `a: b: c` is not one, and goes to the YAML library to say so.
    if (keyColon(t, v, end) >= 0) undecided();
    return ValueKind.Scalar;
  }

  private checkBlockScalarHeader(i: number, end: number): void {
    let j = i + 1;
    while (j < end && /[0-9+-]/.test(this.text[j]!)) j++;
    j = this.skipSpace(j, end, false);
    if (j < end && this.text[j] !== '#') undecided();
  }

  /** The node that starts at column `col` of line `k`. */
  private nodeAt(k: number, col: number): Node {
    const line = this.line(k)!;
    if (line.dashes.includes(col)) return { kind: 'seq', line: k, col };
    if (line.keyCol === col) return { kind: 'map', line: k, col };
    if (line.valueOffset - line.start === col) return line.valueKind === ValueKind.Flow ? { kind: 'flow', offset: line.valueOffset } : { kind: 'scalar', offset: line.valueOffset };
    return undecided();
  }

  /** The value of the key on line `k` of a mapping whose keys are at column `col`. */
  private mapValue(k: number, col: number): Node {
    const line = this.line(k)!;
    if (line.valueKind === ValueKind.Flow) return { kind: 'flow', offset: line.valueOffset };
    if (line.valueKind === ValueKind.Scalar) return { kind: 'scalar', offset: line.valueOffset };
    const next = this.line(k + 1);
    if (!next) return NULL_NODE;
    if (next.indent > col) return this.nodeAt(k + 1, next.indent);
    // A sequence may sit at its key's own indentation.
    if (next.indent === col && next.dashes[0] === col) return { kind: 'seq', line: k + 1, col };
    return NULL_NODE;
  }

  /** The node of the sequence item whose dash is at column `col` of line `k`. */
  private seqItem(k: number, col: number): Node {
    const line = this.line(k)!;
    const d = line.dashes.indexOf(col);
    const nextDash = line.dashes[d + 1];
    if (nextDash !== undefined) return { kind: 'seq', line: k, col: nextDash };
    if (line.keyCol >= 0) return { kind: 'map', line: k, col: line.keyCol };
    if (line.valueKind === ValueKind.Flow) return { kind: 'flow', offset: line.valueOffset };
    if (line.valueKind === ValueKind.Scalar) return { kind: 'scalar', offset: line.valueOffset };
    const next = this.line(k + 1);
    if (next && next.indent > col) return this.nodeAt(k + 1, next.indent);
    // An empty item: where `yaml` puts its null is not worth guessing.
    return undecided();
  }

  private findBlockKey(node: { line: number; col: number }, key: string): { offset: number; value: Node } | undefined {
    for (let k = node.line; ; k++) {
      const line = this.line(k);
      if (!line) return undefined;
      if (k > node.line) {
        if (line.indent < node.col) return undefined;
        if (line.indent > node.col || line.dashes[0] === node.col) continue;
      }
      if (line.keyCol !== node.col) undecided();
      if (line.key === undefined) undecided();
      if (line.key === key) return { offset: line.start + node.col, value: this.mapValue(k, node.col) };
    }
    return undefined;
  }

  private findBlockItem(node: { line: number; col: number }, index: number): Node | undefined {
    let n = 0;
    for (let k = node.line; ; k++) {
      const line = this.line(k);
      if (!line) return undefined;
      if (k > node.line) {
        if (line.indent < node.col) return undefined;
        if (line.indent > node.col) continue;
        if (line.dashes[0] !== node.col) return undefined;
      }
      if (n === index) return this.seqItem(k, node.col);
      n++;
    }
    return undefined;
  }

  private startOf(node: Node): number {
    switch (node.kind) {
      case 'map':
      case 'seq':
        return this.line(node.line)!.start + node.col;
      case 'flow':
      case 'scalar':
        return node.offset;
      default:
        return undecided();
    }
  }

  private walk(path: readonly PathKey[]): number {
    let node: Node;
    if (this.flowRoot >= 0) node = { kind: 'flow', offset: this.flowRoot };
    else {
      const first = this.line(0);
      if (!first) return this.rootOffset;
      node = this.nodeAt(0, first.indent);
    }
    let offset = this.rootOffset;
    for (const key of path) {
      let found: { offset: number; value: Node } | undefined;
      if (node.kind === 'map') {
        found = this.findBlockKey(node, String(key));
      } else if (node.kind === 'seq' && typeof key === 'number') {
        const item = this.findBlockItem(node, key);
        if (item) found = { offset: this.startOf(item), value: item };
      } else if (node.kind === 'flow') {
        found = this.findFlow(node.offset, key);
      }
      if (!found) break;
      offset = found.offset;
      node = found.value;
    }
    return offset;
  }

  // --- flow style: offsets -------------------------------------------------------------------------------------

  /** Skips spaces (and newlines and comments when `multiline`); a `#` only starts a comment after whitespace. */
  private skipSpace(i: number, end: number, multiline: boolean): number {
    const t = this.text;
    while (i < end) {
      const c = t.charCodeAt(i);
      if (c === 32) i++;
      else if (multiline && c === 10) i++;
      else if (multiline && c === 35 /* # */ && (i === 0 || t.charCodeAt(i - 1) === 32 || t.charCodeAt(i - 1) === 10)) {
        const nl = t.indexOf('\n', i);
        i = nl < 0 ? t.length : nl;
      } else break;
    }
    return i;
  }

  /** The offset just past the quoted scalar at `i`; undecided when it does not close before `end`. */
  private skipQuoted(i: number, end: number): number {
    const t = this.text;
    const q = t[i];
    for (let j = i + 1; j < end; j++) {
      const c = t[j];
      if (q === '"' && c === '\\') j++;
      else if (c === q) {
        if (q === "'" && t[j + 1] === "'") j++;
        else return j + 1;
      }
    }
    return undecided();
  }

  private quotedKey(i: number, close: number): string | undefined {
    const body = this.text.slice(i + 1, close - 1);
    if (body.includes('\n')) return undefined;
    if (this.text[i] === "'") return body.replaceAll("''", "'");
    return body.includes('\\') ? undefined : body;
  }

  /** The end of a plain scalar in flow context that starts at `i`. */
  private plainFlowEnd(i: number, end: number): number {
    const t = this.text;
    let j = i;
    while (j < end) {
      const c = t.charCodeAt(j);
      if (isFlowIndicator(c)) break;
      if (c === 58 /* : */ && (isBlank(t.charCodeAt(j + 1)) || isFlowIndicator(t.charCodeAt(j + 1)))) break;
      if (c === 35 /* # */ && (t.charCodeAt(j - 1) === 32 || t.charCodeAt(j - 1) === 10)) break;
      if (c === 10) {
        // The scalar ends at the line break only if what follows ends it; otherwise it folds onto the next line.
        const k = this.skipSpace(j, end, true);
        const n = t.charCodeAt(k);
        if (k >= end || isFlowIndicator(n) || (n === 58 && (isBlank(t.charCodeAt(k + 1)) || isFlowIndicator(t.charCodeAt(k + 1))))) break;
        undecided();
      }
      j++;
    }
    return j;
  }

  /** One scalar or collection in flow context: its end offset. */
  private skipFlowNode(i: number, end: number): number {
    const c = this.text.charCodeAt(i);
    if (c === 123 || c === 91) return this.skipFlow(i, end);
    if (c === 34 /* " */ || c === 39 /* ' */) return this.skipQuoted(i, end);
    if (isUnhandledStart(c) || c === 124 /* | */ || c === 62 /* > */ || c !== c) undecided();
    return this.plainFlowEnd(i, end);
  }

  /**
   * skipFlow for a flow collection that starts and ends on one line (`labels: {app: web, tier: front}`), by counting
   * brackets: decided only when nothing on the line could make a bracket mean anything else (no quotes, comments,
   * anchors, tags or block indicators); otherwise skipFlow reads it token by token.
   */
  private flowEnd(i: number, end: number): number {
    const t = this.text;
    let open = 0;
    let closers = 0; // the closing brackets expected, two bits each: 1 for }, 2 for ]
    for (let j = i; j < end && open < 15; j++) {
      const c = t.charCodeAt(j);
      if (c === 123 /* { */ || c === 91 /* [ */) {
        closers = closers * 4 + (c === 123 ? 1 : 2);
        open++;
      } else if (c === 125 /* } */ || c === 93 /* ] */) {
        if (open === 0 || closers % 4 !== (c === 125 ? 1 : 2)) break;
        closers = Math.floor(closers / 4);
        if (--open === 0) return j + 1;
      } else if (c === 34 || c === 39 || c === 35 || c === 124 || c === 62 || isUnhandledStart(c)) break;
    }
    return this.skipFlow(i, end);
  }

  /** The offset just past the flow collection at `i`; undecided when it does not close before `end`. */
  private skipFlow(i: number, end: number): number {
    const t = this.text;
    const close = t.charCodeAt(i) === 123 /* { */ ? 125 /* } */ : 93; /* ] */
    let j = i + 1;
    for (;;) {
      j = this.skipSpace(j, end, true);
      if (j >= end) undecided();
      const c = t.charCodeAt(j);
      if (c === close) return j + 1;
      if (c === 44 /* , */ || c === 58 /* : */) {
        j++;
        continue;
      }
      if (c === 125 || c === 93) undecided();
      j = this.skipFlowNode(j, end);
    }
  }

  private findFlow(offset: number, key: PathKey): { offset: number; value: Node } | undefined {
    const t = this.text;
    const end = t.length;
    const isMap = t[offset] === '{';
    if (!isMap && typeof key !== 'number') return undefined;
    const close = isMap ? '}' : ']';
    let j = offset + 1;
    let index = 0;
    for (;;) {
      j = this.skipSpace(j, end, true);
      const c = t[j];
      if (c === close) return undefined;
      if (c === ',' || c === undefined) undecided();
      const start = j;
      let keyText: string | undefined;
      if (c === '"' || c === "'") {
        j = this.skipQuoted(j, end);
        keyText = this.quotedKey(start, j);
      } else if (c === '{' || c === '[') {
        j = this.skipFlow(j, end);
      } else {
        if (isUnhandledStart(t.charCodeAt(j)) || c === '|' || c === '>') undecided();
        j = this.plainFlowEnd(j, end);
        keyText = plainKey(t.slice(start, j).trimEnd());
      }
      j = this.skipSpace(j, end, true);
      let value: Node = NULL_NODE;
      if (t[j] === ':') {
        // A `key: value` pair inside a flow sequence is a one-entry map: for the YAML library.
        if (!isMap) undecided();
        j = this.skipSpace(j + 1, end, true);
        if (t[j] !== ',' && t[j] !== close) {
          const v = j;
          j = this.skipFlowNode(j, end);
          value = t[v] === '{' || t[v] === '[' ? { kind: 'flow', offset: v } : { kind: 'scalar', offset: v };
        }
        j = this.skipSpace(j, end, true);
      } else if (isMap) {
        value = NULL_NODE;
      } else {
        value = c === '{' || c === '[' ? { kind: 'flow', offset: start } : { kind: 'scalar', offset: start };
      }
      if (isMap) {
        if (t[start] === '{' || t[start] === '[') undecided();
        if (keyText === undefined) undecided();
        if (keyText === String(key)) return { offset: start, value };
      } else if (index === key) {
        return { offset: start, value };
      }
      index++;
      if (t[j] === ',') j++;
      else if (t[j] !== close) undecided();
    }
  }
}
