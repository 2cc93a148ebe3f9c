import { describe, expect, it } from 'vitest';
import rule from './net-flow-logs.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';
import { checkOwnOutput, OWN_OUTPUT_TIMEOUT_MS } from '../internal/own-output.js';
import { GOOD_SUBNETS, KEELSON, vpcTemplate } from './net-rules.fixtures.js';

describe('NET-FLOW-LOGS', () => {
  it('fails a CloudFormation VPC without an AWS::EC2::FlowLog, at the VPC', () => {
    // GIVEN a VPC (line 2) and no flow log THEN it fails there
    expect(failures(checkYaml(rule, vpcTemplate(GOOD_SUBNETS)))).toEqual(['NET-FLOW-LOGS in.yaml:2']);
  });

  it('passes a VPC with a flow log whose ResourceId refers to it', () => {
    const r = checkYaml(rule, vpcTemplate(GOOD_SUBNETS, { flowLog: true }));
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('fails keelson flowLogs.enabled: false at that field, passes the default', () => {
    expect(failures(checkYaml(rule, KEELSON('network:\n  flowLogs:\n    enabled: false\n')))).toEqual(['NET-FLOW-LOGS in.yaml:6']);
    expect(checkYaml(rule, KEELSON('')).findings).toEqual([]);
  });

  it('is not evaluated for a keelson existing VPC', () => {
    const r = checkYaml(rule, KEELSON('network:\n  existing:\n    vpcId: vpc-0123456789abcdef0\n    vpcCidrBlock: 10.0.0.0/16\n    privateSubnetIds: [subnet-0123456789abcdef0, subnet-0123456789abcdef1, subnet-0123456789abcdef2]\n'));
    expect(r.findings.map((f) => [f.outcome, f.location.line])).toEqual([['not-evaluated', 5]]);
  });

  it('passes keelson\'s own synth output (flow logs to CloudWatch Logs)', { timeout: OWN_OUTPUT_TIMEOUT_MS }, async () => {
    const r = await checkOwnOutput(rule);
    expect(r.findings).toEqual([]);
    expect(r.rules).toEqual([{ ruleId: 'NET-FLOW-LOGS', status: 'pass', targets: 1 }]);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('fails the eksctl examples: eksctl creates no flow logs', () => {
      expect(failures(checkFixtures(rule, ['eksctl/01-simple-cluster.yaml']))).toEqual(['NET-FLOW-LOGS eksctl/01-simple-cluster.yaml:3']);
    });
  });
});
