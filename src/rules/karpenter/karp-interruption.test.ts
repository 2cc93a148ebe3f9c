import { describe, expect, it } from 'vitest';
import rule from './karp-interruption.js';
import { checkFiles, checkYaml, failures } from '../internal/rule-tester.js';
import { checkOwnOutput, OWN_OUTPUT_TIMEOUT_MS } from '../internal/own-output.js';

const CLUSTER = 'Resources:\n  C:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: c\n  KarpenterIdentity:\n    Type: AWS::EKS::PodIdentityAssociation\n    Properties:\n      ClusterName: c\n      Namespace: kube-system\n      ServiceAccount: karpenter\n      RoleArn: arn:aws:iam::1:role/k\n';
const QUEUE = (state = 'ENABLED') => `  Queue:\n    Type: AWS::SQS::Queue\n  Spot:\n    Type: AWS::Events::Rule\n    Properties:\n      State: ${state}\n      EventPattern:\n        source: [aws.ec2]\n        detail-type: [EC2 Spot Instance Interruption Warning]\n      Targets:\n        - {Id: q, Arn: !GetAtt Queue.Arn}\n`;
const KEELSON = 'name: prod\naccount: "123456789012"\nregion: eu-west-1\n';

describe('KARP-INTERRUPTION', () => {
  it('fails a CloudFormation cluster running Karpenter without an interruption queue, at the cluster', () => {
    expect(failures(checkYaml(rule, CLUSTER))).toEqual(['KARP-INTERRUPTION in.yaml:2']);
  });

  it('fails a disabled spot interruption rule, at its State', () => {
    // GIVEN the cluster (12 lines), the queue, and the rule whose State: DISABLED is line 18
    expect(failures(checkYaml(rule, CLUSTER + QUEUE('DISABLED')))).toEqual(['KARP-INTERRUPTION in.yaml:18']);
  });

  it('passes an SQS queue fed by a spot interruption EventBridge rule', () => {
    const r = checkYaml(rule, CLUSTER + QUEUE());
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('passes Karpenter Helm values with settings.interruptionQueue in a kustomization', () => {
    const kustomization = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nhelmCharts:\n  - name: karpenter\n    valuesInline:\n      settings:\n        interruptionQueue: c-karpenter\n';
    const r = checkFiles(rule, { 'cluster.yaml': CLUSTER, 'kustomization.yaml': kustomization });
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('has no targets without Karpenter in the inputs', () => {
    expect(checkYaml(rule, 'Resources:\n  C:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: c\n').rules[0]?.status).toBe('not-evaluated');
    expect(checkYaml(rule, `${KEELSON}karpenter:\n  enabled: false\n`).rules[0]?.status).toBe('not-evaluated');
  });

  it('passes keelson with Karpenter on (keelson creates the queue)', () => {
    const r = checkYaml(rule, KEELSON);
    expect(r.findings).toEqual([]);
    expect(r.rules[0]).toEqual({ ruleId: 'KARP-INTERRUPTION', status: 'pass', targets: 1 });
  });

  it('passes keelson\'s own synth output', { timeout: OWN_OUTPUT_TIMEOUT_MS }, async () => {
    const r = await checkOwnOutput(rule);
    expect(r.findings).toEqual([]);
    expect(r.rules).toEqual([{ ruleId: 'KARP-INTERRUPTION', status: 'pass', targets: 1 }]);
  });
});
