import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { YamlLocator } from './yaml-locator.js';
import type { PathKey } from './location.js';
import { readText } from './yaml.js';

/**
 * Where the reader's fallback puts `path`: yaml.ts's positioned parse (readText without its fast path), the very
 * lookup a finding gets when the scanner cannot decide. Undefined when that parse rejects the document.
 */
function fallback(text: string, path: readonly PathKey[]): { line: number; column: number } | undefined {
  const doc = readText(text, 'doc.yaml', false).documents[0];
  if (!doc) return undefined;
  const { line, column } = doc.origin.locate(path);
  return line === undefined || column === undefined ? undefined : { line, column };
}

/** 1-based line and column of an offset, as the reader prints them. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

describe('YamlLocator', () => {
  const manifest = [
    '# a Deployment',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    '  labels: {app: web, "team": a}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '      - name: app',
    '        image: nginx:latest   # keelson:suppress SEC-IMAGE-TAG because',
    '        args:',
    '          - |',
    '            image: not-this-one',
    '            - neither: this',
    '        ports: [{containerPort: 8080}, {containerPort: 9090, name: "m"}]',
    "      - 'name': sidecar",
    '        image: busybox',
    '',
  ].join('\n');

  it.each([
    [['spec', 'template', 'spec', 'containers', 0, 'image'], 12],
    [['spec', 'template', 'spec', 'containers', 1, 'image'], 19],
    [['spec', 'template', 'spec', 'containers', 1, 'name'], 18],
    [['spec', 'template', 'spec', 'containers', 0, 'ports', 1, 'name'], 17],
    [['metadata', 'labels', 'team'], 6],
    [['spec', 'template', 'spec', 'securityContext', 'runAsNonRoot'], 9],
    [[], 2],
  ] as [PathKey[], number][])('puts %j on line %i, where the yaml library puts it', (path, line) => {
    // GIVEN a manifest with flow maps, a same-indent sequence, a block scalar that looks like YAML, and comments
    const offset = new YamlLocator(manifest).offsetOf(path);
    // THEN the scanner decides, and agrees with the positioned parse
    expect(offset).toBeDefined();
    expect(lineColumn(manifest, offset!)).toEqual(fallback(manifest, path));
    expect(lineColumn(manifest, offset!).line).toBe(line);
    // AND positionOf gives the same place, from the line it parsed
    const pos = new YamlLocator(manifest).positionOf(path)!;
    expect({ line: pos.line + 1, column: pos.column }).toEqual(lineColumn(manifest, offset!));
  });

  it('reads lines only as far as the path needs: what comes after cannot move the answer', () => {
    // GIVEN an anchor and an alias (the YAML library's to read) after the first key
    const text = 'a: 1\n\nb: &x {c: 2}\nd: *x\n';
    const locator = new YamlLocator(text);
    // THEN the first key is decided, on its line, and the keys at and past the anchor are left to the library
    expect(locator.positionOf(['a'])).toEqual({ line: 0, column: 1 });
    expect(locator.offsetOf(['d', 'c'])).toBeUndefined();
    expect(locator.offsetOf(['b'])).toBeUndefined();
    expect(locator.positionOf(['a'])).toEqual({ line: 0, column: 1 });
  });

  it('locates inside JSON', () => {
    const json = '{\n  "kind": "Pod",\n  "spec": {"containers": [\n    {"name": "a", "image": "x"}\n  ]}\n}\n';
    const path = ['spec', 'containers', 0, 'image'];
    const offset = new YamlLocator(json).offsetOf(path);
    expect(offset).toBeDefined();
    expect(lineColumn(json, offset!)).toEqual(fallback(json, path));
    expect(lineColumn(json, offset!).line).toBe(4);
  });

  it.each([
    ['an anchor', 'a: &x {b: 1}\nc: *x\n', ['c', 'b']],
    ['a tag', 'a: !Ref b\n', ['a']],
    ['an explicit key', '? a\n: 1\n', ['a']],
    ['a multi-line flow map in block style', 'a: {b: 1,\n  c: 2}\nd: 3\n', ['d']],
    ['a multi-line quoted scalar', 'a: "one\n  two"\nb: 1\n', ['b']],
    ['a non-string key', '0x1F: a\n31: b\n', [31]],
    ['an escaped quoted key', '"a\\u0062": 1\n', ['ab']],
    ['CRLF line ends', 'a: 1\r\nb: 2\r\n', ['b']],
  ] as [string, string, PathKey[]][])('leaves %s to the yaml library', (_what, text, path) => {
    expect(new YamlLocator(text).offsetOf(path)).toBeUndefined();
  });

  it('agrees with the yaml library on generated documents, and decides the plain ones (property)', () => {
    let decided = 0;
    let plain = 0;
    fc.assert(
      fc.property(documentArb, fc.integer({ min: 0, max: 1000 }), ({ text, paths, simple }, pick) => {
        const locator = new YamlLocator(text);
        for (const path of [paths[pick % paths.length]!, ...paths.slice(0, 6)]) {
          const expected = fallback(text, path);
          const got = locator.offsetOf(path);
          if (simple) {
            plain++;
            if (got !== undefined) decided++;
          }
          if (got !== undefined && expected !== undefined) expect({ text, path, at: lineColumn(text, got) }).toEqual({ text, path, at: expected });
          const pos = locator.positionOf(path);
          expect(pos === undefined).toBe(got === undefined);
          if (pos && got !== undefined) expect({ text, path, at: { line: pos.line + 1, column: pos.column } }).toEqual({ text, path, at: lineColumn(text, got) });
        }
      }),
      { numRuns: 400 },
    );
    // Documents without anchors, tags or multi-line flow are the scanner's to decide; nearly all should be.
    expect(decided / plain).toBeGreaterThan(0.95);
  });
});

// --- a generator of YAML documents in many styles, with the paths that exist in them ---------------------------

type Tree =
  | { t: 'scalar'; text: string; key: string }
  | { t: 'block-scalar'; lines: string[] }
  | { t: 'map'; flow: boolean; entries: { key: Tree & { t: 'scalar' }; value: Tree; comment: boolean }[] }
  | { t: 'seq'; flow: boolean; sameIndent: boolean; compact: boolean; items: Tree[] }
  | { t: 'anchored'; value: Tree };

/** Scalars as written, with the string a key of that text compares as (for paths). */
const scalars: [string, string][] = [
  ['a', 'a'], ['name', 'name'], ['nginx:1.2', 'nginx:1.2'], ['http://x/y?a=b', 'http://x/y?a=b'], ['x y', 'x y'], ['-5', '-5'],
  ['"q"', 'q'], ["'it''s'", "it's"], ['"a: b"', 'a: b'], ['"#x"', '#x'], ['1', '1'], ['true', 'true'], ['a.b', 'a.b'],
  ['.dockerconfigjson', '.dockerconfigjson'], ['0x1F', '31'], ['~', 'null'], ['"x"', 'x'], ['b#c', 'b#c'], ['"[x]"', '[x]'],
];
const flowSafe = new Set(['a', 'name', 'x y', '-5', '"q"', "'it''s'", '"a: b"', '"#x"', '1', 'true', 'a.b', '"x"', '"[x]"', '.dockerconfigjson', '0x1F', '~']);

