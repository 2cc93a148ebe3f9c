import { describe, expect, it } from 'vitest';
import { formatTable, summaryLine } from './table.js';
import { context, sampleResult } from './report.fixtures.js';

describe('formatTable', () => {
  it('groups by area, shows locations and fixes, and ends with the summary', () => {
    // GIVEN a result WHEN formatted without colour
    const text = formatTable(sampleResult(), context);
    // THEN areas appear in catalogue order, with no escape codes
    expect(text.indexOf('── network')).toBeLessThan(text.indexOf('── workload-security'));
    expect(text).toContain('app.yaml:8:30 spec.template.spec.containers[0].image');
    expect(text).toContain('    fix: ');
    expect(text).toMatch(/broken\.yaml:\d+:\d+: YAML syntax/);
    expect(text).not.toContain('\x1b[');
    expect(text.trimEnd().split('\n').at(-1)).toBe(summaryLine(sampleResult()));
  });

  it('colours only when asked', () => {
    expect(formatTable(sampleResult(), { ...context, color: true })).toContain('\x1b[');
  });

  it('is byte-stable for the same input', () => {
    expect(formatTable(sampleResult(), context)).toBe(formatTable(sampleResult(), context));
  });

  it('counts failures by severity in the summary', () => {
    const r = sampleResult();
    const high = r.findings.filter((f) => f.outcome === 'fail' && f.severity === 'high').length;
    expect(high).toBeGreaterThan(0);
    expect(summaryLine(r)).toContain(`${high} high`);
    expect(summaryLine(r)).not.toContain('critical');
    expect(summaryLine(r)).toMatch(/\d+ not evaluated/);
  });
});
