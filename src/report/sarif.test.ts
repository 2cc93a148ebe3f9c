import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { applySuppressions, parseSuppressionFile } from '../rules/suppressions.js';
import type { CheckResult } from '../rules/types.js';
import { artifactUri, formatSarif } from './sarif.js';
import { context, sampleResult } from './report.fixtures.js';
import { repositoryUrl } from './types.js';

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  kind: string;
  level: string;
  locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn: number } } }[];
  suppressions?: { kind: string; justification: string }[];
}
interface Sarif {
  version: string;
  runs: {
    tool: { driver: { informationUri: string; rules: { id: string; helpUri: string; shortDescription: { text: string }; help: { text: string }; properties: Record<string, unknown> }[] } };
    invocations: { toolExecutionNotifications: { message: { text: string }; locations?: unknown[] }[] }[];
    results: SarifResult[];
  }[];
}

/**
 * The official SARIF 2.1.0 schema (OASIS, as published on SchemaStore: sarif-2.1.0-rtm.5), shipped by Microsoft's
 * @microsoft/jest-sarif. It is a draft-04 schema, hence ajv-draft-04.
 */
const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
// The schema's language pattern (`...[a-zA-Z]{2}]?$`) is valid only as a non-unicode regular expression.
// Both packages are CommonJS that also set `exports.default`, which is what NodeNext types the default import as.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
ajvFormats.default(ajv);
const validate = ajv.compile(schema);

/** The sample result with one suppressed finding, one expired suppression and one finding without a file. */
function richResult(): CheckResult {
  const r = sampleResult();
  const supp = parseSuppressionFile('suppressions:\n  - rule: SEC-IMAGE-TAG\n    reason: pinned by digest at deploy time\n  - rule: WL-PDB\n    reason: until the migration is done\n    expires: 2026-01-31\n', 'suppressions.yaml');
  r.findings.push(...applySuppressions(r.findings, supp, '2026-06-01'));
  r.findings.push({ ...r.findings[0]!, id: 'CP-LOGGING', ruleId: 'CP-LOGGING', outcome: 'not-evaluated', message: 'rule error: no location', location: {} });
  return r;
}

describe('formatSarif', () => {
  it('is valid against the official SARIF 2.1.0 schema', () => {
    // GIVEN failures, not-evaluated findings, a suppressed finding, an expired suppression, a finding with no file
    // and a YAML syntax notice
    const r = richResult();
    expect(r.findings.some((f) => f.suppressed)).toBe(true);
    expect(r.notices.length).toBeGreaterThan(0);
    // WHEN written as SARIF THEN the schema accepts it
    const doc = JSON.parse(formatSarif(r, context)) as unknown;
    const ok = validate(doc);
    expect(ok ? [] : validate.errors).toEqual([]);
  });

  it('is rejected by the same schema when a required part is missing, so the check above can fail', () => {
    // GIVEN valid output with the tool driver's name removed WHEN validated THEN the schema refuses it
    const doc = JSON.parse(formatSarif(sampleResult(), context)) as { runs: { tool: { driver: Record<string, unknown> } }[] };
    delete doc.runs[0]!.tool.driver.name;
    expect(validate(doc)).toBe(false);
  });

  it('meets GitHub code scanning: rule metadata with help URIs, a relative URI and a 1-based line for every result', () => {
    const r = richResult();
    const doc = JSON.parse(formatSarif(r, context)) as Sarif;
    const run = doc.runs[0]!;
    expect(doc.version).toBe('2.1.0');
    expect(run.tool.driver.informationUri).toBe('https://github.com/keelson-dev/keelson');
    for (const rule of run.tool.driver.rules) {
      expect(rule.helpUri).toMatch(/^https:\/\/github\.com\/keelson-dev\/keelson\/blob\/main\/docs\/rules\//);
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(rule.help.text.length).toBeGreaterThan(0);
      expect(typeof rule.properties['security-severity']).toBe('string');
    }
    expect(run.tool.driver.rules.find((x) => x.id === 'CP-ENDPOINT')?.helpUri).toBe('https://github.com/keelson-dev/keelson/blob/main/docs/rules/CP-ENDPOINT.md');
    // Every finding with a file is a result; the one without a file is a tool notification, not a location-less result.
    expect(run.results).toHaveLength(r.findings.length - 1);
    for (const res of run.results) {
      // ruleIndex must point at the rule with the same id, as GitHub requires (the expired suppression included)
      expect(run.tool.driver.rules[res.ruleIndex]?.id).toBe(res.ruleId);
      expect(res.locations).toHaveLength(1);
      const loc = res.locations[0]!.physicalLocation;
      expect(loc.artifactLocation.uri).not.toMatch(/^\/|^[a-z]+:/i);
      if (loc.region) expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
    }
    expect(run.results.filter((x) => x.locations[0]!.physicalLocation.region === undefined).map((x) => x.ruleId)).toEqual(['SUPPRESSION-EXPIRED']);
    const notes = run.invocations[0]!.toolExecutionNotifications.map((n) => n.message.text);
    expect(notes.some((t) => t.startsWith('CP-LOGGING: rule error'))).toBe(true);
    expect(notes.some((t) => /YAML syntax/.test(t))).toBe(true);
  });

  it('keeps suppressed findings, marked with the reason', () => {
    const doc = JSON.parse(formatSarif(richResult(), context)) as Sarif;
    const suppressed = doc.runs[0]!.results.filter((x) => x.suppressions);
    expect(suppressed.map((x) => [x.ruleId, x.suppressions])).toEqual([['SEC-IMAGE-TAG', [{ kind: 'external', justification: 'pinned by digest at deploy time' }]]]);
  });

  it('marks not-evaluated findings as open, never as a pass or a failure', () => {
    const r = sampleResult();
    const doc = JSON.parse(formatSarif(r, context)) as Sarif;
    const open = doc.runs[0]!.results.filter((x) => x.kind === 'open');
    expect(open.length).toBe(r.findings.filter((f) => f.outcome === 'not-evaluated').length);
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((x) => x.level === 'none')).toBe(true);
  });

  it('writes relative paths as URI references and absolute ones as file: URIs', () => {
    expect(artifactUri('infra/my cluster/main.tf')).toBe('infra/my%20cluster/main.tf');
    expect(artifactUri('k8s\\app.yaml')).toBe('k8s/app.yaml');
    expect(artifactUri('/srv/repo/a.yaml')).toBe('file:///srv/repo/a.yaml');
  });
});

describe('repositoryUrl', () => {
  it('turns npm repository forms into a browsable URL', () => {
    expect(repositoryUrl({ repository: { url: 'git+https://github.com/keelson-dev/keelson.git' } })).toBe('https://github.com/keelson-dev/keelson');
    expect(repositoryUrl({ repository: 'github:acme/fork' })).toBe('https://github.com/acme/fork');
    expect(repositoryUrl({ repository: 'acme/fork' })).toBe('https://github.com/acme/fork');
    expect(repositoryUrl({ homepage: 'https://keelson.example/docs#intro' })).toBe('https://keelson.example/docs');
  });
});
