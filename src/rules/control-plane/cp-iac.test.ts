import { describe, expect, it } from 'vitest';
import rule from './cp-iac.js';
import { checkYaml } from '../internal/rule-tester.js';
import { liveTemplate } from '../../sources/live/live-template.fixtures.js';

describe('CP-IAC', () => {
  it('passes a live cluster that carries the tag of the tool that manages it', () => {
    const tagSets: Record<string, string>[] = [{ 'aws:cloudformation:stack-name': 'platform' }, { 'alpha.eksctl.io/cluster-name': 'prod' }, { 'terraform-aws-modules': 'eks' }, { ManagedBy: 'Terraform' }];
    for (const tags of tagSets) {
      const r = checkYaml(rule, liveTemplate({ tags }));
      expect(r.findings, JSON.stringify(tags)).toEqual([]);
      expect(r.rules[0]!.status).toBe('pass');
    }
  });

  it('asks for an attestation (not evaluated, never a fail) when no IaC tag is on a live cluster', () => {
    const r = checkYaml(rule, liveTemplate({ tags: { Environment: 'production', ManagedBy: 'platform-team' } }));
    expect(r.findings.map((f) => [f.outcome, f.location.line])).toEqual([['not-evaluated', 8]]);
    expect(r.findings[0]!.message).toMatch(/^attest: cluster prod carries no tag of an IaC tool.*--against FILE/);
  });

  it('judges only running clusters: a definition file is the code itself', () => {
    expect(checkYaml(rule, liveTemplate({ live: false })).rules[0]).toMatchObject({ status: 'not-evaluated', targets: 0 });
  });
});
