import { describe, expect, it } from 'vitest';
import { formatJson, JSON_SCHEMA_VERSION } from './json.js';
import { context, sampleResult } from './report.fixtures.js';

describe('formatJson', () => {
  it('writes the versioned schema with findings, rules, checklist and notices', () => {
    const r = sampleResult();
    const doc = JSON.parse(formatJson(r, context)) as Record<string, unknown> & { findings: { id: string; location: { line: number } }[]; checklist: unknown[]; notices: unknown[]; summary: { failures: number } };
    expect(doc.schemaVersion).toBe(JSON_SCHEMA_VERSION);
    expect(doc.tool).toEqual({ name: 'keelson', version: '9.9.9' });
    expect(doc.findings).toHaveLength(r.findings.length);
    expect(doc.summary.failures).toBe(r.findings.filter((f) => f.outcome === 'fail').length);
    expect(doc.checklist).toHaveLength(20);
    expect(doc.notices).toHaveLength(1);
    expect(doc.findings.every((f) => f.location.line === undefined || f.location.line >= 1)).toBe(true);
  });
});
