import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { looksBinary, MAX_FILE_BYTES, readBytes, readText, splitDocuments } from './yaml.js';

describe('readText', () => {
  it('reads every document of a multi-document stream and locates values', () => {
    // GIVEN two documents, the second with a nested field
    const text = 'a: 1\n---\nkind: Pod\nspec:\n  containers:\n    - name: x\n      image: nginx\n';
    // WHEN read
    const { documents, notices } = readText(text, 'f.yaml');
    // THEN both are there and a nested path maps to its line and column
    expect(notices).toEqual([]);
    expect(documents).toHaveLength(2);
    expect(documents[1]?.origin.locate(['spec', 'containers', 0, 'image'])).toEqual({ file: 'f.yaml', line: 7, column: 7, path: 'spec.containers[0].image' });
  });

  it('locates a missing field at its nearest existing parent', () => {
    // GIVEN a document without spec.securityContext
    const { documents } = readText('kind: Pod\nspec:\n  hostNetwork: true\n', 'p.yaml');
    // WHEN locating the missing field
    const loc = documents[0]?.origin.locate(['spec', 'securityContext', 'runAsNonRoot']);
    // THEN it points at `spec:` on line 2
    expect(loc?.line).toBe(2);
    expect(loc?.path).toBe('spec.securityContext.runAsNonRoot');
  });

  it('reports malformed YAML with its location and keeps the other documents', () => {
    // GIVEN a good document, then a broken one
    const { documents, notices } = readText('a: 1\n---\nb: [1, 2\nc: d\n', 'bad.yaml');
    // THEN the good one is read and the syntax error is located in the second document
    expect(documents.map((d) => d.value)).toEqual([{ a: 1 }]);
    expect(notices[0]?.kind).toBe('syntax');
    expect(notices[0]?.location.line).toBeGreaterThanOrEqual(3);
  });

  it('rejects an alias bomb quickly with a clear message', () => {
    // GIVEN a "billion laughs" document
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const { documents, notices } = readText(lines.join('\n'), 'bomb.yaml');
    // THEN it is rejected with a message that names the alias limit
    expect(documents).toEqual([]);
    expect(notices[0]?.kind).toBe('rejected');
    expect(notices[0]?.message).toMatch(/alias/i);
  });

  it('reads CloudFormation short-form intrinsics as their long form', () => {
    // GIVEN short-form tags
    const text = 'Resources:\n  K:\n    Type: AWS::KMS::Key\n  C:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Key: !GetAtt K.Arn\n      Name: !Sub "${AWS::StackName}-c"\n      Subnets: !Split [",", !Ref Subnets]\n';
    const { documents, notices } = readText(text, 't.yaml');
    // THEN the values are the long forms
    expect(notices).toEqual([]);
    expect(documents[0]?.value).toMatchObject({
      Resources: { C: { Properties: { Key: { 'Fn::GetAtt': ['K', 'Arn'] }, Name: { 'Fn::Sub': '${AWS::StackName}-c' }, Subnets: { 'Fn::Split': [',', { Ref: 'Subnets' }] } } } },
    });
  });

  it('reads JSON with positions', () => {
    const { documents } = readText('{\n  "kind": "Pod",\n  "spec": {"x": 1}\n}', 'p.json');
    expect(documents[0]?.origin.locate(['spec', 'x'])).toMatchObject({ line: 3, column: 12 });
  });

  it('places every value of a long stream where the positioned parse places it', () => {
    // GIVEN documents in several styles, located by the scanner (or, for the multi-line quoted scalar, the fallback)
    const docs = [
      'kind: A\nmetadata: {name: a}\nspec:\n  list:\n  - x: 1\n  - "y": |\n      a: b\n    z: 2\n',
      '# comment\n\nkind: B\nspec: {"k": [1, {deep: true}]}\n',
      'kind: C\nspec:\n  k: "multi\n    line"\n  l: {x: 1}\n',
      '{"kind": "D", "spec": {"k": 1}}\n',
    ];
    const text = `${docs.join('---\n')}`;
    expect(splitDocuments(text)).toHaveLength(4);
    const fast = readText(text, 's.yaml').documents;
    const positioned = readText(text, 's.yaml', false).documents;
    const paths: (string | number)[][] = [[], ['kind'], ['spec', 'list', 1, 'z'], ['spec', 'list', 1, 'y', 'a'], ['spec', 'k', 1, 'deep'], ['spec', 'l', 'x'], ['spec', 'k'], ['spec', 'missing']];
    // THEN the same documents, and for every path the same line, column and path as the positioned parse
    expect(fast.map((d) => d.value)).toEqual(positioned.map((d) => d.value));
    for (const [i, d] of fast.entries()) for (const p of paths) expect(d.origin.locate(p)).toEqual(positioned[i]?.origin.locate(p));
  });

  it('reads a stream split at its markers as the positioned parse reads it whole, or leaves it whole (property)', () => {
    // GIVEN streams of document markers, anchors, tags, directives and look-alikes ("---" inside a value, "a!b")
    const lines = ['a: 1', 'b: x', '---', '--- # c', '...', '--- x', '----', 'k: "---"', 'c: &x 1', 'd: *x', 'e: a!b', 'f: !!str 2', '%YAML 1.2', '- i', 'g: [1, 2]', ''];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...lines), { maxLength: 12 }), (picked) => {
        const text = `${picked.join('\n')}\n`;
        const whole = readText(text, 's.yaml', false);
        if (whole.notices.length > 0) return; // malformed: each path reports it its own way
        const split = splitDocuments(text);
        if (/(^|[\s[{,:-])[&!]|^%/m.test(text)) expect(split).toBeUndefined();
        // THEN the same documents, located at the same lines
        // (an empty document is no document on either path; the positioned parse may keep it as null)
        const fast = readText(text, 's.yaml').documents.filter((d) => d.value !== null);
        const expected = whole.documents.filter((d) => d.value !== null);
        expect(fast.map((d) => d.value)).toEqual(expected.map((d) => d.value));
        expect(fast.map((d) => d.origin.locate([]).line)).toEqual(expected.map((d) => d.origin.locate([]).line));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary text (property)', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const r = readText(s, 'x.yaml');
      return Array.isArray(r.documents) && Array.isArray(r.notices);
    }));
  });
});

describe('readBytes', () => {
  it('skips binary files with a notice', () => {
    const r = readBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), 'x.zip');
    expect(r.documents).toEqual([]);
    expect(r.notices[0]?.message).toMatch(/binary/);
  });

  it('skips files over the size limit with a notice', () => {
    const r = readBytes(new Uint8Array(MAX_FILE_BYTES + 1).fill(0x61), 'huge.yaml');
    expect(r.notices[0]?.message).toMatch(/over the .* limit/);
  });

  it('does not call text with a NUL beyond the sniffed prefix binary', () => {
    const bytes = new Uint8Array(9000).fill(0x20);
    bytes[8999] = 0;
    expect(looksBinary(bytes)).toBe(false);
  });
});
