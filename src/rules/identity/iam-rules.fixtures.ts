/** CloudFormation IAM templates for the identity rule tests, written the way CDK and hand-written templates write them. */

/** An IRSA role whose trust condition is the given YAML (indented under `Condition:`), on line 12 onwards. */
export function irsaRole(condition: string, extra = ''): string {
  return [
    'Resources:',
    '  Oidc:',
    '    Type: AWS::IAM::OIDCProvider',
    '    Properties:',
    '      ClientIdList: [sts.amazonaws.com]',
    '  AppRole:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Statement:',
    '          - Action: sts:AssumeRoleWithWebIdentity',
    '            Effect: Allow',
    '            Principal: {Federated: !Ref Oidc}',
    '            Condition:',
    condition,
    extra,
  ].filter((l) => l !== '').join('\n') + '\n';
}

/** What CDK writes for IRSA: the condition is a Custom::AWSCDKCfnJson whose Value joins the issuer into the keys. */
export function cdkIrsaRole(sub: string, aud = true): string {
  const issuer = '{"Fn::Select": [1, {"Fn::Split": ["https://", {"Fn::GetAtt": [Cluster, OpenIdConnectIssuerUrl]}]}]}';
  const json = `["{\\"", ${issuer}, ":sub\\":\\"${sub}\\"${aud ? `,\\"", ${issuer}, ":aud\\":\\"sts.amazonaws.com\\"}"` : '}"'}]`;
  return [
    'Resources:',
    '  Conditions:',
    '    Type: Custom::AWSCDKCfnJson',
    '    Properties:',
    `      Value: {"Fn::Join": ["", ${json}]}`,
    '  AppRole:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Statement:',
    '          - Action: sts:AssumeRoleWithWebIdentity',
    '            Effect: Allow',
    '            Principal: {Federated: arn:aws:iam::123456789012:oidc-provider/x}',
    '            Condition:',
    '              StringEquals: {"Fn::GetAtt": [Conditions, Value]}',
  ].join('\n') + '\n';
}

/** A Pod Identity role with the given managed policies and inline statements. */
export function podIdentityRole(managed: readonly string[], statementsYaml = ''): string {
  return [
    'Resources:',
    '  PodRole:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Statement:',
    '          - Action: [sts:AssumeRole, sts:TagSession]',
    '            Effect: Allow',
    '            Principal: {Service: pods.eks.amazonaws.com}',
    '      ManagedPolicyArns:',
    ...managed.map((m) => `        - ${m}`),
    statementsYaml,
  ].filter((l) => l !== '').join('\n') + '\n';
}

/** A managed node group and its node role with the given managed policies (line 10 onwards). */
export function nodeRole(managed: readonly string[]): string {
  return [
    'Resources:',
    '  Nodes:',
    '    Type: AWS::EKS::Nodegroup',
    '    Properties:',
    '      ClusterName: c',
    '      Subnets: [subnet-1]',
    '      NodeRole: !GetAtt NodeRole.Arn',
    '  NodeRole:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Statement:',
    '          - {Action: sts:AssumeRole, Effect: Allow, Principal: {Service: ec2.amazonaws.com}}',
    '      ManagedPolicyArns:',
    ...managed.map((m) => `        - ${m}`),
  ].join('\n') + '\n';
}

export const EKSCTL = (body: string): string => `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: eu-west-1}\n${body}`;
