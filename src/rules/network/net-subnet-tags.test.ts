import { describe, expect, it } from 'vitest';
import rule from './net-subnet-tags.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';
import { checkOwnOutput, OWN_OUTPUT_TIMEOUT_MS } from '../internal/own-output.js';
import { EKSCTL, GOOD_SUBNETS, KEELSON, vpcTemplate } from './net-rules.fixtures.js';

describe('NET-SUBNET-TAGS', () => {
  it('fails an untagged private subnet and a public subnet tagged for internal load balancers, each with its sub-id', () => {
    // GIVEN PrivA without tags (its Properties at line 24) and PubB tagged internal-elb (PubB starts at line 72 after the untagged PrivA; its Tags at line 78)
    const subnets = GOOD_SUBNETS.map((s) => (s.id === 'PrivA' ? { ...s, tags: {} } : s.id === 'PubB' ? { ...s, tags: { 'kubernetes.io/role/internal-elb': '1' } } : s));
    const r = checkYaml(rule, vpcTemplate(subnets, { nodeGroup: true }));
    // THEN both fail, each at the nearest place to add the tag
    expect(failures(r)).toEqual(['NET-SUBNET-TAGS[internal-elb] in.yaml:24', 'NET-SUBNET-TAGS[elb] in.yaml:78']);
  });

  it('passes subnets tagged for their tier', () => {
    const r = checkYaml(rule, vpcTemplate(GOOD_SUBNETS, { nodeGroup: true }));
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('is not evaluated for existing subnets keelson does not own, and passes the subnets keelson creates', () => {
    const existing = 'network:\n  existing:\n    vpcId: vpc-0123456789abcdef0\n    vpcCidrBlock: 10.0.0.0/16\n    privateSubnetIds: [subnet-0123456789abcdef0, subnet-0123456789abcdef1, subnet-0123456789abcdef2]\n';
    const r = checkYaml(rule, KEELSON(existing));
    expect(r.findings.map((f) => [f.id, f.outcome, f.location.line])).toEqual([
      ['NET-SUBNET-TAGS[internal-elb]', 'not-evaluated', 8],
      ['NET-SUBNET-TAGS[internal-elb]', 'not-evaluated', 8],
      ['NET-SUBNET-TAGS[internal-elb]', 'not-evaluated', 8],
    ]);
    expect(checkYaml(rule, KEELSON('')).findings).toEqual([]);
  });

  it('is not evaluated for eksctl subnets given by id, which eksctl does not tag', () => {
    const r = checkYaml(rule, EKSCTL('vpc:\n  id: vpc-1\n  subnets:\n    private:\n      eu-west-1a: {id: subnet-1}\nmanagedNodeGroups:\n  - name: a\n    privateNetworking: true\n'));
    expect(r.findings.map((f) => [f.outcome, f.location.line])).toEqual([['not-evaluated', 8]]);
  });

  it('passes keelson\'s own synth output (tagged by keelson)', { timeout: OWN_OUTPUT_TIMEOUT_MS }, async () => {
    const r = await checkOwnOutput(rule);
    expect(r.findings).toEqual([]);
    expect(r.rules).toEqual([{ ruleId: 'NET-SUBNET-TAGS', status: 'pass', targets: 1 }]);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('passes the eksctl examples: eksctl tags the subnets it creates', () => {
      const r = checkFixtures(rule, ['eksctl/03-two-nodegroups.yaml']);
      expect(r.findings).toEqual([]);
      expect(r.rules[0]?.status).toBe('pass');
    });
  });
});
