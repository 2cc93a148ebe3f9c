import { describe, expect, it } from 'vitest';
import rule from './net-3az.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';
import { checkOwnOutput, OWN_OUTPUT_TIMEOUT_MS } from '../internal/own-output.js';
import { EKSCTL, GOOD_SUBNETS, KEELSON, vpcTemplate } from './net-rules.fixtures.js';

const getAzs = (i: number) => `{"Fn::Select": [${i}, {"Fn::GetAZs": ""}]}`;

describe('NET-3AZ', () => {
  it('fails a CloudFormation node group on subnets in two zones, at the first subnet\'s zone', () => {
    // GIVEN a node group on private subnets in eu-west-1a and eu-west-1b only
    const r = checkYaml(rule, vpcTemplate(GOOD_SUBNETS.filter((s) => s.id !== 'PrivC'), { nodeGroup: true }));
    // THEN it fails at PrivA's AvailabilityZone (line 26)
    expect(failures(r)).toEqual(['NET-3AZ in.yaml:26']);
    expect(r.findings[0]?.message).toContain('span 2 availability zones (eu-west-1a, eu-west-1b)');
  });

  it('passes three zones, and counts distinct Fn::GetAZs indices as distinct zones', () => {
    expect(checkYaml(rule, vpcTemplate(GOOD_SUBNETS, { nodeGroup: true })).findings).toEqual([]);
    const cdkShaped = vpcTemplate([0, 1, 2].map((i) => ({ id: `P${i}`, az: getAzs(i), cidr: `10.0.${16 * (i + 1)}.0/20` })), { nodeGroup: true });
    expect(checkYaml(rule, cdkShaped).findings).toEqual([]);
    // WHEN two subnets select the same index THEN they are one zone
    const sameZone = vpcTemplate([0, 1, 1].map((i, k) => ({ id: `P${k}`, az: getAzs(i), cidr: `10.0.${16 * (k + 1)}.0/20` })), { nodeGroup: true });
    expect(failures(checkYaml(rule, sameZone))).toEqual(['NET-3AZ in.yaml:26']);
  });

  it('is not evaluated when a zone comes from a parameter', () => {
    const t = vpcTemplate([{ id: 'P0', az: '!Ref ZoneParam', cidr: '10.0.16.0/20' }], { nodeGroup: true });
    const r = checkYaml(rule, t);
    expect(r.findings.map((f) => [f.outcome, f.location.line])).toEqual([['not-evaluated', 26]]);
    expect(r.findings[0]?.message).toContain('ZoneParam');
  });

  it('passes keelson\'s default zones; a keelson definition with two zones is refused before any rule runs', () => {
    // GIVEN keelson defaults (the region's a, b and c zones) THEN it passes, with the network judged
    const ok = checkYaml(rule, KEELSON(''));
    expect(ok.findings).toEqual([]);
    expect(ok.rules[0]?.status).toBe('pass');
    // GIVEN two zones WHEN read THEN the model refuses it (src/model/refinements.ts) and the rule has no evidence
    const r = checkYaml(rule, KEELSON('network:\n  availabilityZones: [eu-west-1a, eu-west-1b]\n'));
    expect(r.notices.map((n) => n.message).join()).toContain('at least 3 are required');
    expect(r.rules[0]?.status).toBe('not-evaluated');
  });

  it('fails eksctl availabilityZones with two zones, passes eksctl\'s default three', () => {
    expect(failures(checkYaml(rule, EKSCTL('availabilityZones: [eu-west-1a, eu-west-1b]\n')))).toEqual(['NET-3AZ in.yaml:4']);
    expect(checkYaml(rule, EKSCTL('managedNodeGroups:\n  - name: a\n    privateNetworking: true\n')).findings).toEqual([]);
  });

  it('passes keelson\'s own synth output (3 zones)', { timeout: OWN_OUTPUT_TIMEOUT_MS }, async () => {
    const r = await checkOwnOutput(rule);
    expect(r.findings).toEqual([]);
    expect(r.rules).toEqual([{ ruleId: 'NET-3AZ', status: 'pass', targets: 1 }]);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('passes the eksctl advanced example, which lists three zones', () => {
      const r = checkFixtures(rule, ['eksctl/05-advanced-nodegroups.yaml']);
      expect(r.findings).toEqual([]);
      expect(r.rules[0]?.status).toBe('pass');
    });
  });
});
