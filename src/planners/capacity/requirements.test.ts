import { describe, expect, it } from 'vitest';
import { allowedValues, satisfies, termSatisfied } from './requirements.js';
import type { Requirement } from './requirements.js';

const labels = { 'kubernetes.io/arch': 'arm64', 'karpenter.k8s.aws/instance-generation': '7' };

describe('requirements', () => {
  it.each<[Requirement, boolean]>([
    [{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64', 'amd64'] }, true],
    [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }, false],
    [{ key: 'kubernetes.io/arch', operator: 'NotIn', values: ['amd64'] }, true],
    [{ key: 'missing', operator: 'NotIn', values: ['x'] }, true],
    [{ key: 'missing', operator: 'Exists', values: [] }, false],
    [{ key: 'missing', operator: 'DoesNotExist', values: [] }, true],
    [{ key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: ['6'] }, true],
    [{ key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: ['7'] }, false],
    [{ key: 'karpenter.k8s.aws/instance-generation', operator: 'Lt', values: ['8'] }, true],
    [{ key: 'missing', operator: 'Lt', values: ['8'] }, false],
  ])('%j on arm64 gen-7 labels is %s', (r, want) => {
    // GIVEN a requirement THEN it holds exactly as the Kubernetes operator defines
    expect(satisfies(r, labels)).toBe(want);
  });

  it('needs every requirement of a term, and narrows a finite domain', () => {
    // GIVEN a term of two requirements THEN both must hold; allowedValues keeps the zones it admits
    expect(termSatisfied([{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }, { key: 'missing', operator: 'Exists', values: [] }], labels)).toBe(false);
    expect(allowedValues([{ key: 'z', operator: 'NotIn', values: ['b'] }], 'z', ['a', 'b', 'c'])).toEqual(['a', 'c']);
    expect(allowedValues([], 'z', ['a', 'b'])).toEqual(['a', 'b']);
  });
});
