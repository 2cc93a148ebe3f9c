// The one-pass read of a stream must give each chunk exactly the value reading that chunk alone gives.
import fc from 'fast-check';
import { CORE_SCHEMA, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { loadStream, readText, splitDocuments } from './yaml.js';

const bodies = [
  'a: 1\n',
  'kind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n',
  '# only a comment\n',
  '',
  '\n\n',
  '- x\n- {y: [1, 2]}\n',
  '~\n',
  'text\n',
  '  indented: true\n',
  'key: |\n  line one\n  --- not a marker, indented\n',
  "quoted: 'it''s'\n",
  '# lead\n\nafter: comment\n',
];
const markers = ['---\n', '--- # a comment\n', '...\n', '...\n---\n', '---\n---\n', '... # end\n'];

const streams = fc
  .record({
    lead: fc.constantFrom('', '---\n', '# header\n---\n', '...\n', '\n'),
    parts: fc.array(fc.record({ body: fc.constantFrom(...bodies), marker: fc.constantFrom(...markers) }), { minLength: 1, maxLength: 6 }),
    last: fc.constantFrom(...bodies),
  })
  .map(({ lead, parts, last }) => lead + parts.map((p) => p.body + p.marker).join('') + last);

const alone = (text: string): unknown => {
  const v = load(text, { schema: CORE_SCHEMA, json: true });
  return v === null ? undefined : v;
};

describe('loadStream', () => {
  it('gives each chunk the value js-yaml reads from that chunk alone, or declines (property)', () => {
    let placed = 0;
    fc.assert(
      fc.property(streams, (text) => {
        const chunks = splitDocuments(text)!;
        const stream = loadStream(chunks, text);
        if (!stream) return;
        placed++;
        expect({ text, values: Array.from(stream, (v) => (v === null ? undefined : v)) }).toEqual({ text, values: chunks.map((c) => alone(c.text)) });
      }),
      { numRuns: 1500 },
    );
    // Streams of plain documents are the common case: the one pass must take nearly all of them.
    expect(placed).toBeGreaterThan(1200);
  });

  it('declines a stream with a document js-yaml refuses, so the others are still read one by one', () => {
    const text = 'a: 1\n---\nb: [2\n---\nc: 3\n';
    expect(loadStream(splitDocuments(text)!, text)).toBeUndefined();
    const read = readText(text, 'in.yaml');
    expect(read.documents.map((d) => [d.origin.docIndex, d.value])).toEqual([[0, { a: 1 }], [2, { c: 3 }]]);
    expect(read.notices.map((n) => n.kind)).toEqual(['syntax']);
  });

  it('places documents by where their root starts: chunk indexes and positions are those of the chunks', () => {
    const text = '# header\n---\nkind: A\n...\n---\nkind: B\nspec:\n  x: 1\n';
    const read = readText(text, 'in.yaml');
    expect(read.documents.map((d) => [d.origin.docIndex, d.value])).toEqual([[1, { kind: 'A' }], [3, { kind: 'B', spec: { x: 1 } }]]);
    expect(read.documents[1]!.origin.locate(['spec', 'x'])).toMatchObject({ line: 8, column: 3 });
  });
});
