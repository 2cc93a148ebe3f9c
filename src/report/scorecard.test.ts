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
    // no rule for shipping logs yet: not evaluated either, and the item says the rule is not implemented
    expect(s.find((x) => x.n === 14)).toMatchObject({ status: 'not-evaluated', rules: [{ id: 'OBS-LOGS', status: 'not-implemented' }] });
  });
});
