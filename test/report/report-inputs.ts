/**
 * Report inputs for the tests and the benchmark: the plan JSON written by `keelson plan ... --format json` (saved
 * from the planners in test/report/fixtures), a small check result built the way `keelson check` builds one, and a
 * generated result of any size.
 */
import { readFileSync } from 'node:fs';
import { RULES } from '../../src/rules/registry.js';
import { applySuppressions } from '../../src/rules/suppressions.js';
import type { CheckResult, Finding, RuleOutcome } from '../../src/rules/types.js';
import { formatJson } from '../../src/report/json.js';
import { sampleResult, context } from '../../src/report/report.fixtures.js';
import { classifyInput } from '../../src/report/html/inputs.js';
import type { CapacityDoc, CheckDoc, IpsDoc, UpgradeDoc } from '../../src/report/html/inputs.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

export const capacityDoc = (): CapacityDoc => fixture('capacity.json') as CapacityDoc;
export const ipsDoc = (): IpsDoc => fixture('ips.json') as IpsDoc;
export const upgradeDoc = (): UpgradeDoc => fixture('upgrade.json') as UpgradeDoc;

export function toDoc(result: CheckResult): CheckDoc {
  const input = classifyInput(JSON.parse(formatJson(result, context)));
  if (input.kind !== 'check') throw new Error(`not a check result: ${input.kind}`);
  return input.doc;
}

/** The reporters' sample result with one finding suppressed (with an expiry), as a suppressions file would. */
export function sampleWithSuppression(): CheckResult {
  const result = sampleResult();
  const source = { file: 'suppressions.yaml', path: 'suppressions[0]' };
  applySuppressions(result.findings, [{ rule: 'SEC-IMAGE-TAG', reason: 'the vendor image has no other tag yet', expires: '2099-12-31', source }], '2026-11-26');
  return result;
}

/** `count` findings over every rule, 200 files and all severities; every 9th is not evaluated, every 50th suppressed. */
export function largeResult(count: number): CheckResult {
  const findings: Finding[] = [];
  for (let i = 0; i < count; i++) {
    const rule = RULES[i % RULES.length] as (typeof RULES)[number];
    const suppressed = i % 50 === 49;
    findings.push({
      ruleId: rule.id,
      id: i % 3 === 0 ? `${rule.id}[c${i % 5}]` : rule.id,
      severity: rule.severity,
      area: rule.area,
      title: rule.title,
      outcome: i % 9 === 0 ? 'not-evaluated' : 'fail',
      message: `workload svc-${i} in team-${i % 200}: ${rule.title.toLowerCase()} does not hold (finding ${i})`,
      location: { file: `k8s/team-${i % 200}/svc-${i % 37}.yaml`, line: 1 + (i % 400), column: 3, path: `spec.template.spec.containers[${i % 4}]` },
      fix: i % 2 === 0 ? `set the field on svc-${i} as the rule's remediation says` : undefined,
      subject: { kind: 'Deployment', name: `svc-${i}`, namespace: `team-${i % 200}` },
      ...(suppressed ? { suppressed: { reason: `accepted for svc-${i} until the migration`, source: 'suppressions.yaml' } } : {}),
    });
  }
  const failing = new Set(findings.filter((f) => f.outcome === 'fail' && !f.suppressed).map((f) => f.ruleId));
  const rules: RuleOutcome[] = RULES.map((r) => ({ ruleId: r.id, status: failing.has(r.id) ? 'fail' : 'not-evaluated', targets: count }));
  return { findings, rules, notices: [], stats: { documents: count, objects: count, unknownObjects: 0, clusters: 1 } };
}
