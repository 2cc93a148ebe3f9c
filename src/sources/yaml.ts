/**
 * The located YAML/JSON reader: every input file becomes Documents whose values can be located to file:line:column.
 * JSON is read by the same parser (JSON is YAML 1.2), so JSON inputs get positions too.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Pair, parseAllDocuments, Scalar, YAMLMap } from 'yaml';
import type { Document, Node as YamlNode, ParseOptions, ScalarTag, CollectionTag } from 'yaml';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import type { SourceLocation } from '../errors.js';
import { formatDocPath } from './location.js';
import type { Origin, PathKey } from './location.js';

/** Larger inputs are skipped with a notice: real manifests and templates are far smaller, and memory stays bounded. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
/** An alias budget per document: enough for real anchors, far too few for a "billion laughs" bomb. */
export const MAX_ALIAS_COUNT = 1000;

export interface SourceDocument {
  readonly origin: Origin;
  readonly value: unknown;
  /** The raw text of the whole file; a keelson definition is re-parsed from it by src/model. */
  readonly text: string;
  readonly documentCount: number;
}

export type NoticeKind = 'skipped' | 'syntax' | 'rejected' | 'invalid';

/** Something about an input the user should know that is not a rule finding: a skipped file, a syntax error. */
export interface Notice {
  readonly kind: NoticeKind;
  readonly message: string;
  readonly location: SourceLocation;
}

export interface ReadResult {
  readonly documents: SourceDocument[];
  readonly notices: Notice[];
}