const scalarArb = fc.constantFrom(...scalars).map(([text, key]) => ({ t: 'scalar' as const, text, key }));

const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarArb,
    fc.record({ t: fc.constant('block-scalar' as const), lines: fc.array(fc.constantFrom('key: value', '- item', '# not a comment', '{[', '  deeper: x', ''), { minLength: 1, maxLength: 3 }) }),
    fc.record({
      t: fc.constant('map' as const),
      flow: fc.boolean(),
      entries: fc.array(fc.record({ key: scalarArb, value: tie('tree'), comment: fc.boolean() }), { minLength: 1, maxLength: 4 }),
    }),
    fc.record({ t: fc.constant('seq' as const), flow: fc.boolean(), sameIndent: fc.boolean(), compact: fc.boolean(), items: fc.array(tie('tree'), { minLength: 1, maxLength: 4 }) }),
    fc.record({ t: fc.constant('anchored' as const), value: tie('tree') }),
  ),
}));

/** Flow style can only hold scalars and flow collections. */
function flowText(node: Tree): string {
  switch (node.t) {
    case 'scalar':
      return flowSafe.has(node.text) ? node.text : JSON.stringify(node.key);
    case 'block-scalar':
      return JSON.stringify(node.lines.join('\n'));
    case 'anchored':
      return flowText(node.value);
    case 'map':
      return `{${node.entries.map((e, i) => `${flowText(e.key)}${i % 2 === 1 && e.key.text.startsWith('"') ? ':' : ': '}${flowText(e.value)}`).join(', ')}}`;
    case 'seq':
      return `[${node.items.map(flowText).join(', ')}]`;
  }
}

