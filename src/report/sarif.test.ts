import { describe, expect, it } from 'vitest';
import { formatSarif } from './sarif.js';
import { context, sampleResult } from './report.fixtures.js';

interface Sarif {
  version: string;
  runs: { tool: { driver: { rules: { id: string; helpUri: string; properties: Record<string, unknown> }[] } }; results: { ruleId: string; ruleIndex: number; kind: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn: number } } }[] }[] }[];
}

describe('formatSarif', () => {
  it('writes SARIF 2.1.0 with rule metadata, help URIs and 1-based regions', () => {
    const r = sampleResult();
    const doc = JSON.parse(formatSarif(r, context)) as Sarif;
    const run = doc.runs[0]!;
    expect(doc.version).toBe('2.1.0');
    expect(run.tool.driver.rules.every((x) => x.helpUri.endsWith(`${x.id}.md`) && typeof x.properties['security-severity'] === 'string')).toBe(true);
    expect(run.results).toHaveLength(r.findings.length);
    for (const res of run.results) {
      // ruleIndex must point at the rule with the same id, as GitHub requires
      expect(run.tool.driver.rules[res.ruleIndex]?.id).toBe(res.ruleId);
      const region = res.locations[0]?.physicalLocation.region;
      if (region) expect(region.startLine).toBeGreaterThanOrEqual(1);
    }
  });

  it('marks not-evaluated findings as open, never as a pass or a failure', () => {
    const r = sampleResult();
    const doc = JSON.parse(formatSarif(r, context)) as Sarif;
    const open = doc.runs[0]!.results.filter((x) => x.kind === 'open');
    expect(open.length).toBe(r.findings.filter((f) => f.outcome === 'not-evaluated').length);
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((x) => x.level === 'none')).toBe(true);
  });
});
