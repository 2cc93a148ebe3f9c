import { describe, expect, it } from 'vitest';
import rule from './iam-irsa.js';
import { deployment } from '../internal/manifests.js';
import { checkFiles, checkYaml, failures } from '../internal/rule-tester.js';
import { checkOwnOutput, OWN_OUTPUT_TIMEOUT_MS } from '../internal/own-output.js';

const CLUSTER = 'Resources:\n  C:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: prod\n';
const AGENT = '  Agent:\n    Type: AWS::EKS::Addon\n    Properties:\n      ClusterName: prod\n      AddonName: eks-pod-identity-agent\n';
const ASSOCIATION = '  Assoc:\n    Type: AWS::EKS::PodIdentityAssociation\n    Properties:\n      ClusterName: prod\n      Namespace: production\n      ServiceAccount: s3-reader-sa\n      RoleArn: arn:aws:iam::123456789012:role/s3-reader-role\n';
const SA = (annotations = '') => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: s3-reader-sa\n  namespace: production\n${annotations}`;
const APP = (env = '          env:\n            - {name: AWS_REGION, value: us-east-1}\n') =>
  deployment({ name: 'data-processor', namespace: 'production', container: env }).replace('      containers:', '      serviceAccountName: s3-reader-sa\n      containers:');

/** The guide's section 4: the IRSA trust policy (as a CloudFormation role), the annotated ServiceAccount and the Deployment. */
const GUIDE_ROLE = (sub: string) => [
  'Resources:',
  '  S3Reader:',
  '    Type: AWS::IAM::Role',
  '    Properties:',
  '      RoleName: s3-reader-role',
  '      AssumeRolePolicyDocument:',
  '        Version: "2012-10-17"',
  '        Statement:',
  '          - Effect: Allow',
  '            Principal:',
  '              Federated: arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
  '            Action: sts:AssumeRoleWithWebIdentity',
  '            Condition:',
  '              StringEquals:',
  `                "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": "${sub}"`,
  '                "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud": "sts.amazonaws.com"',
  '',
].join('\n');
const GUIDE_SA = SA('  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/s3-reader-role\n    eks.amazonaws.com/token-expiration: "86400"\n');

describe('IAM-IRSA', () => {
  it('fails a workload that calls AWS with a service account that has no role, at the ServiceAccount metadata', () => {
    // GIVEN a cluster definition in the inputs, and a ServiceAccount whose metadata (line 3) carries no annotation
    expect(failures(checkFiles(rule, { 'cluster.yaml': CLUSTER + AGENT, 'sa.yaml': SA(), 'app.yaml': APP() }))).toEqual(['IAM-IRSA[no-role] sa.yaml:3']);
  });

  it('passes the same workload once a Pod Identity association (with the agent) exists in another file', () => {
    const r = checkFiles(rule, { 'cluster.yaml': CLUSTER + AGENT + ASSOCIATION, 'sa.yaml': SA(), 'app.yaml': APP() });
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('fails a Pod Identity association without the eks-pod-identity-agent add-on, at the association', () => {
    expect(failures(checkYaml(rule, CLUSTER + ASSOCIATION))).toEqual(['IAM-IRSA[agent] in.yaml:6']);
  });

  it('fails long-lived keys in the environment, at the env entry', () => {
    const env = '          env:\n            - name: AWS_ACCESS_KEY_ID\n              valueFrom: {secretKeyRef: {name: aws, key: id}}\n';
    const r = checkFiles(rule, { 'cluster.yaml': CLUSTER + AGENT + ASSOCIATION, 'app.yaml': APP(env) });
    expect(failures(r)).toEqual(['IAM-IRSA[static-keys] app.yaml:22']);
    expect(r.findings[0]?.message).toContain('from a Secret');
  });

  it('follows the guide\'s IRSA annotation to the role in a template and checks its trust admits the service account', () => {
    const ok = checkFiles(rule, { 'role.yaml': GUIDE_ROLE('system:serviceaccount:production:s3-reader-sa'), 'sa.yaml': GUIDE_SA, 'app.yaml': APP() });
    expect(ok.findings).toEqual([]);
    expect(ok.rules[0]?.status).toBe('pass');
    // GIVEN the trust pinned to another service account THEN the annotation (line 7) fails: the pod would fall back to the node role
    const wrong = checkFiles(rule, { 'role.yaml': GUIDE_ROLE('system:serviceaccount:production:other-sa'), 'sa.yaml': GUIDE_SA, 'app.yaml': APP() });
    expect(failures(wrong)).toEqual(['IAM-IRSA[trust] sa.yaml:7']);
  });

  it('is not evaluated on manifests alone when the service account has no annotation (an association may exist elsewhere)', () => {
    const r = checkFiles(rule, { 'sa.yaml': SA(), 'app.yaml': APP() });
    expect(r.rules[0]?.status).toBe('not-evaluated');
  });

  it('passes keelson workloadIdentities for the service account', () => {
    const keelson = 'name: prod\naccount: "123456789012"\nregion: eu-west-1\nworkloadIdentities:\n  - namespace: production\n    serviceAccount: s3-reader-sa\n    managedPolicyArns: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]\n';
    const r = checkFiles(rule, { 'keelson.yaml': keelson, 'sa.yaml': SA(), 'app.yaml': APP() });
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('passes eksctl iam.serviceAccounts (IRSA made by eksctl) for the service account', () => {
    const eksctl = 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: prod, region: us-east-1}\niam:\n  withOIDC: true\n  serviceAccounts:\n    - metadata: {name: s3-reader-sa, namespace: production}\n      attachPolicyARNs: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]\n';
    expect(checkFiles(rule, { 'cluster.yaml': eksctl, 'sa.yaml': SA(), 'app.yaml': APP() }).findings).toEqual([]);
  });

  it('passes keelson\'s own synth output', { timeout: OWN_OUTPUT_TIMEOUT_MS }, async () => {
    const r = await checkOwnOutput(rule);
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });
});
