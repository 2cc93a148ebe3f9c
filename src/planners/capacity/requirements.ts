/**
 * Node-selection requirements (nodeSelector, required node affinity, NodePool requirements) and their test against
 * a node's labels, with the operators Kubernetes and Karpenter use.
 */
export type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';

export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: readonly string[];
}

/** Requirements that must all hold (a nodeSelectorTerm, a NodePool's requirements). */
export type Term = readonly Requirement[];

const OPERATORS = new Set<string>(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']);

export function isOperator(v: unknown): v is Operator {
  return typeof v === 'string' && OPERATORS.has(v);
}

export function satisfies(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const v = labels[r.key];
  switch (r.operator) {
    case 'In':
      return v !== undefined && r.values.includes(v);
    case 'NotIn':
      return v === undefined || !r.values.includes(v);
    case 'Exists':
      return v !== undefined;
    case 'DoesNotExist':
      return v === undefined;
    case 'Gt':
      return v !== undefined && Number(v) > Number(r.values[0]);
    case 'Lt':
      return v !== undefined && Number(v) < Number(r.values[0]);
  }
}

export function termSatisfied(term: Term, labels: Readonly<Record<string, string>>): boolean {
  return term.every((r) => satisfies(r, labels));
}

export function describeRequirement(r: Requirement): string {
  switch (r.operator) {
    case 'Exists':
    case 'DoesNotExist':
      return `${r.key} ${r.operator}`;
    default:
      return `${r.key} ${r.operator} [${r.values.join(',')}]`;
  }
}

/** The values a requirement allows out of a finite domain (zones, capacity types). */
export function allowedValues(term: Term, key: string, domain: readonly string[]): string[] {
  return domain.filter((d) => term.filter((r) => r.key === key).every((r) => satisfies(r, { [key]: d })));
}
