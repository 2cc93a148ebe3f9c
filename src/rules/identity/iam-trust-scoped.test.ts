import { describe, expect, it } from 'vitest';
import rule from './iam-trust-scoped.js';
import { checkFiles, checkYaml, failures } from '../internal/rule-tester.js';
import { checkTerraform, outcomes } from '../../sources/terraform/terraform.fixtures.js';
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

  describe('across files: a ServiceAccount\'s eks.amazonaws.com/role-arn and the role it names', () => {
    /** A CloudFormation IRSA role named app-irsa, pinned to app/api (Condition on line 13). */
    const ROLE = [
      'Resources:',
      '  AppRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      RoleName: app-irsa',
      '      AssumeRolePolicyDocument:',
      '        Statement:',
      '          - Action: sts:AssumeRoleWithWebIdentity',
      '            Effect: Allow',
      '            Principal: {Federated: arn:aws:iam::123456789012:oidc-provider/x}',
      '            Condition:',
      `              StringEquals: {"${ISSUER}:sub": "system:serviceaccount:app:api", "${ISSUER}:aud": sts.amazonaws.com}`,
    ].join('\n') + '\n';
    const sa = (ns: string, name: string, role = 'app-irsa') => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/platform/${role}\n`;

    it('passes when the role pins exactly that namespace and service account', () => {
      const r = checkFiles(rule, { 'role.yaml': ROLE, 'sa.yaml': sa('app', 'api') });
      expect(r.findings).toEqual([]);
      expect(r.rules[0]).toEqual({ ruleId: 'IAM-TRUST-SCOPED', status: 'pass', targets: 2 });
    });

    it('fails at the role\'s trust condition when another service account uses the role', () => {
      // GIVEN shop/web annotated with the role that pins app/api
      const r = checkFiles(rule, { 'role.yaml': ROLE, 'sa.yaml': sa('shop', 'web') });
      // THEN the failure is at the trust policy's Condition (role.yaml line 11), naming both
      expect(failures(r)).toEqual(['IAM-TRUST-SCOPED[service-account] role.yaml:11']);
      expect(r.findings[0]?.message).toBe('ServiceAccount shop/web uses AppRole, whose trust pins "system:serviceaccount:app:api", not "system:serviceaccount:shop:web"');
    });

    it('is not evaluated, at the annotation, when the role is not in the inputs', () => {
      const r = checkFiles(rule, { 'role.yaml': ROLE, 'sa.yaml': sa('app', 'api', 'other-role') });
      expect(r.findings.map((f) => [f.outcome, f.id, f.location.file, f.location.line])).toEqual([['not-evaluated', 'IAM-TRUST-SCOPED[service-account]', 'sa.yaml', 7]]);
      expect(r.findings[0]?.message).toContain('uses role other-role, which is not defined in the inputs');
    });

    it('fails a named role that trusts no OIDC provider at all', () => {
      const ec2 = 'Resources:\n  AppRole:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: app-irsa\n      AssumeRolePolicyDocument:\n        Statement:\n          - {Action: sts:AssumeRole, Effect: Allow, Principal: {Service: ec2.amazonaws.com}}\n';
      expect(failures(checkFiles(rule, { 'role.yaml': ec2, 'sa.yaml': sa('app', 'api') }))).toEqual(['IAM-TRUST-SCOPED[service-account] role.yaml:8']);
    });

    it('follows the annotation to a Terraform role', async () => {
      const tf = `resource "aws_iam_role" "app" {\n  name = "app-irsa"\n  assume_role_policy = jsonencode({\n    Statement = [{\n      Effect    = "Allow"\n      Action    = "sts:AssumeRoleWithWebIdentity"\n      Principal = { Federated = aws_iam_openid_connect_provider.eks.arn }\n      Condition = { StringEquals = { "\${local.issuer}:sub" = "system:serviceaccount:app:api", "\${local.issuer}:aud" = "sts.amazonaws.com" } }\n    }]\n  })\n}\n`;
      expect((await checkTerraform(rule, { 'main.tf': tf, 'sa.yaml': sa('app', 'api') })).findings).toEqual([]);
      expect(outcomes(await checkTerraform(rule, { 'main.tf': tf, 'sa.yaml': sa('app', 'worker') }))).toEqual(['fail IAM-TRUST-SCOPED[service-account] main.tf:3']);
    });

    it('follows the annotation to an eksctl iam.serviceAccounts role by its roleName', () => {
      const cfg = EKSCTL('iam:\n  withOIDC: true\n  serviceAccounts:\n    - metadata: {name: api, namespace: app}\n      roleName: app-irsa\n      attachPolicyARNs: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]\n');
      const r = checkFiles(rule, { 'cluster.yaml': cfg, 'sa.yaml': sa('app', 'api') });
      expect(r.findings).toEqual([]);
      expect(r.rules[0]?.status).toBe('pass');
    });
  });
});
