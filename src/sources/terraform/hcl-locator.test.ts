import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { valueAt } from '../fact.js';
import type { PathKey } from '../location.js';
import { hclIndex } from './hcl-locator.js';

const text = [
  '/* a block comment { with a brace */', // 1
  'resource "aws_eks_cluster" "this" { # trailing { brace', // 2
  '  name = "a}b${var.x == "}" ? 1 : 2}"', // 3
  '  policy = <<-EOT', // 4
  '    { "not": "a block" }', // 5
  '  EOT', // 6
  '  vpc_config {', // 7
  '    endpoint_public_access = true', // 8
  '  }', // 9
  '  vpc_config {', // 10
  '    endpoint_public_access = false', // 11
  '  }', // 12
  '}', // 13
  'module "eks" {', // 14
  '  groups = {', // 15
  '    "system" = {', // 16
  '      taints = [', // 17
  '        { key = "a" },', // 18
  '        {', // 19
  '          key = "b"', // 20
  '        },', // 21
  '      ]', // 22
  '    }', // 23
  '    gpu = { for k in var.k : k => k }', // 24
  '  }', // 25
  '}', // 26
].join('\n');

describe('hclIndex positions', () => {
  const { locate } = hclIndex(text);

  it('finds block headers and attributes past comments, strings with braces and heredocs', () => {
    // GIVEN HCL with braces hidden in comments, strings, interpolations and a heredoc
    // WHEN attributes and blocks are located THEN each is at its own line and column
    expect(locate(['resource', 'aws_eks_cluster', 'this', 0])).toEqual({ line: 2, column: 1 });
    expect(locate(['resource', 'aws_eks_cluster', 'this', 0, 'name'])).toEqual({ line: 3, column: 3 });
    expect(locate(['resource', 'aws_eks_cluster', 'this', 0, 'vpc_config', 0, 'endpoint_public_access'])).toEqual({ line: 8, column: 5 });
  });

  it('counts repeated blocks the way hcl2json lists them', () => {
    // GIVEN two vpc_config blocks WHEN the second is located THEN it is the one on line 10
    expect(locate(['resource', 'aws_eks_cluster', 'this', 0, 'vpc_config', 1, 'endpoint_public_access'])).toEqual({ line: 11, column: 5 });
  });

  it('locates keys of object values and items of tuples, quoted keys included', () => {
    // GIVEN a module input that is a map of objects holding a list of objects
    // WHEN items inside it are located THEN keys and elements are found, across lines
    expect(locate(['module', 'eks', 0, 'groups', 'system'])).toEqual({ line: 16, column: 5 });
    expect(locate(['module', 'eks', 0, 'groups', 'system', 'taints', 1, 'key'])).toEqual({ line: 20, column: 11 });
    expect(locate(['module', 'eks', 0, 'groups', 'system', 'taints', 0, 'key'])).toEqual({ line: 18, column: 11 });
    // a `for` expression is not an object constructor: its name is found, its insides are not keys
    expect(locate(['module', 'eks', 0, 'groups', 'gpu', 'k'])).toEqual({ line: 24, column: 5 });
  });

  it('points a missing path at its nearest existing parent', () => {
    // GIVEN a path whose last parts do not exist WHEN located THEN the position is that of the deepest part that does
    expect(locate(['resource', 'aws_eks_cluster', 'this', 0, 'access_config', 0, 'authentication_mode'])).toEqual({ line: 2, column: 1 });
    expect(locate(['module', 'eks', 0, 'groups', 'system', 'ami_type'])).toEqual({ line: 16, column: 5 });
  });
});

describe('hclIndex addresses', () => {
  const { address } = hclIndex(`${text}\nlocals {\n  cidr = "10.0.0.0/16"\n}\nvariable "azs" {\n  default = []\n}\ndata "aws_iam_policy_document" "t" {\n  statement {\n    condition {\n      test = "StringEquals"\n    }\n  }\n}\n`);

  it('writes paths the way Terraform names them: no block list indices, labels joined', () => {
    // GIVEN hcl2json paths of attributes in resources, nested blocks, modules, locals, variables and data sources
    // WHEN addressed THEN they read as Terraform addresses
    expect(address(['resource', 'aws_eks_cluster', 'this', 0, 'vpc_config', 0, 'endpoint_public_access'])).toBe('aws_eks_cluster.this.vpc_config.endpoint_public_access');
    expect(address(['module', 'eks', 0, 'groups', 'system', 'taints', 1, 'key'])).toBe('module.eks.groups.system.taints[1].key');
    expect(address(['locals', 0, 'cidr'])).toBe('local.cidr');
    expect(address(['variable', 'azs', 0, 'default'])).toBe('var.azs.default');
    expect(address(['data', 'aws_iam_policy_document', 't', 0, 'statement', 0, 'condition', 0])).toBe('data.aws_iam_policy_document.t.statement.condition');
  });

  it('keeps the index of a repeated block and of tuple elements, and quotes keys that are not names', () => {
    expect(address(['resource', 'aws_eks_cluster', 'this', 0, 'vpc_config', 1, 'endpoint_public_access'])).toBe('aws_eks_cluster.this.vpc_config[1].endpoint_public_access');
    expect(address(['module', 'eks', 0, 'groups', 'system', 'taints', 0])).toBe('module.eks.groups.system.taints[0]');
    expect(address(['module', 'eks', 0, 'tags', 'kubernetes.io/role/elb'])).toBe('module.eks.tags["kubernetes.io/role/elb"]');
  });
});

describe('hclIndex positions against generated HCL', () => {
  const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
  const scalar = fc.oneof(
    fc.integer().map(String),
    fc.boolean().map(String),
    // strings with braces, quotes and interpolations: what a naive scanner would miscount
    fc.stringMatching(/^[a-z{}# ]{0,8}$/).map((s) => `"${s}\\"\${var.x}"`),
  );
  const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`));
  const block = fc.record({ labels: fc.tuple(name, name), attrs: fc.uniqueArray(fc.tuple(name, value), { maxLength: 5, selector: ([k]) => k }), comment: fc.boolean() });

  it('puts every attribute of every block on the line it was written, as hcl2json paths name it', async () => {
    const { parse } = await import('@cdktf/hcl2json');
    await fc.assert(
      fc.asyncProperty(fc.array(block, { minLength: 1, maxLength: 4 }), async (blocks) => {
        // GIVEN generated resources, with comments holding braces between the attributes
        const lines: string[] = [];
        const expected: [PathKey[], number][] = [];
        const seen = new Map<string, number>();
        for (const b of blocks) {
          const key = b.labels.join('.');
          const index = seen.get(key) ?? 0;
          seen.set(key, index + 1);
          const base: PathKey[] = ['resource', b.labels[0], b.labels[1], index];
          lines.push(`resource "${b.labels[0]}" "${b.labels[1]}" {`);
          expected.push([base, lines.length]);
          for (const [k, v] of b.attrs) {
            if (b.comment) lines.push('  # } a brace in a comment {');
            lines.push(`  ${k} = ${v}`);
            expected.push([[...base, k], lines.length]);
          }
          lines.push('}');
        }
        const text = lines.join('\n');
        // WHEN hcl2json parses it and the locator locates every path
        const json = (await parse('gen.tf', text)) as Record<string, unknown>;
        const { locate } = hclIndex(text);
        // THEN each path exists in the JSON and is located on its own line
        for (const [path, line] of expected) {
          expect(valueAt(json, path)).not.toBeUndefined();
          expect(locate(path).line).toBe(line);
        }
      }),
      { numRuns: 40 },
    );
  });
});
