import { describe, expect, it } from 'vitest';
import rule from './iam-trust-scoped.js';
import { checkYaml, failures } from '../internal/rule-tester.js';
import { checkOwnOutput, OWN_OUTPUT_TIMEOUT_MS } from '../internal/own-output.js';
import { cdkIrsaRole, EKSCTL, irsaRole } from './iam-rules.fixtures.js';

const ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/ABC';

describe('IAM-TRUST-SCOPED', () => {
  it('fails StringLike with a wildcard service account and no :aud, each with its sub-id, at the Condition', () => {
    // GIVEN a hand-written IRSA trust: StringLike "system:serviceaccount:app:*", no aud
    const r = checkYaml(rule, irsaRole(`              StringLike: {"${ISSUER}:sub": "system:serviceaccount:app:*"}`));
    // THEN three failures at Condition (line 14)
    expect(failures(r)).toEqual(['IAM-TRUST-SCOPED[aud] in.yaml:14', 'IAM-TRUST-SCOPED[string-equals] in.yaml:14', 'IAM-TRUST-SCOPED[wildcard] in.yaml:14']);
  });

  it('fails a trust with only :aud (any service account can assume the role)', () => {
    const r = checkYaml(rule, irsaRole(`              StringEquals: {"${ISSUER}:aud": sts.amazonaws.com}`));
    expect(failures(r)).toEqual(['IAM-TRUST-SCOPED[sub] in.yaml:14']);
  });

  it('passes StringEquals on one service account and the STS audience', () => {
    const r = checkYaml(rule, irsaRole(`              StringEquals: {"${ISSUER}:sub": "system:serviceaccount:app:api", "${ISSUER}:aud": sts.amazonaws.com}`));
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('follows CDK\'s Custom::AWSCDKCfnJson condition to its Value', () => {
    // GIVEN what CDK writes for IRSA, scoped THEN it passes (evaluated, not skipped)
    const ok = checkYaml(rule, cdkIrsaRole('system:serviceaccount:app:api'));
    expect(ok.findings).toEqual([]);
    expect(ok.rules[0]?.status).toBe('pass');
    // GIVEN the same with a wildcard and no aud THEN both show up
    expect(failures(checkYaml(rule, cdkIrsaRole('system:serviceaccount:app:*', false)))).toEqual(['IAM-TRUST-SCOPED[aud] in.yaml:14', 'IAM-TRUST-SCOPED[wildcard] in.yaml:14']);
  });

  it('is not evaluated when the condition comes from a resource it cannot read', () => {
    const r = checkYaml(rule, irsaRole('              StringEquals: !GetAtt SomeLambda.Value'));
    expect(r.findings.map((f) => [f.outcome, f.location.line])).toEqual([['not-evaluated', 14]]);
  });

  it('passes eksctl iam.serviceAccounts, whose trust eksctl writes scoped', () => {
    const r = checkYaml(rule, EKSCTL('iam:\n  withOIDC: true\n  serviceAccounts:\n    - metadata: {name: s3-reader, namespace: app}\n      attachPolicyARNs: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]\n'));
    expect(r.findings).toEqual([]);
    expect(r.rules[0]).toEqual({ ruleId: 'IAM-TRUST-SCOPED', status: 'pass', targets: 1 });
  });

  it('passes keelson\'s own synth output (its IRSA role via CfnJson)', { timeout: OWN_OUTPUT_TIMEOUT_MS }, async () => {
    const r = await checkOwnOutput(rule);
    expect(r.findings).toEqual([]);
    expect(r.rules).toEqual([{ ruleId: 'IAM-TRUST-SCOPED', status: 'pass', targets: 1 }]);
  });
});
