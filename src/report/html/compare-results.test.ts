import { describe, expect, it } from 'vitest';
import { sampleResult } from '../report.fixtures.js';
import { toDoc } from '../../../test/report/report-inputs.js';
import { checklistChanges, compareMetrics, diffFindings, direction } from './compare-results.js';
import type { CheckDoc } from './inputs.js';

const base = (): CheckDoc => toDoc(sampleResult());

describe('diffFindings', () => {
  it('matches findings by id, file and field path, so moved lines are not new findings', () => {
    // GIVEN the same result with every located field moved down by an edit above it
    const before = base();
    const after: CheckDoc = { ...before, findings: before.findings.map((f) => (f.location.path ? { ...f, location: { ...f.location, line: (f.location.line ?? 0) + 10 } } : f)) };
    expect(after.findings.filter((f, i) => f.location.line !== before.findings[i]?.location.line).length).toBeGreaterThan(10);
    const d = diffFindings(before, after);
    // THEN nothing is new and nothing is fixed
    expect(d.added.length + d.fixed.length).toBe(0);
    expect(d.unchanged).toBe(before.findings.length);
  });

  it('reports a removed finding as fixed and an added one as new, counting duplicates', () => {
    const before = base();
    const [first, ...rest] = before.findings;
    const extra = { ...(rest[0] as CheckDoc['findings'][number]) };
    const after: CheckDoc = { ...before, findings: [...rest, extra] };
    const d = diffFindings(before, after);
    expect(d.fixed.map((f) => f.id)).toEqual([first?.id]);
    // The duplicate of an existing finding is a second occurrence: new.
    expect(d.added.map((f) => f.id)).toEqual([extra.id]);
  });

  it('leaves suppressed findings out: suppressing is not fixing', () => {
    const before = base();
    const after: CheckDoc = { ...before, findings: before.findings.map((f, i) => (i === 0 ? { ...f, suppressed: { reason: 'accepted risk', source: 'suppressions.yaml' } } : f)) };
    const d = diffFindings(before, after);
    expect(d.fixed).toHaveLength(1);
    const m = compareMetrics(before, after).find((x) => x.label === 'Suppressed');
    expect(m && direction(m)).toBe('changed');
  });
});

describe('checklistChanges and metrics', () => {
  it('calls fail -> pass better, pass -> fail worse, and fail -> not evaluated better', () => {
    const before = base();
    const statuses = ['fail', 'pass', 'fail'] as const;
    const nextStatus = ['pass', 'fail', 'not-evaluated'] as const;
    const b: CheckDoc = { ...before, checklist: before.checklist.map((c, i) => (i < 3 ? { ...c, status: statuses[i] as string } : c)) as CheckDoc['checklist'] };
    const a: CheckDoc = { ...before, checklist: before.checklist.map((c, i) => (i < 3 ? { ...c, status: nextStatus[i] as string } : c)) as CheckDoc['checklist'] };
    expect(checklistChanges(b, a).map((c) => [c.n, c.direction])).toEqual([
      [1, 'better'],
      [2, 'worse'],
      [3, 'better'],
    ]);
  });

  it('counts fewer failures as better and fewer passing items as worse', () => {
    const before = base();
    const after: CheckDoc = { ...before, findings: before.findings.filter((f) => f.severity !== 'high'), checklist: before.checklist.map((c) => (c.status === 'pass' ? { ...c, status: 'fail' } : c)) };
    const m = new Map(compareMetrics(before, after).map((x) => [x.label, direction(x)]));
    expect(m.get('Failing findings')).toBe('better');
    expect(m.get('Failing high')).toBe('better');
    expect(m.get('Failing low')).toBe('same');
    expect(m.get('Checklist items passing')).toBe(before.checklist.some((c) => c.status === 'pass') ? 'worse' : 'same');
  });
});
