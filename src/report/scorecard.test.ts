import { describe, expect, it } from 'vitest';
import { CHECKLIST, scorecard } from './scorecard.js';
import { sampleResult } from './report.fixtures.js';

describe('scorecard', () => {
  it('has the guide\'s 20 items, process items as attest', () => {
    const s = scorecard(sampleResult());
    expect(s.map((x) => x.n)).toEqual(CHECKLIST.map((_, i) => i + 1));
    expect(s.filter((x) => x.status === 'attest').map((x) => x.n)).toEqual([1, 18, 19]);
  });

  it('derives each item from its rules', () => {
    const s = scorecard(sampleResult());
    // CP-ENDPOINT passes in the sample (private on, public off); CP-LOGGING passes with "*"; SEC-POD... n/a
    expect(s.find((x) => x.n === 2)?.status).toBe('pass');
    expect(s.find((x) => x.n === 4)?.status).toBe('pass');
    // the Deployment has no PDB
    expect(s.find((x) => x.n === 12)?.status).toBe('fail');
    // the sample holds no ECR scanning configuration: not evaluated, never a silent pass
    expect(s.find((x) => x.n === 10)).toMatchObject({ status: 'not-evaluated', rules: [{ id: 'SEC-ECR-SCAN', status: 'not-evaluated' }] });
    // the Deployment's manifests hold no log shipper
    expect(s.find((x) => x.n === 14)).toMatchObject({ status: 'fail', rules: [{ id: 'OBS-LOGS', status: 'fail' }] });
  });

  it('reports an item whose rule did not run as not evaluated, and says the rule is not implemented', () => {
    // GIVEN a result from a rule set without OBS-LOGS (every catalogue rule may not be implemented yet)
    const full = sampleResult();
    const s = scorecard({ ...full, rules: full.rules.filter((r) => r.ruleId !== 'OBS-LOGS') });
    // THEN item 14 is never a silent pass
    expect(s.find((x) => x.n === 14)).toMatchObject({ status: 'not-evaluated', rules: [{ id: 'OBS-LOGS', status: 'not-implemented' }] });
  });
});
