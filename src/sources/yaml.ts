/**
 * The located YAML/JSON reader: every input file becomes Documents whose values can be located to file:line:column.
 * JSON is read by the same parser (JSON is YAML 1.2), so JSON inputs get positions too.
 *
 * Most inputs are read by js-yaml, which is fast and keeps no positions; a finding's line comes from a scanner of the
 * document's text (./yaml-locator.ts). The `yaml` library, which keeps positions and reads every YAML feature, is
 * loaded only for what the fast path leaves to it (anchors, tags, syntax errors, what the scanner cannot decide), so
 * `keelson check` of a plain manifest never pays for loading it.
 */
import type { Document, Node as YamlNode, ParseOptions, ScalarTag, CollectionTag, YAMLMap } from 'yaml';
import { CORE_SCHEMA, load as loadYaml, loadAll as loadAllYaml } from 'js-yaml';
import type { SourceLocation } from '../errors.js';
import { formatDocPath } from './location.js';
import type { Origin, PathKey } from './location.js';
import { lineColumn, YamlLocator } from './yaml-locator.js';
import { yamlLib } from '../yaml-lib.js';

const yaml = yamlLib;

/**
 * Larger inputs are skipped with a notice: real manifests and templates are far smaller, and memory stays bounded
 * (a 64 MiB stream of 210,000 objects peaked at 1.06 GB; 48 MiB stays near 800 MB).
 */
export const MAX_FILE_BYTES = 48 * 1024 * 1024;
/** An alias budget per document: enough for real anchors, far too few for a "billion laughs" bomb. */
export const MAX_ALIAS_COUNT = 1000;

export interface SourceDocument {
  readonly origin: Origin;
  readonly value: unknown;
  /** The raw text of the whole file; a keelson definition is re-parsed from it by src/model. */
  readonly text: string;
  readonly documentCount: number;
  /**
   * Set for a keelson.config.ts (or .js): the value is what the module exported, and `text` its source, which is not
   * YAML.
   */
  readonly module?: true;
  /** The file on disk, when the name reports show (origin.file) is not a path to it from the working directory. */
  readonly source?: string;
}

/**
 * skipped: a file not read at all (binary, too large, a script keelson does not run); syntax: malformed YAML/JSON/HCL;
 * rejected: a document read but refused (an alias bomb, an invalid keelson definition); invalid: something wrong in a
 * file that was read (a malformed suppression), which leaves the file's evidence intact.
 */
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
  const { YAMLMap, Pair, Scalar } = yaml();
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

export interface Chunk {
  /** Offset of the document's first character in the file. */
  readonly start: number;
  /** 0-based line of that character. */
  readonly line: number;
  readonly text: string;
}

const LINE_BREAK = /[\n\r\u2028\u2029]/;
const BEFORE_ANCHOR_OR_TAG = /[\s[{,:-]/;

/**
 * Anchors and tags anywhere (a `&` or `!` that starts a token), or a directive (`%` at a line start). Searched with
 * indexOf, not one regular expression: the characters are rare, and a 30 MiB stream is scanned in a few milliseconds.
 */
function hasAnchorTagOrDirective(text: string): boolean {
  for (const [ch, before] of [['&', BEFORE_ANCHOR_OR_TAG], ['!', BEFORE_ANCHOR_OR_TAG], ['%', LINE_BREAK]] as const) {
    for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) if (i === 0 || before.test(text[i - 1]!)) return true;
  }
  return false;
}

/** Offsets of the lines that start with `marker`, in order. */
function linesStartingWith(text: string, marker: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1)) if (i === 0 || LINE_BREAK.test(text[i - 1]!)) out.push(i);
  return out;
}

/** Merges two ascending lists. */
function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  if (b.length === 0) return a as number[];
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && a[i]! < b[j]!) ? a[i++]! : b[j++]!);
  return out;
}

/**
 * Splits a stream at its `---` lines when that is unambiguous: no anchors (so no aliases and no alias bombs), no tags
 * (CloudFormation short forms), no directives, no content on a `---` line. Otherwise the positioned parse reads the
 * file as before.
 */
