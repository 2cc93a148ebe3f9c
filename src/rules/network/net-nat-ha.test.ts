import { describe, expect, it } from 'vitest';
import rule from './net-nat-ha.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';
import { checkOwnOutput, OWN_OUTPUT_TIMEOUT_MS } from '../internal/own-output.js';
import { EKSCTL, GOOD_SUBNETS, KEELSON, vpcTemplate } from './net-rules.fixtures.js';

describe('NET-NAT-HA', () => {
  it('fails a single NAT gateway for node subnets in three zones, naming the zones without one', () => {
    // GIVEN one NAT gateway in PubA (eu-west-1a) and nodes in three zones
    const r = checkYaml(rule, vpcTemplate(GOOD_SUBNETS, { nat: ['PubA'], nodeGroup: true }));
    // THEN it fails at the VPC (line 2), naming eu-west-1b and eu-west-1c
    expect(failures(r)).toEqual(['NET-NAT-HA[per-az] in.yaml:2']);
    expect(r.findings[0]?.message).toContain('eu-west-1b, eu-west-1c have none of their own');
  });

  it('fails a VPC with no NAT gateway', () => {
    expect(failures(checkYaml(rule, vpcTemplate(GOOD_SUBNETS, { nodeGroup: true })))).toEqual(['NET-NAT-HA[none] in.yaml:2']);
  });

  it('judges only private subnets: a VPC whose nodes sit in public subnets and that has no private ones needs no NAT gateway', () => {
    // GIVEN public subnets only, the node group in them, no NAT gateway
    const pub = GOOD_SUBNETS.filter((s) => s.public);
    const nodesInPublic = vpcTemplate(pub, {}).replace(/\n$/, '') + '\n  Nodes:\n    Type: AWS::EKS::Nodegroup\n    Properties:\n      ClusterName: c\n      NodeRole: arn:aws:iam::123456789012:role/node\n      Subnets:\n        - !Ref PubA\n        - !Ref PubB\n';
    const r = checkYaml(rule, nodesInPublic);
    // THEN not evaluated (NET-PRIVATE-NODES is the finding there), rather than "no NAT gateway"
    expect(r.findings.map((f) => [f.outcome, f.location.line])).toEqual([['not-evaluated', 2]]);
    expect(r.findings[0]?.message).toMatch(/node subnets of Vpc are public .* no subnet here needs a NAT gateway/);
    // WHEN the VPC also has private subnets THEN their zones are judged, and the message says so
    const mixed = checkYaml(rule, vpcTemplate(GOOD_SUBNETS, { nat: ['PubA'] }).replace(/\n$/, '') + '\n  Nodes:\n    Type: AWS::EKS::Nodegroup\n    Properties:\n      ClusterName: c\n      NodeRole: r\n      Subnets: [!Ref PubA]\n');
    expect(failures(mixed)).toEqual(['NET-NAT-HA[per-az] in.yaml:2']);
    expect(mixed.findings[0]?.message).toMatch(/^1 NAT gateway for private subnets in 3 zones/);
  });

  it('passes a NAT gateway in each zone', () => {
    const r = checkYaml(rule, vpcTemplate(GOOD_SUBNETS, { nat: ['PubA', 'PubB', 'PubC'], nodeGroup: true }));
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('fails keelson natGateways: single at that field, passes one-per-az (the default)', () => {
    expect(failures(checkYaml(rule, KEELSON('network:\n  natGateways: single\n')))).toEqual(['NET-NAT-HA[per-az] in.yaml:5']);
    expect(checkYaml(rule, KEELSON('')).findings).toEqual([]);
  });

  it('passes eksctl vpc.nat.gateway: HighlyAvailable', () => {
    const r = checkYaml(rule, EKSCTL('vpc:\n  nat:\n    gateway: HighlyAvailable\n'));
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('passes keelson\'s own synth output (one NAT gateway per zone)', { timeout: OWN_OUTPUT_TIMEOUT_MS }, async () => {
    const r = await checkOwnOutput(rule);
    expect(r.findings).toEqual([]);
    expect(r.rules).toEqual([{ ruleId: 'NET-NAT-HA', status: 'pass', targets: 1 }]);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('fails the eksctl advanced example: eksctl\'s default is a single NAT gateway', () => {
      const r = checkFixtures(rule, ['eksctl/05-advanced-nodegroups.yaml']);
      expect(failures(r)).toEqual(['NET-NAT-HA[per-az] eksctl/05-advanced-nodegroups.yaml:3']);
      expect(r.findings[0]?.message).toContain('eu-west-2b, eu-west-2c');
    });
  });
});
