/**
 * SARIF 2.1.0 for GitHub code scanning: rule metadata with help URIs, one result per finding. A not-evaluated
 * finding is kind "open" (the tool could not decide), never a pass; suppressed findings carry a suppression.
 * GitHub rejects a result without a location, so a finding that has no file (and every reader notice) goes to the
 * invocation's tool notifications instead.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SourceLocation } from '../errors.js';
import type { CheckResult, Finding, RuleMeta, Severity } from '../rules/types.js';
import { projectLinks, ruleDocsUrl } from './types.js';
import type { ReportContext } from './types.js';

/** The finding an expired suppression raises (src/rules/suppressions.ts); not a catalogue rule, but GitHub wants its metadata. */
const SUPPRESSION_EXPIRED: RuleMeta = {
  id: 'SUPPRESSION-EXPIRED',
  title: 'A suppression has expired',
  severity: 'medium',
  area: 'suppressions',
  evidence: ['DEF', 'K8S'],
  rationale: 'A suppression with an expiry date accepts a finding only until then; after it, the finding is reported again and the stale suppression is itself a finding, so accepted risks are reviewed instead of forgotten. Fix the findings, or renew the suppression with a new expiry and reason.',
  remediation: {},
};

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub maps security-severity to critical (>= 9), high (>= 7), medium (>= 4) and low. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

export function formatSarif(result: CheckResult, ctx: ReportContext): string {
  const known = new Set(ctx.rules.map((r) => r.id));
  const extra = result.findings.some((f) => f.ruleId === SUPPRESSION_EXPIRED.id) && !known.has(SUPPRESSION_EXPIRED.id) ? [SUPPRESSION_EXPIRED] : [];
  const rules = [...ctx.rules, ...extra].sort((a, b) => (a.id < b.id ? -1 : 1));
  const located = result.findings.filter((f) => f.location.file);
  const unlocated = result.findings.filter((f) => !f.location.file);
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
            informationUri: projectLinks().repository,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.toLowerCase().replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase()),
              shortDescription: { text: r.title },
              fullDescription: { text: r.rationale },
              help: { text: [r.rationale, r.practice, ...Object.entries(r.remediation).map(([k, v]) => `${k}: ${v}`)].filter(Boolean).join('\n') },
              helpUri: r.id === SUPPRESSION_EXPIRED.id ? `${projectLinks().repository}/blob/main/docs/rules/README.md#suppressions` : ruleDocsUrl(r.id),
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { tags: ['security', 'eks', r.area], 'security-severity': SECURITY_SEVERITY[r.severity], precision: 'high' },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [
              ...result.notices.map((n) => notification(n.message, n.location, n.kind === 'syntax' ? 'error' : 'warning')),
              ...unlocated.map((f) => notification(`${f.id}: ${f.message}`, f.location, f.outcome === 'fail' ? LEVEL[f.severity] : 'note')),
            ],
          },
        ],
        results: located.map((f) => toResult(f, index.get(f.ruleId))),
        columnKind: 'unicodeCodePoints',
      },
    ],
  };
  return `${JSON.stringify(doc, (_k, v: unknown) => (v === undefined ? undefined : v), 2)}\n`;
}

/**
 * A report shows files relative to the working directory, which is what GitHub resolves against the checkout; a
 * file outside it keeps its absolute path and becomes a file: URI.
 */
export function artifactUri(file: string): string {
  if (path.isAbsolute(file) || path.win32.isAbsolute(file)) return pathToFileURL(file).href;
  return file.split('\\').join('/').split('/').map(encodeURIComponent).join('/');
}

function physicalLocation(loc: SourceLocation) {
  const region = loc.line !== undefined && loc.line >= 1 ? { startLine: loc.line, startColumn: Math.max(1, loc.column ?? 1) } : undefined;
  return { artifactLocation: { uri: artifactUri(loc.file ?? '') }, ...(region ? { region } : {}) };
}

function notification(text: string, loc: SourceLocation, level: 'error' | 'warning' | 'note') {
  return { message: { text }, level, ...(loc.file ? { locations: [{ physicalLocation: physicalLocation(loc) }] } : {}) };
}

function toResult(f: Finding, ruleIndex: number | undefined) {
  return {
    ruleId: f.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    kind: f.outcome === 'fail' ? 'fail' : 'open',
    level: f.outcome === 'fail' ? LEVEL[f.severity] : 'none',
    message: { text: f.fix ? `${f.message}. Fix: ${f.fix}` : f.message },
    locations: [{ physicalLocation: physicalLocation(f.location), ...(f.location.path ? { logicalLocations: [{ fullyQualifiedName: f.location.path }] } : {}) }],
    // Sub-ids and messages distinguish findings on the same line for GitHub's alert tracking.
    partialFingerprints: { keelsonFindingId: `${f.id}:${f.location.path ?? ''}:${f.message}` },
    properties: { keelsonId: f.id },
    ...(f.suppressed ? { suppressions: [{ kind: 'external', justification: f.suppressed.reason }] } : {}),
  };
}
