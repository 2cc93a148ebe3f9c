import { describe, expect, it } from 'vitest';
import { defineRule } from './define-rule.js';
import { runRules } from './engine.js';
import { addFile } from '../sources/read-inputs.js';
import { emptyInventory } from '../sources/inventory.js';
import type { K8sObject } from '../sources/inventory.js';
import { child } from '../sources/location.js';

const objects = {
  targets: (inv: ReturnType<typeof emptyInventory>) => inv.objects,
  locate: (o: K8sObject) => o.at,
  format: () => 'kubernetes' as const,
};
const meta = { title: 't', severity: 'high' as const, area: 'nodes' as const, evidence: ['K8S' as const], rationale: 'r', remediation: { kubernetes: 'do x' } };

function inventory() {
  const inv = emptyInventory();
  addFile(inv, 'b.yaml', Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: one}\n'));
  addFile(inv, 'a.yaml', Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: boom}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: two}\n'));
  return inv;
}

describe('runRules', () => {
  it('turns a throwing rule into not-evaluated for that target only', () => {
    // GIVEN a rule that throws on one object and fails the others
    const rule = defineRule({
      id: 'T-ONE',
      ...meta,
      ...objects,
      check(o, ctx) {
        if (o.name === 'boom') throw new Error('kaput');
        return [ctx.fail(`bad ${o.name}`, child(o.at, 'data'), { sub: 'x' })];
      },
    });
    // WHEN run
    const r = runRules([rule], inventory());
    // THEN the throw is a not-evaluated finding and the others still fail; sorted by file then line
    expect(r.findings.map((f) => [f.id, f.outcome, `${f.location.file}:${f.location.line}`, f.message])).toEqual([
      ['T-ONE', 'not-evaluated', 'a.yaml:1', 'rule error: kaput'],
      ['T-ONE[x]', 'fail', 'a.yaml:5', 'bad two'],
      ['T-ONE[x]', 'fail', 'b.yaml:1', 'bad one'],
    ]);
    expect(r.rules).toEqual([{ ruleId: 'T-ONE', status: 'fail', targets: 3 }]);
    expect(r.findings[1]?.fix).toBe('do x');
  });

  it('says not-evaluated, never pass, when the inputs hold no evidence', () => {
    const rule = defineRule({ id: 'T-TWO', ...meta, ...objects, targets: () => [], check: () => [] });
    expect(runRules([rule], inventory()).rules[0]).toMatchObject({ status: 'not-evaluated', targets: 0 });
  });

  it('passes a rule with targets and no verdicts', () => {
    const rule = defineRule({ id: 'T-THREE', ...meta, ...objects, check: () => [] });
    expect(runRules([rule], inventory()).rules[0]).toEqual({ ruleId: 'T-THREE', status: 'pass', targets: 3 });
  });
});
