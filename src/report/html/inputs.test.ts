import { describe, expect, expectTypeOf, it } from 'vitest';
import { formatJson } from '../json.js';
import { context, sampleResult } from '../report.fixtures.js';
import type { Finding } from '../../rules/types.js';
import { classifyInput } from './inputs.js';
import type { CheckFinding } from './inputs.js';

describe('CheckFinding', () => {
  it('is the rules\' Finding as the JSON reporter writes it: same fields, fix null when absent (typecheck)', () => {
    // A field added to Finding reaches the report's type without a second declaration to keep in step.
    expectTypeOf<keyof CheckFinding>().toEqualTypeOf<keyof Finding>();
    expectTypeOf<CheckFinding['fix']>().toEqualTypeOf<string | null>();
    expectTypeOf<CheckFinding['severity']>().toEqualTypeOf<Finding['severity']>();
    expectTypeOf<CheckFinding['suppressed']>().toEqualTypeOf<Finding['suppressed']>();
  });

  it('reads back what keelson check --format json writes, finding for finding', () => {
    // GIVEN the reporters' sample result, one finding without a fix
    const result = sampleResult();
    const input = classifyInput(JSON.parse(formatJson(result, context)));
    // THEN the page reads every finding with its fields, and a missing fix as null
    expect(input.kind).toBe('check');
    const findings = input.kind === 'check' ? input.doc.findings : [];
    expect(findings.some((f) => f.fix === null)).toBe(true);
    expect(findings.map((f) => [f.id, f.severity, f.location.file, f.fix])).toEqual(result.findings.map((f) => [f.id, f.severity, f.location.file, f.fix ?? null]));
  });
});
