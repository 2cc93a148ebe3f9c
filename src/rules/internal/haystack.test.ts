// The haystack may answer "maybe" too often, never "no" when one string matches.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Haystack } from './haystack.js';

// Shapes of the components' patterns (anchors, alternations, path separators), and flags that change matching.
const patterns = [
  /(^|\/)cilium(-agent)?(:|$)|^cilium$/,
  /calico-node|calico\/node|tigera-operator/,
  /^aws-node$|amazon-k8s-cni/,
  /^coredns$|\/coredns:/,
  /^a[^:]*b$/,
  /a.b/s,
  /^$/,
  /b\b/,
  /\Ba/,
  /^A/i,
  /a$/gm,
  /(?<=^|\/)ab/,
  /(?<!x)a(?!b)/,
  /(?<![^b])a/,
  /a(?![^b])/,
  /x(?=$)/y,
];
const strings = fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'x', 'A', '/', ':', '-', '\n', '\r', ' ', 'cilium', 'coredns', 'aws-node', 'calico-node'), maxLength: 6 }), { maxLength: 6 });

describe('Haystack', () => {
  it('says "no match" only when no string matches the pattern on its own', () => {
    fc.assert(
      fc.property(strings, fc.constantFrom(...patterns), (ss, pattern) => {
        const some = ss.some((s) => {
          pattern.lastIndex = 0;
          return pattern.test(s);
        });
        if (some) expect(new Haystack(ss).mayMatch(pattern)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('rules out patterns that match nowhere, and keeps line anchors to each string', () => {
    const hay = new Haystack(['svc-1', '123456789012.dkr.ecr.us-east-1.amazonaws.com/svc-1:1.0.0', 'nginx:latest']);
    expect(hay.mayMatch(/(^|\/)cilium(-agent)?(:|$)|^cilium$/)).toBe(false);
    expect(hay.mayMatch(/^svc-1$/)).toBe(true);
    expect(hay.mayMatch(/^nginx/)).toBe(true);
    expect(hay.mayMatch(/^1\.0\.0/)).toBe(false);
    expect(hay.mayMatch(/latest$/)).toBe(true);
    expect(hay.mayMatch(/svc-1$/)).toBe(true);
    expect(hay.mayMatch(/^amazonaws/)).toBe(false);
  });

  it('tests a string holding a line break on its own', () => {
    expect(new Haystack(['a', 'x\ny']).mayMatch(/^x\ny$/)).toBe(true);
    expect(new Haystack(['a', 'x\ny']).mayMatch(/^a$/g)).toBe(true);
  });
});
