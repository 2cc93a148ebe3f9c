import { describe, expect, it } from 'vitest';
import { formatJunit, xmlEscape } from './junit.js';
import { context, sampleResult } from './report.fixtures.js';

describe('formatJunit', () => {
  it('writes one testcase per rule with failures and skips counted', () => {
    const r = sampleResult();
    const xml = formatJunit(r, context);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect((xml.match(/<testcase /g) ?? []).length).toBe(r.rules.length);
    expect((xml.match(/<failure /g) ?? []).length).toBe(r.rules.filter((x) => x.status === 'fail').length);
    expect((xml.match(/<skipped /g) ?? []).length).toBe(r.rules.filter((x) => x.status === 'not-evaluated').length);
  });

  it('escapes markup in messages', () => {
    const xml = formatJunit(sampleResult(), context);
    expect(xml).toContain('enforces &quot;images only from ECR&quot;');
    expect(xml).not.toContain('enforces "images');
  });

  it('drops characters XML 1.0 cannot hold', () => {
    expect(xmlEscape('a\x01b"')).toBe('ab&quot;');
  });
});
