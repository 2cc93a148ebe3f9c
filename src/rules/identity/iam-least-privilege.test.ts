import { describe, expect, it } from 'vitest';
import rule from './iam-least-privilege.js';
import { checkYaml, failures } from '../internal/rule-tester.js';
import { checkOwnOutput, OWN_OUTPUT_TIMEOUT_MS } from '../internal/own-output.js';
import { EKSCTL, podIdentityRole } from './iam-rules.fixtures.js';

const STAR = ['      Policies:', '        - PolicyName: all', '          PolicyDocument:', '            Statement:', '              - {Effect: Allow, Action: "*", Resource: "*"}'].join('\n');

describe('IAM-LEAST-PRIVILEGE', () => {
  it('fails a pod role with AdministratorAccess (CDK\'s Fn::Join form) and an inline "Action": "*"', () => {
    // GIVEN a Pod Identity role: AdministratorAccess at line 11, an Allow * statement at line 16
    const r = checkYaml(rule, podIdentityRole(['{"Fn::Join": ["", ["arn:", {Ref: AWS::Partition}, ":iam::aws:policy/AdministratorAccess"]]}'], STAR));
    expect(failures(r)).toEqual(['IAM-LEAST-PRIVILEGE[admin] in.yaml:11', 'IAM-LEAST-PRIVILEGE[action-star] in.yaml:16']);
  });

  it('fails "Action": "*" in an AWS::IAM::Policy attached to the role', () => {
    const t = podIdentityRole(['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess']) + '  Extra:\n    Type: AWS::IAM::Policy\n    Properties:\n      Roles: [!Ref PodRole]\n      PolicyDocument:\n        Statement:\n          - {Effect: Allow, Action: ["*"], Resource: "*"}\n';
    expect(failures(checkYaml(rule, t))).toEqual(['IAM-LEAST-PRIVILEGE[action-star] in.yaml:18']);
  });

  it('passes a pod role with scoped policies', () => {
    const r = checkYaml(rule, podIdentityRole(['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'], '      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Statement:\n              - {Effect: Allow, Action: s3:GetObject, Resource: "arn:aws:s3:::b/*"}'));
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('is not evaluated for a managed policy ARN from a parameter', () => {
    const r = checkYaml(rule, podIdentityRole(['!Ref PolicyArn']));
    expect(r.findings.map((f) => [f.outcome, f.location.line])).toEqual([['not-evaluated', 11]]);
  });

  it('fails AdministratorAccess on an eksctl iam.serviceAccounts role', () => {
    const r = checkYaml(rule, EKSCTL('iam:\n  withOIDC: true\n  serviceAccounts:\n    - metadata: {name: app, namespace: app}\n      attachPolicyARNs:\n        - arn:aws:iam::aws:policy/AdministratorAccess\n'));
    expect(failures(r)).toEqual(['IAM-LEAST-PRIVILEGE[admin] in.yaml:9']);
  });

  it('passes keelson\'s own synth output (8 pod roles)', { timeout: OWN_OUTPUT_TIMEOUT_MS }, async () => {
    const r = await checkOwnOutput(rule);
    expect(r.findings).toEqual([]);
    expect(r.rules).toEqual([{ ruleId: 'IAM-LEAST-PRIVILEGE', status: 'pass', targets: 8 }]);
  });
});