interface Rendered {
  lines: string[];
  simple: boolean;
}

let anchorSeq = 0;

/** Renders `node` as the value after `key:` or `- ` (`inline` is the text already on that line). */
function renderValue(node: Tree, indent: number, width: number, out: Rendered, head: string, inSeqItem: boolean): void {
  const pad = ' '.repeat(indent);
  if (node.t === 'anchored') {
    out.simple = false;
    const name = `a${anchorSeq++}`;
    if (node.value.t === 'scalar' || node.value.t === 'block-scalar' || node.value.t === 'anchored' || node.value.flow) {
      out.lines.push(`${head} &${name} ${flowText(node.value)}`);
    } else {
      out.lines.push(`${head} &${name}`);
      renderBlock(node.value, indent + width, width, out);
    }
    return;
  }
  if (node.t === 'scalar') {
    out.lines.push(`${head} ${node.text}${node.text.startsWith('"') ? '  # trailing' : ''}`);
  } else if (node.t === 'block-scalar') {
    out.lines.push(`${head} |`);
    for (const l of node.lines) out.lines.push(l === '' ? '' : `${pad}${' '.repeat(width)}${l}`);
  } else if (node.flow) {
    out.lines.push(`${head} ${flowText(node)}`);
  } else if (node.t === 'seq' && node.sameIndent && !inSeqItem) {
    out.lines.push(head);
    renderBlock(node, indent, width, out);
  } else if (inSeqItem && node.t === 'seq' && node.compact) {
    // `- - a`: the nested sequence starts on the item's own line.
    const inner: Rendered = { lines: [], simple: true };
    renderBlock(node, indent + 2, width, inner);
    out.simple &&= inner.simple;
    out.lines.push(`${head} ${inner.lines[0]!.trimStart()}`, ...inner.lines.slice(1));
  } else if (inSeqItem && node.t === 'map' && node.entries.length > 0) {
    const inner: Rendered = { lines: [], simple: true };
    renderBlock(node, indent + 2, width, inner);
    out.simple &&= inner.simple;
    out.lines.push(`${head} ${inner.lines[0]!.trimStart()}`, ...inner.lines.slice(1));
  } else {
    out.lines.push(head);
    renderBlock(node, indent + width, width, out);
  }
}

function renderBlock(node: Tree, indent: number, width: number, out: Rendered): void {
  const pad = ' '.repeat(indent);
  if (node.t === 'map' && !node.flow) {
    node.entries.forEach((e) => {
      if (e.comment) out.lines.push(`${pad}# about ${e.key.key}`, '');
      renderValue(e.value, indent, width, out, `${pad}${e.key.text}:`, false);
    });
  } else if (node.t === 'seq' && !node.flow) {
    node.items.forEach((item) => renderValue(item, indent, width, out, `${pad}-`, true));
  } else {
    out.lines.push(`${pad}${flowText(node)}`);
  }
}

function pathsOf(node: Tree, prefix: PathKey[], out: PathKey[][]): void {
  out.push(prefix);
  const inner = node.t === 'anchored' ? node.value : node;
  if (inner.t === 'map') {
    for (const e of inner.entries) pathsOf(e.value, [...prefix, e.key.key], out);
    out.push([...prefix, 'missing', 'deeper']);
  } else if (inner.t === 'seq') {
    inner.items.forEach((item, i) => pathsOf(item, [...prefix, i], out));
    out.push([...prefix, inner.items.length]);
  }
}

const documentArb = fc
  .record({ root: tree, width: fc.constantFrom(2, 4), leading: fc.boolean() })
  .map(({ root, width, leading }) => {
    const out: Rendered = { lines: leading ? ['# leading comment', ''] : [], simple: true };
    renderBlock(root, 0, width, out);
    // Keys the core schema reads as numbers, booleans or null are the yaml library's to compare.
    if (/(^|[\s{,-])(-5|true|0x1F|~):/m.test(out.lines.join('\n'))) out.simple = false;
    const paths: PathKey[][] = [];
    pathsOf(root, [], paths);
    return { text: `${out.lines.join('\n')}\n`, paths, simple: out.simple };
  });