export function splitDocuments(text: string): Chunk[] | undefined {
  if (hasAnchorTagOrDirective(text)) return undefined;
  const chunks: Chunk[] = [];
  let start = 0;
  let startLine = 0;
  let line = 0;
  let counted = 0;
  const lineAt = (offset: number): number => {
    for (let i = text.indexOf('\n', counted); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    counted = offset;
    return line;
  };
  for (const pos of mergeSorted(linesStartingWith(text, '---'), linesStartingWith(text, '...'))) {
    if (pos < start) continue; // a marker inside the line of the previous one (`--- ...`) was refused below
    const eol = text.indexOf('\n', pos);
    const lineEnd = eol < 0 ? text.length : eol;
    const rest = text.slice(pos + 3, lineEnd).trim();
    if (rest !== '' && !rest.startsWith('#')) return undefined;
    if (pos > start || chunks.length > 0) chunks.push({ start, line: startLine, text: text.slice(start, pos) });
    start = lineEnd + 1;
    startLine = lineAt(pos) + 1;
    if (eol < 0) break;
  }
  if (start <= text.length) chunks.push({ start, line: startLine, text: text.slice(Math.min(start, text.length)) });
  return chunks;
}

export { lineColumn };

/**
 * One locator at a time: the rules engine asks for the locations of one document together, and a cache of one
 * keeps memory flat however many documents have findings.
 */
let lastLocated: { readonly chunk: Chunk; readonly locator: YamlLocator } | undefined;
let lastParsed: { readonly chunk: Chunk; readonly doc: Document.Parsed } | undefined;

/**
 * Where a fast-path document's values are: the scanner's answer, or — when it cannot decide — a positioned parse of
 * that one document. A class, not a closure per document: 100,000 documents keep no captured scopes.
 */
class ChunkOrigin implements Origin {
  constructor(
    readonly file: string,
    readonly docIndex: number,
    private readonly chunk: Chunk,
  ) {}

  locate(path: readonly PathKey[]): SourceLocation {
    const chunk = this.chunk;
    if (lastLocated?.chunk !== chunk) lastLocated = { chunk, locator: new YamlLocator(chunk.text) };
    const found = lastLocated.locator.positionOf(path);
    if (found) return this.at(found.line, found.column, path);
    if (lastParsed?.chunk !== chunk) lastParsed = { chunk, doc: yaml().parseAllDocuments(chunk.text, PARSE_OPTIONS)[0] as Document.Parsed };
    return locateIn(lastParsed.doc, path, (o, p) => {
      const { line, column } = lineColumn(chunk.text, o);
      return this.at(line, column, p);
    });
  }

  private at(lineInChunk: number, column: number, path?: readonly PathKey[]): SourceLocation {
    const line = this.chunk.line + lineInChunk + 1;
    return path && path.length > 0 ? { file: this.file, line, column, path: formatDocPath(path) } : { file: this.file, line, column };
  }
}

const JS_YAML_OPTIONS = { schema: CORE_SCHEMA, json: true };

/**
 * The values of a whole stream in one js-yaml pass, each given to the chunk its root node starts in: one parser state
 * and one copy of the text instead of one per document, which in a 100,000-document file is a tenth of the read.
 * Undefined when js-yaml refuses any document or a value cannot be placed in exactly one chunk of its own: the caller
 * then reads chunk by chunk, so each refused document is reported on its own and the others are still read.
 */
export function loadStream(chunks: readonly Chunk[], text: string): unknown[] | undefined {
  // js-yaml drops a byte order mark, which would shift every position by one.
  if (text.charCodeAt(0) === 0xfeff) return undefined;
  const starts: number[] = [];
  let depth = 0;
  let values: unknown[];
  try {
    values = loadAllYaml(text, null, {
      ...JS_YAML_OPTIONS,
      listener: (event, state) => {
        if (event === 'open') {
          if (depth++ === 0) starts.push(state.position);
        } else depth--;
      },
    });
  } catch {
    return undefined;
  }
  if (starts.length !== values.length) return undefined;
  const byChunk: unknown[] = new Array(chunks.length);
  let c = 0;
  for (let d = 0; d < values.length; d++) {
    const value = values[d];
    if (value === null || value === undefined) continue;
    const at = starts[d]!;
    while (c < chunks.length && at >= chunks[c]!.start + chunks[c]!.text.length) c++;
    if (c === chunks.length || at < chunks[c]!.start || byChunk[c] !== undefined) return undefined;
    byChunk[c] = value;
  }
  return byChunk;
}

/** The fast path: values from js-yaml, positions only when asked (ChunkOrigin). */
function readChunks(chunks: readonly Chunk[], text: string, file: string): ReadResult {
  const documents: SourceDocument[] = [];
  const notices: Notice[] = [];
  const stream = chunks.length > 1 ? loadStream(chunks, text) : undefined;
  for (let docIndex = 0; docIndex < chunks.length; docIndex++) {
    const chunk = chunks[docIndex]!;
    let value: unknown;
    if (stream) value = stream[docIndex];
    else {
      try {
        value = loadYaml(chunk.text, JS_YAML_OPTIONS);
      } catch {
        readRefused(chunk, docIndex, chunks.length, text, file, documents, notices);
        continue;
      }
    }
    if (value === null || value === undefined) continue;
    documents.push({ origin: new ChunkOrigin(file, docIndex, chunk), value, text, documentCount: chunks.length });
  }
  return { documents, notices };
}

/** A document js-yaml refused: the positioned parser reads it (js-yaml is stricter in places) or says what is wrong, and where. */
function readRefused(chunk: Chunk, docIndex: number, documentCount: number, text: string, file: string, documents: SourceDocument[], notices: Notice[]): void {
  const read = readText(chunk.text, file, false);
  const shift = (loc: SourceLocation): SourceLocation => (loc.line === undefined ? loc : { ...loc, line: loc.line + chunk.line });
  for (const n of read.notices) notices.push({ ...n, location: shift(n.location) });
  for (const d of read.documents) documents.push({ ...d, text, documentCount, origin: { file, docIndex, locate: (path) => shift(d.origin.locate(path)) } });
}

export function readText(text: string, file: string, allowFast = true): ReadResult {
  const chunks = allowFast ? splitDocuments(text) : undefined;
  if (chunks) return readChunks(chunks, text, file);
  const { LineCounter, parseAllDocuments } = yaml();
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
  const { isAlias, isMap, isPair, isSeq } = yaml();
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
  if (yaml().isScalar(k)) return String(k.value) === String(key);
  return String(k) === String(key);
}
