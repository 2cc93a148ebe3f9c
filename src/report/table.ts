/** The human report: findings grouped by area, each with its location and fix, then a summary line. */
import { formatLocation } from '../errors.js';
import { AREAS } from '../rules/types.js';
import type { CheckResult, Finding, Severity } from '../rules/types.js';
import { scorecard } from './scorecard.js';
import type { ReportContext } from './types.js';

const COLORS: Record<Severity | 'dim' | 'green', string> = { critical: '\x1b[1;31m', high: '\x1b[31m', medium: '\x1b[33m', low: '\x1b[36m', info: '\x1b[37m', dim: '\x1b[2m', green: '\x1b[32m' };

export function formatTable(result: CheckResult, ctx: ReportContext): string {
  const paint = (c: keyof typeof COLORS, s: string): string => (ctx.color ? `${COLORS[c]}${s}\x1b[0m` : s);
  const lines: string[] = [];
  for (const n of result.notices) lines.push(`${formatLocation(n.location)}: ${n.message}`);
  if (result.notices.length > 0) lines.push('');
  const visible = result.findings.filter((f) => !f.suppressed);
  for (const area of AREAS) {
    const inArea = visible.filter((f) => f.area === area);
    if (inArea.length === 0) continue;
    lines.push(paint('dim', `── ${area} `.padEnd(60, '─')));
    for (const f of inArea) lines.push(...findingLines(f, paint));
    lines.push('');
  }
  lines.push('Checklist');
  for (const s of scorecard(result)) {
    const mark = s.status === 'pass' ? paint('green', 'pass') : s.status === 'fail' ? paint('high', 'FAIL') : s.status === 'attest' ? 'attest' : paint('dim', 'n/e ');
    lines.push(`  ${String(s.n).padStart(2)}. ${mark.padEnd(ctx.color ? 4 + 9 : 6)} ${s.text}`);
  }
  lines.push('');
  lines.push(summaryLine(result));
  return `${lines.join('\n')}\n`;
}

function findingLines(f: Finding, paint: (c: keyof typeof COLORS, s: string) => string): string[] {
  const where = formatLocation(f.location) || '(no location)';
  const sev = f.outcome === 'fail' ? paint(f.severity, f.severity.toUpperCase().padEnd(8)) : paint('dim', 'N/E'.padEnd(8));
  const out = [`  ${where}`, `    ${sev} ${f.id}  ${f.message}`];
  if (f.fix) out.push(`    ${paint('dim', 'fix:')} ${f.fix}`);
  return out;
}

export function summaryLine(result: CheckResult): string {
  const fails = result.findings.filter((f) => f.outcome === 'fail' && !f.suppressed);
  const bySev = (['critical', 'high', 'medium', 'low', 'info'] as const).map((s) => [s, fails.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  const ne = result.findings.filter((f) => f.outcome === 'not-evaluated').length;
  const suppressed = result.findings.filter((f) => f.suppressed).length;
  const passed = result.rules.filter((r) => r.status === 'pass').length;
  const parts = [
    `${fails.length} failure${fails.length === 1 ? '' : 's'}${bySev.length > 0 ? ` (${bySev.map(([s, n]) => `${n} ${s}`).join(', ')})` : ''}`,
    `${ne} not evaluated`,
    `${passed} of ${result.rules.length} rules passed`,
  ];
  if (suppressed > 0) parts.push(`${suppressed} suppressed`);
  parts.push(`${result.stats.documents} documents, ${result.stats.unknownObjects} of unknown kind`);
  if (result.notices.length > 0) parts.push(`${result.notices.length} notice${result.notices.length === 1 ? '' : 's'}`);
  return parts.join(' · ');
}
