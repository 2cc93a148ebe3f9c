/** JUnit XML: one test suite per area, one test case per rule; failures list every finding of the rule. */
import { formatLocation } from '../errors.js';
import { AREAS } from '../rules/types.js';
import type { CheckResult } from '../rules/types.js';
import type { ReportContext } from './types.js';

export function xmlEscape(s: string): string {
  // Control characters are not allowed in XML 1.0 at all; drop them rather than emit an unreadable file.
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function formatJunit(result: CheckResult, ctx: ReportContext): string {
  const meta = new Map(ctx.rules.map((r) => [r.id, r]));
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const failures = result.rules.filter((r) => r.status === 'fail').length;
  const skipped = result.rules.filter((r) => r.status === 'not-evaluated').length;
  out.push(`<testsuites name="keelson check" tests="${result.rules.length}" failures="${failures}" skipped="${skipped}">`);
  for (const area of AREAS) {
    const rules = result.rules.filter((r) => meta.get(r.ruleId)?.area === area);
    if (rules.length === 0) continue;
    out.push(`  <testsuite name="${area}" tests="${rules.length}" failures="${rules.filter((r) => r.status === 'fail').length}" skipped="${rules.filter((r) => r.status === 'not-evaluated').length}">`);
    for (const r of rules) {
      const m = meta.get(r.ruleId);
      const name = xmlEscape(`${r.ruleId}: ${m?.title ?? ''}`);
      const findings = result.findings.filter((f) => f.ruleId === r.ruleId && !f.suppressed);
      if (r.status === 'pass') {
        out.push(`    <testcase classname="keelson.${area}" name="${name}"/>`);
      } else if (r.status === 'fail') {
        const fails = findings.filter((f) => f.outcome === 'fail');
        const body = fails.map((f) => `${formatLocation(f.location)} ${f.id}: ${f.message}${f.fix ? `\n  fix: ${f.fix}` : ''}`).join('\n');
        out.push(`    <testcase classname="keelson.${area}" name="${name}">`);
        out.push(`      <failure type="${m?.severity ?? 'high'}" message="${xmlEscape(`${fails.length} finding${fails.length === 1 ? '' : 's'}`)}">${xmlEscape(body)}</failure>`);
        out.push('    </testcase>');
      } else {
        const why = r.reason ?? findings.map((f) => `${formatLocation(f.location)} ${f.message}`).join('; ');
        out.push(`    <testcase classname="keelson.${area}" name="${name}">`);
        out.push(`      <skipped message="${xmlEscape(`not evaluated: ${why}`)}"/>`);
        out.push('    </testcase>');
      }
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
