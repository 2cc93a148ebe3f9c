import { describe, expect, it } from 'vitest';
import rule from './karp-interruption.js';
import { checkFiles, checkYaml, failures } from '../internal/rule-tester.js';
import { checkOwnOutput, OWN_OUTPUT_TIMEOUT_MS } from '../internal/own-output.js';
import { liveTemplate } from '../../sources/live/live-template.fixtures.js';

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

  it('reads settings.interruptionQueue however the chart is installed: a Flux HelmRelease, a Terraform helm_release heredoc', () => {
    // GIVEN Karpenter's chart from a Flux HelmRelease, with and without the queue
    const release = (values: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: karpenter, namespace: kube-system}\nspec:\n  chart:\n    spec: {chart: karpenter, version: 1.14.1, sourceRef: {kind: HelmRepository, name: karpenter}}\n  values:\n${values}`;
    expect(checkFiles(rule, { 'cluster.yaml': CLUSTER, 'karpenter.yaml': release('    settings:\n      clusterName: c\n      interruptionQueue: c-karpenter\n') }).rules[0]?.status).toBe('pass');
    expect(failures(checkFiles(rule, { 'cluster.yaml': CLUSTER, 'karpenter.yaml': release('    settings:\n      clusterName: c\n') }))).toEqual(['KARP-INTERRUPTION cluster.yaml:2']);
    // the terraform-aws-modules/eks karpenter example: the queue name is a reference inside the values heredoc
    const tf = (values: string) => JSON.stringify({ resource: { aws_eks_cluster: { c: [{ name: 'c', role_arn: 'arn:aws:iam::1:role/c', vpc_config: [{ subnet_ids: ['subnet-1'] }] }] }, helm_release: { karpenter: [{ name: 'karpenter', chart: 'karpenter', repository: 'oci://public.ecr.aws/karpenter', values: [values] }] } } });
    const nodePool = 'apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: default}\nspec: {}\n';
    expect(checkFiles(rule, { 'main.tf.json': tf('settings:\n  clusterName: ${module.eks.cluster_name}\n  interruptionQueue: ${module.karpenter.queue_name}\n'), 'np.yaml': nodePool }).rules[0]?.status).toBe('pass');
    expect(checkFiles(rule, { 'main.tf.json': tf('settings:\n  clusterName: ${module.eks.cluster_name}\n'), 'np.yaml': nodePool }).rules[0]?.status).toBe('fail');
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

  it('fails, live, a configured queue SQS says does not exist, though the Deployment names it; passes one that exists', () => {
    // GIVEN Karpenter with INTERRUPTION_QUEUE=prod, and a live snapshot in which SQS answered for queue "prod"
    const karpenter = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: karpenter, namespace: kube-system}\nspec:\n  template:\n    spec:\n      containers: [{name: controller, image: x, env: [{name: INTERRUPTION_QUEUE, value: prod}]}]\n---\napiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: default}\n';
    const queue = (q: Record<string, unknown>) => liveTemplate({ resources: { InterruptionQueue: { Type: 'AWS::SQS::Queue', ...q } } });
    const missing = checkFiles(rule, { 'live.yaml': queue({ Properties: { QueueName: 'prod' }, Metadata: { 'keelson.io/missing': 'QueueDoesNotExist: The specified queue does not exist.' } }), 'k8s.yaml': karpenter });
    // THEN the missing queue fails at its name, with SQS's answer and the fix
    expect(missing.findings.map((f) => [f.outcome, f.location.file, f.location.path])).toEqual([['fail', 'live.yaml', 'Resources.InterruptionQueue.Properties.QueueName']]);
    expect(missing.findings[0]!.message).toContain('interruption queue "prod", but SQS says it does not exist (QueueDoesNotExist');
    expect(missing.findings[0]!.fix).toContain('create the SQS queue "prod"');
    // AND the queue as read passes, and the same resource outside a live snapshot is no evidence of a missing queue
    expect(checkFiles(rule, { 'live.yaml': queue({ Properties: { QueueName: 'prod', QueueArn: 'arn:aws:sqs:us-east-1:1:prod' } }), 'k8s.yaml': karpenter }).findings).toEqual([]);
    const notLive = liveTemplate({ live: false, resources: { InterruptionQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'prod' }, Metadata: { 'keelson.io/missing': 'x' } } } });
    expect(checkFiles(rule, { 'live.yaml': notLive, 'k8s.yaml': karpenter }).findings).toEqual([]);
  });

  it('passes keelson\'s own synth output', { timeout: OWN_OUTPUT_TIMEOUT_MS }, async () => {
    const r = await checkOwnOutput(rule);
    expect(r.findings).toEqual([]);
    expect(r.rules).toEqual([{ ruleId: 'KARP-INTERRUPTION', status: 'pass', targets: 1 }]);
  });
});
