import { describe, expect, it } from 'vitest';
import { hclLocator } from './hcl-locator.js';

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

describe('hclLocator', () => {
  const locate = hclLocator(text);

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