const INTRINSICS = ['Ref', 'Condition', 'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'ToJsonString', 'Length'];

function intrinsicKey(name: string): string {
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

function wrap(key: string, value: unknown, range: YamlNode['range'] | undefined): YAMLMap {
  // The long form as a real map node, so a path like ['Fn::Join', 1] still locates inside the short form.
  const map = new YAMLMap();
  map.items.push(new Pair(new Scalar(key), value));
  if (range) map.range = range;
  return map;
}

/** CloudFormation short-form intrinsics (`!Ref X`, `!GetAtt A.B`, `!Sub [...]`) read as their long form. */
const cloudFormationTags: (ScalarTag | CollectionTag)[] = INTRINSICS.flatMap((name): (ScalarTag | CollectionTag)[] => {
  const key = intrinsicKey(name);
  const tag = `!${name}`;
  return [
    { tag, resolve: (str: string) => (name === 'GetAtt' ? { [key]: str.split('.') } : { [key]: str }) } as ScalarTag,
    { tag, collection: 'seq', resolve: (seq) => wrap(key, seq, seq.range) } as CollectionTag,
    { tag, collection: 'map', resolve: (map) => wrap(key, map, map.range) } as CollectionTag,
  ];
});

const PARSE_OPTIONS: ParseOptions & { customTags: typeof cloudFormationTags } = {
  customTags: cloudFormationTags,
  prettyErrors: false,
  uniqueKeys: false,
} as ParseOptions & { customTags: typeof cloudFormationTags };

export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

/** Reads one file's bytes. Never throws for bad content: problems become notices and the other documents are kept. */
export function readBytes(bytes: Uint8Array, file: string): ReadResult {
  if (bytes.length > MAX_FILE_BYTES) {
    return { documents: [], notices: [{ kind: 'skipped', message: `skipped: ${bytes.length} bytes is over the ${MAX_FILE_BYTES}-byte limit`, location: { file } }] };
  }
  if (looksBinary(bytes)) {
    return { documents: [], notices: [{ kind: 'skipped', message: 'skipped: binary file (not YAML or JSON)', location: { file } }] };
  }
  return readText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'), file);
}

interface Chunk {
  readonly start: number;
  readonly text: string;
}

/**
 * Splits a multi-document stream at its `---` lines when that is unambiguous: no anchors (so no aliases and no
 * alias bombs), no tags (CloudFormation short forms), no directives, no content on a `---` line. Otherwise the
 * positioned parse reads the file as before.
 */
export function splitDocuments(text: string): Chunk[] | undefined {
  if (/(^|[\s[{,:-])[&!]/m.test(text) || /^%/m.test(text)) return undefined;
  const chunks: Chunk[] = [];
  let start = 0;
  let pos = 0;
  while (pos <= text.length) {
    const end = text.indexOf('\n', pos);
    const lineEnd = end < 0 ? text.length : end;
    const line = text.slice(pos, lineEnd);
    if (line.startsWith('---') || line.startsWith('...')) {
      if (line.slice(3).trim() !== '' && !line.slice(3).trimStart().startsWith('#')) return undefined;
      if (pos > start || chunks.length > 0) chunks.push({ start, text: text.slice(start, pos) });
      start = lineEnd + 1;
    }
    if (end < 0) break;
    pos = end + 1;
  }
  if (start <= text.length) chunks.push({ start, text: text.slice(Math.min(start, text.length)) });
  return chunks.length >= 2 ? chunks : undefined;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * The fast path for large multi-document streams (`helm template`, `kustomize build`, snapshots): values come from
 * js-yaml, and a document is parsed again with positions only when a finding needs its location.
 */
function readChunks(chunks: readonly Chunk[], text: string, file: string): ReadResult {
  const starts = lineStarts(text);
  const pos = (offset: number, path?: readonly PathKey[]): SourceLocation => {
    const line = lineOf(starts, offset);
    const loc = { file, line: line + 1, column: offset - starts[line]! + 1 };
    return path && path.length > 0 ? { ...loc, path: formatDocPath(path) } : loc;
  };
  const documents: SourceDocument[] = [];
  const notices: Notice[] = [];
  chunks.forEach((chunk, docIndex) => {
    let value: unknown;
    try {
      value = loadYaml(chunk.text, { schema: CORE_SCHEMA, json: true });
    } catch {
      // Let the positioned parser say what is wrong, and where.
      const baseLine = lineOf(starts, chunk.start);
      for (const n of readText(chunk.text, file, false).notices) {
        notices.push({ ...n, location: n.location.line === undefined ? { file } : { file, line: baseLine + n.location.line, column: n.location.column } });
      }
      return;
    }
    if (value === null || value === undefined) return;
    let parsed: Document.Parsed | undefined;
    const origin: Origin = {
      file,
      docIndex,
      locate: (path) => {
        parsed ??= parseAllDocuments(chunk.text, PARSE_OPTIONS)[0] as Document.Parsed;
        return locateIn(parsed, path, (offset, p) => pos(chunk.start + offset, p));
      },
    };
    documents.push({ origin, value, text, documentCount: chunks.length });
  });
  return { documents, notices };
}

/** 0-based index of the line that holds `offset`. */
function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function readText(text: string, file: string, allowFast = true): ReadResult {
  const chunks = allowFast ? splitDocuments(text) : undefined;
  if (chunks) return readChunks(chunks, text, file);
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter });
  const pos = (offset: number, path?: readonly PathKey[]): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return path && path.length > 0 ? { file, line, column: col, path: formatDocPath(path) } : { file, line, column: col };
  };
  // An EmptyStream (a file of comments only) is not an array.
  const list = Array.isArray(docs) ? docs : [];
  const documents: SourceDocument[] = [];
  const notices: Notice[] = [];
  list.forEach((doc, docIndex) => {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) notices.push({ kind: 'syntax', message: `YAML syntax: ${e.message.split('\n')[0] ?? e.message}`, location: pos(e.pos[0]) });
      return;
    }
    if (doc.contents === null) return; // an empty document (e.g. a trailing `---`)
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      notices.push({ kind: 'rejected', message: `document rejected: ${why} (limit ${MAX_ALIAS_COUNT} alias expansions; an alias bomb?)`, location: pos(doc.contents.range?.[0] ?? 0) });
      return;
    }
    const origin: Origin = { file, docIndex, locate: (path) => locateIn(doc, path, pos) };
    documents.push({ origin, value, text, documentCount: list.length });
  });
  return { documents, notices };
}

function locateIn(doc: Document.Parsed, path: readonly PathKey[], pos: (offset: number, path?: readonly PathKey[]) => SourceLocation): SourceLocation {
  let node: unknown = doc.contents;
  let offset = (doc.contents as YamlNode | null)?.range?.[0] ?? 0;
  for (const key of path) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    let nextOffset: number | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyMatches(p.key, key));
      if (pair) {
        next = pair.value;
        nextOffset = (pair.key as YamlNode | null)?.range?.[0];
      }
    } else if (isSeq(node) && typeof key === 'number') {
      next = node.items[key];
      nextOffset = (next as YamlNode | undefined)?.range?.[0];
    }
    if (nextOffset === undefined) break;
    node = next;
    offset = nextOffset;
  }
  return pos(offset, path);
}

function keyMatches(k: unknown, key: PathKey): boolean {
  if (isScalar(k)) return String(k.value) === String(key);
  return String(k) === String(key);
}
