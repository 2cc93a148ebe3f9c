/**
 * SARIF 2.1.0 for GitHub code scanning: rule metadata with help URIs, one result per finding. A not-evaluated
 * finding is kind "open" (the tool could not decide), never a pass; suppressed findings carry a suppression.
 */
import type { CheckResult, Finding, Severity } from '../rules/types.js';
import { ruleDocsUrl } from './types.js';
import type { ReportContext } from './types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub maps security-severity to critical (>= 9), high (>= 7), medium (>= 4) and low. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

export function formatSarif(result: CheckResult, ctx: ReportContext): string {
  const rules = [...ctx.rules].sort((a, b) => (a.id < b.id ? -1 : 1));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const doc = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'keelson',
            version: ctx.toolVersion,
            informationUri: 'https://github.com/keelson-dev/keelson',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.toLowerCase().replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase()),
              shortDescription: { text: r.title },
              fullDescription: { text: r.rationale },
              help: { text: [r.rationale, r.practice, ...Object.entries(r.remediation).map(([k, v]) => `${k}: ${v}`)].filter(Boolean).join('\n') },
              helpUri: ruleDocsUrl(r.id),
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { tags: ['security', 'eks', r.area], 'security-severity': SECURITY_SEVERITY[r.severity], precision: 'high' },
            })),
          },
        },
        results: result.findings.map((f) => toResult(f, index.get(f.ruleId))),
        columnKind: 'unicodeCodePoints',
      },
    ],
  };
  return `${JSON.stringify(doc, (_k, v: unknown) => (v === undefined ? undefined : v), 2)}\n`;
}

function toResult(f: Finding, ruleIndex: number | undefined) {
  const region = f.location.line ? { startLine: f.location.line, startColumn: f.location.column ?? 1 } : undefined;
  return {
    ruleId: f.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    kind: f.outcome === 'fail' ? 'fail' : 'open',
    level: f.outcome === 'fail' ? LEVEL[f.severity] : 'none',
    message: { text: f.fix ? `${f.message}. Fix: ${f.fix}` : f.message },
    locations: f.location.file
      ? [{ physicalLocation: { artifactLocation: { uri: f.location.file.split('\\').join('/') }, ...(region ? { region } : {}) }, ...(f.location.path ? { logicalLocations: [{ fullyQualifiedName: f.location.path }] } : {}) }]
      : [],
    // Sub-ids and messages distinguish findings on the same line for GitHub's alert tracking.
    partialFingerprints: { keelsonFindingId: `${f.id}:${f.location.path ?? ''}:${f.message}` },
    properties: { keelsonId: f.id },
    ...(f.suppressed ? { suppressions: [{ kind: 'external', justification: f.suppressed.reason }] } : {}),
  };
}
