import { describe, expect, it } from 'vitest';
import { evaluateDeep, evaluateString, TfRef, Unknown, ZoneList } from './tf-expr.js';
import type { EvalEnv } from './tf-expr.js';

const vars: Record<string, unknown> = { cidr: '10.0.0.0/16', azs: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], create: true };
const locals: Record<string, unknown> = { vpc_cidr: '10.1.0.0/16', azs: new ZoneList(0, 3) };
const env: EvalEnv = {
  variable: (n) => (n in vars ? vars[n] : new Unknown(`var.${n} has no default: its value is given at plan time`)),
  local: (n) => (n in locals ? locals[n] : new Unknown(`local.${n} is not defined`)),
};
const ev = (s: string, e: EvalEnv = env) => evaluateString(s, e);

describe('Terraform expressions', () => {
  it('evaluates references, functions, operators and conditionals the way Terraform does', () => {
    expect(ev('${var.azs[1]}')).toBe('eu-west-1b');
    expect(ev('${element(var.azs, 4)}')).toBe('eu-west-1b');
    expect(ev('${cidrsubnet(var.cidr, 4, 2)}')).toBe('10.0.32.0/20');
    expect(ev('${cidrsubnet(local.vpc_cidr, 8, count.index + 48)}', { ...env, count: 1 })).toBe('10.1.49.0/24');
    expect(ev('${var.create ? 3 : 0}')).toBe(3);
    expect(ev('${length(var.azs)}')).toBe(3);
    expect(ev('prod-${var.azs[0]}-x')).toBe('prod-eu-west-1a-x');
    expect(ev('${merge({a = 1}, {"b" = "x"})}')).toEqual({ a: 1, b: 'x' });
  });

  it('evaluates for expressions over lists and the region\'s zones', () => {
    // GIVEN the terraform-aws-modules/vpc example: subnets cut from the VPC CIDR, one per zone of a slice of the region
    expect(ev('${[for k, v in local.azs : cidrsubnet(local.vpc_cidr, 4, k)]}')).toEqual(['10.1.0.0/20', '10.1.16.0/20', '10.1.32.0/20']);
    expect(ev('${local.azs}')).toEqual(new ZoneList(0, 3));
    expect(ev('${slice(data.aws_availability_zones.available.names, 0, 3)}')).toEqual(new ZoneList(0, 3));
    expect(ev('${{for i, z in var.azs : z => i if i > 0}}')).toEqual({ 'eu-west-1b': 1, 'eu-west-1c': 2 });
  });

  it('keeps references for the readers and unknowns with their reason', () => {
    const ref = ev('${aws_subnet.private[count.index].id}', { ...env, count: 2 });
    expect(ref).toBeInstanceOf(TfRef);
    expect([(ref as TfRef).ref, (ref as TfRef).index, (ref as TfRef).attr]).toEqual(['aws_subnet.private', 2, 'id']);
    expect((ev('${aws_subnet.private[*].id}') as TfRef).splat).toBe(true);
    expect((ev('${module.vpc.private_subnets}') as TfRef).attr).toBe('private_subnets');
    const each = ev('${[for s in aws_subnet.private : s.id]}') as TfRef[];
    expect(each.map((r) => [r.ref, r.splat, r.attr])).toEqual([['aws_subnet.private', true, 'id']]);
    expect((ev('${var.nope}') as Unknown).reason).toBe('var.nope has no default: its value is given at plan time');
    expect(ev('${templatefile("x.tpl", {})}')).toBeInstanceOf(Unknown);
    expect(ev('arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonEKSWorkerNodePolicy')).toBe('arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy');
  });

  it('reads jsonencode of an HCL object as the document it encodes, with placeholders for what plan decides', () => {
    const raw = '${jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "sts:AssumeRoleWithWebIdentity", Principal = { Federated = aws_iam_openid_connect_provider.x.arn }, Condition = { StringEquals = { "${replace(aws_iam_openid_connect_provider.x.url, "https://", "")}:sub" = "system:serviceaccount:${var.azs[0]}:b" } } }]\n  })}';
    const doc = evaluateString(raw, { ...env, placeholders: true }) as { Statement: { Condition: { StringEquals: Record<string, string> }; Principal: { Federated: unknown } }[] };
    expect(doc.Statement[0]!.Condition.StringEquals).toEqual({ '\u0000unknown\u0000:sub': 'system:serviceaccount:eu-west-1a:b' });
    expect(doc.Statement[0]!.Principal.Federated).toBeInstanceOf(TfRef);
  });

  it('evaluates strings inside hcl2json tuples and objects', () => {
    expect(evaluateDeep({ a: ['x', '${var.cidr}'], '${var.azs[0]}': 1 }, env)).toEqual({ a: ['x', '10.0.0.0/16'], 'eu-west-1a': 1 });
  });
});
