import { describe, expect, it } from 'vitest';
import rule from './upg-cadence.js';
import { checkYaml } from '../internal/rule-tester.js';
import { EKS_VERSIONS } from '../control-plane/eks-versions.data.js';
import { liveTemplate } from '../../sources/live/live-template.fixtures.js';

const newest = [...EKS_VERSIONS].sort((a, b) => Number(b.version.split('.')[1]) - Number(a.version.split('.')[1]))[0]!.version;

describe('UPG-CADENCE', () => {
  it('is an attestation on a live cluster, with how far behind the newest EKS version it runs, at the version', () => {
    const minor = Number(newest.split('.')[1]);
    const r = checkYaml(rule, liveTemplate({ version: `1.${minor - 2}` }));
    expect(r.findings.map((f) => [f.outcome, f.location.line])).toEqual([['not-evaluated', 12]]);
    expect(r.findings[0]!.message).toBe(`attest: confirm a quarterly upgrade cadence with staging on the next version first; cluster prod runs 1.${minor - 2}, the newest EKS version is ${newest} (2 minors behind)`);
  });

  it('needs a running cluster', () => {
    expect(checkYaml(rule, liveTemplate({ live: false })).rules[0]).toMatchObject({ status: 'not-evaluated', targets: 0 });
  });
});
