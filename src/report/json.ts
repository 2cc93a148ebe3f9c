/**
 * The machine report. Schema version 1 (documented in docs/rules/README.md):
 * { schemaVersion: 1, tool: {name, version}, summary: {failures, notEvaluated, suppressed, rulesPassed, rules},
 *   findings: [{id, ruleId, severity, area, title, outcome, message, location: {file, line, column, path}, fix, suppressed?: {reason, source, expires?}}],
 *   rules: [{ruleId, status, targets, reason?}], checklist: [{n, text, status, rules}], notices: [{kind, message, location}] }
 * Lines and columns are 1-based. Additive changes keep the version; anything else bumps it.
 */
import type { CheckResult } from '../rules/types.js';
import { scorecard } from './scorecard.js';
import type { ReportContext } from './types.js';

export const JSON_SCHEMA_VERSION = 1;

export function formatJson(result: CheckResult, ctx: ReportContext): string {
  const doc = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: 'keelson', version: ctx.toolVersion },
    summary: {
      failures: result.findings.filter((f) => f.outcome === 'fail' && !f.suppressed).length,
      notEvaluated: result.findings.filter((f) => f.outcome === 'not-evaluated').length,
      suppressed: result.findings.filter((f) => f.suppressed).length,
      rulesPassed: result.rules.filter((r) => r.status === 'pass').length,
      rules: result.rules.length,
      ...result.stats,
    },
    findings: result.findings.map((f) => ({ ...f, fix: f.fix ?? null })),
    rules: result.rules,
    checklist: scorecard(result),
    notices: result.notices,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
