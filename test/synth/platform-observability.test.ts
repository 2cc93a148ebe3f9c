/**
 * Observability (Fluent Bit or the CloudWatch add-on, ADOT to X-Ray, AMP or kube-prometheus-stack with shared alert
 * rules), the AWS Load Balancer Controller and External Secrets: the guide's settings, schema validation of every
 * core object, the IAM scoping of their roles, and what each definition choice turns on or off.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { KeelsonError } from '../../src/errors.js';
import { loadDefinition } from '../../src/model/load.js';
import { parseDefinition } from '../../src/model/parse.js';
import type { ClusterDefinition, ClusterDefinitionInput } from '../../src/model/schema.js';
import { alertRuleGroups } from '../../src/synth/manifests/alert-rules.js';
import { buildComponents } from '../../src/synth/manifests/index.js';
import type { Component, K8sObject } from '../../src/synth/manifests/types.js';
import { renderKustomizeTree } from '../../src/synth/manifests/kustomize.js';
import { synthesize } from '../../src/synth/synthesize.js';
import type { SynthResult } from '../../src/synth/synthesize.js';
import { at, onlyResource, resourcesOfType, tagsOf } from '../../src/synth/template-query.js';
import type { CfnResource, CfnTemplate } from '../../src/synth/template-query.js';
import { coreErrors } from '../support/k8s-validate.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/production/keelson.config.ts');
const base = { name: 'plat', account: '123456789012', region: 'us-east-1' };
const NEW_COMPONENTS = ['aws-load-balancer-controller', 'external-secrets', 'fluent-bit', 'adot-collector', 'metrics'];

/** The kube-prometheus-stack, External Secrets, CloudWatch add-on choices, applied by the CDK app. */
const variantInput: ClusterDefinitionInput = {
  ...base,
  delivery: 'cdk',
  externalSecrets: { enabled: true, secretsPathPrefix: 'prod/payments/' },
  observability: { logs: { agent: 'cloudwatch-addon' }, metrics: { backend: 'kube-prometheus-stack' } },
};
/** Everything optional turned off, AMP without alert rules. */
const minimalInput: ClusterDefinitionInput = {
  ...base,
  loadBalancerController: { enabled: false },
  observability: { logs: { agent: 'none' }, tracing: { enabled: false }, metrics: { backend: 'amp', alertRules: false } },
};

let tmp: string;
let example: ClusterDefinition;
let exampleSynth: SynthResult;
let exampleT: CfnTemplate;
let variantSynth: SynthResult;
let variantT: CfnTemplate;
let minimalT: CfnTemplate;

const template = (r: SynthResult): CfnTemplate => JSON.parse(readFileSync(r.templateFile, 'utf8')) as CfnTemplate;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'keelson-platform-'));
  example = (await loadDefinition(EXAMPLE)).definition;
  exampleSynth = await synthesize(example, { outDir: path.join(tmp, 'example'), validate: true });
  exampleT = template(exampleSynth);
  variantSynth = await synthesize(parseDefinition(variantInput), { outDir: path.join(tmp, 'variant'), validate: true });
  variantT = template(variantSynth);
  minimalT = template(await synthesize(parseDefinition(minimalInput), { outDir: path.join(tmp, 'minimal'), validate: false }));
}, 600_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const componentsOf = (input: ClusterDefinitionInput): Component[] => buildComponents(parseDefinition(input));
const component = (cs: readonly Component[], name: string): Component => {
  const c = cs.find((x) => x.name === name);
  if (!c) throw new Error(`no component ${name} in ${cs.map((x) => x.name).join(', ')}`);
  return c;
};
/** ConfigMap keys hold dots, which `at` would read as a path. */
const dataOf = (o: K8sObject, key: string): string => String((o.data as Record<string, unknown>)[key]);
const find = (objects: readonly K8sObject[], kind: string, name: string): K8sObject => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name}`);
  return o;
};
const exampleComponents = (): Component[] => buildComponents(example);
const exampleObjects = (): K8sObject[] => exampleComponents().flatMap((c) => c.objects);

/** The role a PodIdentityAssociation binds, with its trust and the statements of its inline policies. */
function podRole(t: CfnTemplate, namespace: string, serviceAccount: string): { trust: Record<string, unknown>; statements: Record<string, unknown>[]; managed: string } {
  const assoc = onlyResource(t, 'AWS::EKS::PodIdentityAssociation', (r) => r.Properties?.Namespace === namespace && r.Properties?.ServiceAccount === serviceAccount);
  const roleId = at(assoc, 'Properties.RoleArn.Fn::GetAtt[0]') as string;
  const role = t.Resources[roleId]!;
  const statements = resourcesOfType(t, 'AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties?.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap(([, p]) => at(p, 'Properties.PolicyDocument.Statement') as Record<string, unknown>[]);
  return { trust: (at(role, 'Properties.AssumeRolePolicyDocument.Statement[0]') as Record<string, unknown>) ?? {}, statements, managed: JSON.stringify(role.Properties?.ManagedPolicyArns ?? []) };
}
const associations = (t: CfnTemplate): string[] =>
  resourcesOfType(t, 'AWS::EKS::PodIdentityAssociation').map(([, r]) => `${String(r.Properties?.Namespace)}/${String(r.Properties?.ServiceAccount)}`);
const logGroups = (t: CfnTemplate): [string, CfnResource][] => resourcesOfType(t, 'AWS::Logs::LogGroup').filter(([, r]) => String(r.Properties?.LogGroupName).startsWith('/aws/containerinsights/'));
const addonNames = (t: CfnTemplate): string[] => resourcesOfType(t, 'AWS::EKS::Addon').map(([, r]) => String(r.Properties?.AddonName));

describe('aws-cdk-lib CloudFormation validation', () => {
  it('the example (Fluent Bit, ADOT, AMP, load balancer controller) and the variant (CloudWatch add-on, kube-prometheus-stack, External Secrets, delivery cdk) report zero errors', () => {
    // GIVEN the two synths with validation on  THEN validation ran and found nothing
    expect([exampleSynth.validation.ran, exampleSynth.validation.errors, exampleSynth.validation.messages]).toEqual([true, 0, []]);
    expect([variantSynth.validation.ran, variantSynth.validation.errors, variantSynth.validation.messages]).toEqual([true, 0, []]);
  });
});

describe('schema validation of every new core object', () => {
  const newObjects = (cs: readonly Component[]): K8sObject[] => [
    ...cs.filter((c) => NEW_COMPONENTS.includes(c.name)).flatMap((c) => c.objects),
    ...cs.flatMap((c) => c.objects).filter((o) => o.kind === 'Namespace' && o.metadata.name === 'amazon-cloudwatch'),
  ];

  it.each<[string, () => Component[]]>([
    ['the example', exampleComponents],
    ['the variant (kube-prometheus-stack, External Secrets)', () => componentsOf(variantInput)],
  ])('%s: every object validates against kubernetes-models', async (_name, components) => {
    // GIVEN the objects of the new components
    const objects = newObjects(components());
    expect(objects.length).toBeGreaterThan(2);
    // WHEN each is validated THEN none has an error
    for (const o of objects) expect(await coreErrors(o), `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`).toEqual([]);
  });

  it('the example covers the kinds it should (so the loop above validated something real)', () => {
    const kinds = newObjects(exampleComponents()).map((o) => o.kind);
    expect([...new Set(kinds)].sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'DaemonSet', 'Deployment', 'HorizontalPodAutoscaler', 'Namespace', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceAccount']);
  });

  it('a broken DaemonSet is caught', async () => {
    // GIVEN the Fluent Bit DaemonSet with tolerations of the wrong type  THEN validation fails
    const ds = find(exampleObjects(), 'DaemonSet', 'fluent-bit');
    const spec = ds.spec as { template: { spec: Record<string, unknown> } };
    const broken = { ...ds, spec: { ...spec, template: { ...spec.template, spec: { ...spec.template.spec, tolerations: 'all' } } } };
    expect((await coreErrors(broken)).length).toBeGreaterThan(0);
  });
});

describe("the guide's settings, exactly", () => {
  const fluentBit = (): Component => component(exampleComponents(), 'fluent-bit');
  const fluentBitConf = (): string => dataOf(find(fluentBit().objects, 'ConfigMap', 'fluent-bit-config'), 'fluent-bit.conf');
  const ds = (): K8sObject => find(fluentBit().objects, 'DaemonSet', 'fluent-bit');
  const collectorConfig = (): Record<string, unknown> => parse(dataOf(find(component(exampleComponents(), 'adot-collector').objects, 'ConfigMap', 'adot-collector-config'), 'config.yaml')) as Record<string, unknown>;
  const lbc = (): Record<string, unknown> => component(exampleComponents(), 'aws-load-balancer-controller').helm!.values;
  const containerLogGroup = (): CfnResource => onlyResource(exampleT, 'AWS::Logs::LogGroup', (r) => String(r.Properties?.LogGroupName).startsWith('/aws/containerinsights/'));
  const optionOf = (key: string): string | undefined => new RegExp(`^\\s+${key}\\s+(.+)$`, 'm').exec(fluentBitConf())?.[1];

  it.each<[string, () => unknown, unknown]>([
    ['log group retention 30 days', () => at(containerLogGroup(), 'Properties.RetentionInDays'), 30],
    ['log group is the Container Insights application group', () => at(containerLogGroup(), 'Properties.LogGroupName'), '/aws/containerinsights/prod-cluster/application'],
    ['Fluent Bit ships with the cloudwatch_logs output', () => /\[OUTPUT\]\n\s+Name\s+cloudwatch_logs\n/.test(fluentBitConf()), true],
    ['Fluent Bit writes to that group', () => optionOf('log_group_name'), '/aws/containerinsights/prod-cluster/application'],
    ['Fluent Bit never creates groups (retention stays the CDK app\'s)', () => optionOf('auto_create_group'), 'false'],
    ['Fluent Bit parses logs as JSON', () => [optionOf('Merge_Log'), optionOf('Merge_Parser')], ['On', 'json']],
    ['Fluent Bit tails container logs', () => optionOf('Path'), '/var/log/containers/*.log'],
    ['Fluent Bit runs on every node (tolerates all taints)', () => at(ds(), 'spec.template.spec.tolerations'), [{ operator: 'Exists' }]],
    ['Fluent Bit has requests and a memory limit', () => at(ds(), 'spec.template.spec.containers[0].resources'), { requests: { cpu: '50m', memory: '100Mi' }, limits: { memory: '250Mi' } }],
    ['Fluent Bit drops all capabilities', () => at(ds(), 'spec.template.spec.containers[0].securityContext.capabilities.drop'), ['ALL']],
    ['Fluent Bit mounts host logs read-only', () => at(ds(), 'spec.template.spec.containers[0].volumeMounts[1]'), { name: 'varlog', mountPath: '/var/log', readOnly: true }],
    ['Fluent Bit reads pod and namespace metadata only', () => at(find(fluentBit().objects, 'ClusterRole', 'fluent-bit-read'), 'rules'), [{ apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['get', 'list', 'watch'] }]],
    ['Fluent Bit runs as its service account', () => at(ds(), 'spec.template.spec.serviceAccountName'), 'fluent-bit'],
    ['amazon-cloudwatch is a documented privileged exception', () => find(exampleObjects(), 'Namespace', 'amazon-cloudwatch').metadata.labels?.['pod-security.kubernetes.io/enforce'], 'privileged'],
    ['… with its reason', () => /hostPath/.test(find(exampleObjects(), 'Namespace', 'amazon-cloudwatch').metadata.annotations?.['keelson.io/pod-security-exception'] ?? ''), true],
    ['ADOT head sampling 5%', () => at(collectorConfig(), 'processors.probabilistic_sampler.sampling_percentage'), 5],
    ['ADOT exports to X-Ray', () => at(collectorConfig(), 'service.pipelines.traces'), { receivers: ['otlp'], processors: ['memory_limiter', 'probabilistic_sampler', 'batch'], exporters: ['awsxray'] }],
    ['ADOT receives OTLP on gRPC and HTTP', () => at(collectorConfig(), 'receivers.otlp.protocols'), { grpc: { endpoint: '0.0.0.0:4317' }, http: { endpoint: '0.0.0.0:4318' } }],
    ['ADOT image is the AWS collector', () => String(at(find(exampleObjects(), 'Deployment', 'adot-collector'), 'spec.template.spec.containers[0].image')).startsWith('public.ecr.aws/aws-observability/aws-otel-collector:'), true],
    ['ADOT namespace is restricted', () => find(exampleObjects(), 'Namespace', 'opentelemetry').metadata.labels?.['pod-security.kubernetes.io/enforce'], 'restricted'],
    ['ADOT runs as non-root', () => at(find(exampleObjects(), 'Deployment', 'adot-collector'), 'spec.template.spec.securityContext.runAsNonRoot'), true],
    ['ADOT keeps one replica through node drains', () => at(find(exampleObjects(), 'PodDisruptionBudget', 'adot-collector'), 'spec'), { maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'adot-collector' } } }],
    ['ADOT scales with trace volume', () => [at(find(exampleObjects(), 'HorizontalPodAutoscaler', 'adot-collector'), 'spec.minReplicas'), at(find(exampleObjects(), 'HorizontalPodAutoscaler', 'adot-collector'), 'spec.scaleTargetRef.name')], [2, 'adot-collector']],
    ['ADOT namespace is default-deny', () => at(find(exampleObjects().filter((o) => o.metadata.namespace === 'opentelemetry'), 'NetworkPolicy', 'default-deny-all'), 'spec'), { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }],
    ['ADOT accepts OTLP from every namespace', () => at(find(exampleObjects().filter((o) => o.metadata.namespace === 'opentelemetry'), 'NetworkPolicy', 'allow-otlp-ingress'), 'spec.ingress[0]'), { from: [{ namespaceSelector: {} }], ports: [{ port: 4317, protocol: 'TCP' }, { port: 4318, protocol: 'TCP' }] }],
    ['ADOT reaches the Pod Identity agent for its credentials', () => at(find(exampleObjects(), 'NetworkPolicy', 'allow-collector-egress'), 'spec.egress[1]'), { to: [{ ipBlock: { cidr: '169.254.170.23/32' } }], ports: [{ port: 80, protocol: 'TCP' }] }],
    ['platform pods carry the team and environment labels of the cluster tags', () => [at(ds(), 'spec.template.metadata.labels.team'), at(find(exampleObjects(), 'Deployment', 'adot-collector'), 'spec.template.metadata.labels.environment')], ['platform', 'production']],
    ['load balancer controller: 2 replicas', () => at(lbc(), 'replicaCount'), 2],
    ['load balancer controller: cluster name and region (no IMDS at hop limit 1)', () => [at(lbc(), 'clusterName'), at(lbc(), 'region')], ['prod-cluster', 'us-east-1']],
    ['load balancer controller: pinned chart from eks-charts in kube-system', () => {
      const h = component(exampleComponents(), 'aws-load-balancer-controller').helm!;
      return [h.repo, h.chart, h.version, h.namespace];
    }, ['https://aws.github.io/eks-charts', 'aws-load-balancer-controller', '1.14.0', 'kube-system']],
    ['load balancer controller: service account the role trusts', () => at(lbc(), 'serviceAccount.name'), 'aws-load-balancer-controller'],
  ])('%s', (_row, evidence, expected) => {
    expect(evidence()).toEqual(expected);
  });
});

describe('alert rules: one module, both backends', () => {
  const rules = alertRuleGroups().flatMap((g) => g.rules);
  const byName = (name: string): (typeof rules)[number] => {
    const r = rules.find((x) => x.alert === name);
    if (!r) throw new Error(`no rule ${name}`);
    return r;
  };

  it.each<[string, string, RegExp, string]>([
    ['RED request rate', 'HttpRequestRateDropped', /rate\(http_requests_total\[5m\]\)/, '15m'],
    ['RED error rate', 'HttpErrorRateHigh', /http_requests_total\{code=~"5\.\."\}/, '10m'],
    ['RED latency p99', 'HttpLatencyP99High', /histogram_quantile\(0\.99, .*http_request_duration_seconds_bucket/, '10m'],
    ['pending pods', 'PodsPending', /kube_pod_status_phase\{phase="Pending"\}\) > 0$/, '10m'],
    ['nodes not ready', 'NodeNotReady', /kube_node_status_condition\{condition="Ready",status="true"\} == 0/, '10m'],
    ['Karpenter provisioning errors', 'KarpenterCloudProviderErrors', /karpenter_cloudprovider_errors_total/, '15m'],
    ['Karpenter NodePool limits', 'KarpenterNodePoolNearLimit', /karpenter_nodepools_usage.*karpenter_nodepools_limit/, '15m'],
    ['CoreDNS SERVFAIL', 'CoreDNSServfailHigh', /coredns_dns_responses_total\{rcode="SERVFAIL"\}/, '10m'],
    ['CoreDNS latency', 'CoreDNSLatencyHigh', /coredns_dns_request_duration_seconds_bucket/, '10m'],
  ])('%s', (_title, name, expr, forDuration) => {
    expect(byName(name).expr).toMatch(expr);
    expect(byName(name).for).toBe(forDuration);
  });

  it('AMP: the rule groups namespace holds exactly the shared groups', () => {
    // GIVEN the example (amp)  WHEN its rule groups namespace is parsed  THEN it is the shared module's groups
    const ns = onlyResource(exampleT, 'AWS::APS::RuleGroupsNamespace');
    expect(parse(String(ns.Properties?.Data))).toEqual({ groups: alertRuleGroups() });
    expect(at(ns, 'Properties.Workspace')).toEqual({ 'Fn::GetAtt': [onlyId(exampleT, 'AWS::APS::Workspace'), 'Arn'] });
  });

  it('kube-prometheus-stack: the same groups in additionalPrometheusRulesMap, no PrometheusRule object', () => {
    const metrics = component(componentsOf(variantInput), 'metrics');
    expect(at(metrics.helm!.values, 'additionalPrometheusRulesMap.keelson-alerts')).toEqual({ groups: alertRuleGroups() });
    expect([...new Set(metrics.objects.map((o) => o.kind))]).toEqual(['Namespace', 'NetworkPolicy']);
  });
});

function onlyId(t: CfnTemplate, type: string): string {
  const found = resourcesOfType(t, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]![0];
}

describe('Amazon Managed Prometheus (the example)', () => {
  it('a managed scraper reads the cluster from the node subnets and writes to the workspace', () => {
    const scraper = onlyResource(exampleT, 'AWS::APS::Scraper');
    expect(at(scraper, 'Properties.Source.EksConfiguration.ClusterArn')).toEqual({ 'Fn::GetAtt': [onlyId(exampleT, 'AWS::EKS::Cluster'), 'Arn'] });
    expect((at(scraper, 'Properties.Source.EksConfiguration.SubnetIds') as unknown[]).length).toBe(3);
    expect(at(scraper, 'Properties.Source.EksConfiguration.SecurityGroupIds')).toEqual([{ 'Fn::GetAtt': [onlyId(exampleT, 'AWS::EKS::Cluster'), 'ClusterSecurityGroupId'] }]);
    expect(at(scraper, 'Properties.Destination.AmpConfiguration.WorkspaceArn')).toEqual({ 'Fn::GetAtt': [onlyId(exampleT, 'AWS::APS::Workspace'), 'Arn'] });
  });

  it('the scrape configuration is base64 YAML with the sources the alert rules read', () => {
    const blob = String(at(onlyResource(exampleT, 'AWS::APS::Scraper'), 'Properties.ScrapeConfiguration.ConfigurationBlob'));
    const config = parse(Buffer.from(blob, 'base64').toString('utf8')) as { global: Record<string, unknown>; scrape_configs: { job_name: string }[] };
    expect(config.scrape_configs.map((j) => j.job_name)).toEqual(['kube-state-metrics', 'coredns', 'kubelet', 'cadvisor', 'pods', 'karpenter']);
    expect(at(config, 'global.external_labels.cluster')).toBe('prod-cluster');
    // AND application metrics are grouped per app, the label the RED rules aggregate by (job)
    const pods = config.scrape_configs.find((j) => j.job_name === 'pods')!;
    expect((at(pods, 'relabel_configs') as unknown[]).at(-1)).toEqual({ source_labels: ['__meta_kubernetes_pod_label_app'], regex: '(.+)', target_label: 'job' });
    // AND node metrics go through the API server proxy with TLS verified
    const cadvisor = config.scrape_configs.find((j) => j.job_name === 'cadvisor')!;
    expect(at(cadvisor, 'relabel_configs[1].replacement')).toBe('/api/v1/nodes/$1/proxy/metrics/cadvisor');
    expect(at(cadvisor, 'tls_config')).toEqual({ ca_file: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt' });
  });

  it('in the cluster: kube-state-metrics (pinned) and the documented RBAC of the scraper user', () => {
    const metrics = component(exampleComponents(), 'metrics');
    expect([metrics.helm?.chart, metrics.helm?.version, metrics.helm?.namespace]).toEqual(['kube-state-metrics', '6.1.4', 'monitoring']);
    expect(at(find(metrics.objects, 'ClusterRoleBinding', 'aps-collector-user-role-binding'), 'subjects')).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'aps-collector-user' }]);
    expect(find(metrics.objects, 'Namespace', 'monitoring').metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('the monitoring namespace is default-deny: the scraper in from the VPC, kube-state-metrics out to the API server', () => {
    const policies = component(exampleComponents(), 'metrics').objects.filter((o) => o.kind === 'NetworkPolicy');
    expect(policies.map((p) => p.metadata.name)).toEqual(['default-deny-all', 'allow-scraper-ingress', 'allow-api-server-egress']);
    expect(at(policies[1], 'spec.ingress')).toEqual([{ from: [{ ipBlock: { cidr: '10.0.0.0/16' } }], ports: [{ port: 8080, protocol: 'TCP' }] }]);
    expect(at(policies[2], 'spec.egress[0].to')).toEqual([{ ipBlock: { cidr: '10.0.0.0/16' } }, { ipBlock: { cidr: '172.20.0.0/16' } }]);
    // AND an existing VPC's CIDR is the one used
    const existing = { vpcId: 'vpc-0123456789abcdef0', vpcCidrBlock: '10.42.0.0/16', privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1', 'subnet-0123456789abcdef2'] };
    const ingress = find(component(componentsOf({ ...base, network: { existing } }), 'metrics').objects, 'NetworkPolicy', 'allow-scraper-ingress');
    expect(at(ingress, 'spec.ingress[0].from[0].ipBlock.cidr')).toBe('10.42.0.0/16');
  });
});

describe('IAM: each role trusts exactly one service account and holds only its permissions', () => {
  it.each<[string, string, string]>([
    ['Fluent Bit', 'amazon-cloudwatch', 'fluent-bit'],
    ['ADOT collector', 'opentelemetry', 'adot-collector'],
    ['load balancer controller', 'kube-system', 'aws-load-balancer-controller'],
  ])('%s: Pod Identity trust pinned to its namespace and service account', (_name, namespace, serviceAccount) => {
    const { trust } = podRole(exampleT, namespace, serviceAccount);
    expect(trust.Principal).toEqual({ Service: 'pods.eks.amazonaws.com' });
    expect(at(trust, 'Condition.StringEquals')).toEqual({
      'aws:SourceAccount': '123456789012',
      'aws:RequestTag/kubernetes-namespace': namespace,
      'aws:RequestTag/kubernetes-service-account': serviceAccount,
    });
    expect(at(trust, 'Condition.ArnEquals.aws:SourceArn')).toEqual({ 'Fn::GetAtt': [onlyId(exampleT, 'AWS::EKS::Cluster'), 'Arn'] });
  });

  it('Fluent Bit may create streams in and write to the application log group only', () => {
    const { statements, managed } = podRole(exampleT, 'amazon-cloudwatch', 'fluent-bit');
    const arn = (suffix: string): unknown => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:us-east-1:123456789012:log-group:/aws/containerinsights/prod-cluster/application${suffix}`]] });
    expect(statements).toEqual([{ Sid: 'ShipContainerLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'], Resource: [arn(''), arn(':log-stream:*')] }]);
    expect(managed).toBe('[]');
  });

  it('the ADOT collector carries AWSXrayWriteOnlyAccess and nothing else', () => {
    const { statements, managed } = podRole(exampleT, 'opentelemetry', 'adot-collector');
    expect(statements).toEqual([]);
    expect(managed).toMatch(/:iam::aws:policy\/AWSXrayWriteOnlyAccess"\]\]\}\]$/);
  });

  it('External Secrets reads secrets under the prefix, nothing else (no ListSecrets)', () => {
    const { statements, trust } = podRole(variantT, 'external-secrets', 'external-secrets');
    expect(statements).toEqual([
      {
        Sid: 'ReadSecretsUnderPrefix',
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:ListSecretVersionIds'],
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:us-east-1:123456789012:secret:prod/payments/*']] },
      },
    ]);
    expect(at(trust, 'Condition.StringEquals.aws:RequestTag/kubernetes-service-account')).toBe('external-secrets');
  });

  it('the load balancer controller has the documented policy; "*" without a condition only where upstream has it', () => {
    const { statements } = podRole(exampleT, 'kube-system', 'aws-load-balancer-controller');
    expect(statements.length).toBe(16);
    const unscoped = statements.filter((s) => s.Resource === '*' && !s.Condition).map((s) => s.Sid);
    // Describe/Get/List and the WAF/Shield/ACM reads have no resource-level permissions; upstream leaves the
    // listener/rule and security-group-ingress calls unscoped because the resources do not exist yet.
    expect(unscoped).toEqual(['Describe', 'CertificatesWafShield', 'SecurityGroupIngress', 'CreateSecurityGroup', 'ListenersAndRules', 'ModifyListenersAndRules']);
    const deletes = statements.find((s) => s.Sid === 'ManageOwnLoadBalancers')!;
    expect(deletes.Condition).toEqual({ Null: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' } });
    expect(deletes.Action).toContain('elasticloadbalancing:DeleteLoadBalancer');
  });

  it('no new role has an unconditioned "*" resource outside the load balancer controller\'s documented list', () => {
    const all = [
      ...podRole(exampleT, 'amazon-cloudwatch', 'fluent-bit').statements,
      ...podRole(exampleT, 'opentelemetry', 'adot-collector').statements,
      ...podRole(variantT, 'external-secrets', 'external-secrets').statements,
    ];
    expect(all.length).toBe(2);
    expect(all.filter((s) => JSON.stringify(s.Resource).includes('"*"'))).toEqual([]);
  });
});

describe('definition changes produce the right objects and resources', () => {
  it('logs agent fluent-bit (the example): DaemonSet, namespace exception, role; no CloudWatch add-on', () => {
    expect(exampleComponents().map((c) => c.name)).toContain('fluent-bit');
    expect(associations(exampleT)).toContain('amazon-cloudwatch/fluent-bit');
    expect(addonNames(exampleT)).not.toContain('amazon-cloudwatch-observability');
    expect(logGroups(exampleT).length).toBe(1);
  });

  it('logs agent cloudwatch-addon: the managed add-on instead of the DaemonSet, the log group still with retention', () => {
    const cs = componentsOf(variantInput);
    expect(cs.map((c) => c.name)).not.toContain('fluent-bit');
    expect(cs.flatMap((c) => c.objects).filter((o) => o.metadata.namespace === 'amazon-cloudwatch' || o.metadata.name === 'amazon-cloudwatch')).toEqual([]);
    expect(addonNames(variantT)).toContain('amazon-cloudwatch-observability');
    expect(logGroups(variantT).map(([, r]) => at(r, 'Properties.RetentionInDays'))).toEqual([30]);
    expect(associations(variantT)).not.toContain('amazon-cloudwatch/fluent-bit');
  });

  it('logs agent none, tracing off, load balancer controller off: none of their objects or resources', () => {
    const names = componentsOf(minimalInput).map((c) => c.name);
    expect(names.filter((n) => ['fluent-bit', 'adot-collector', 'aws-load-balancer-controller'].includes(n))).toEqual([]);
    expect(logGroups(minimalT)).toEqual([]);
    expect(addonNames(minimalT)).not.toContain('amazon-cloudwatch-observability');
    expect(associations(minimalT).filter((a) => ['amazon-cloudwatch/fluent-bit', 'opentelemetry/adot-collector', 'kube-system/aws-load-balancer-controller'].includes(a))).toEqual([]);
  });

  it('metrics amp without alert rules: workspace and scraper, no rule groups namespace', () => {
    expect([resourcesOfType(minimalT, 'AWS::APS::Workspace').length, resourcesOfType(minimalT, 'AWS::APS::Scraper').length, resourcesOfType(minimalT, 'AWS::APS::RuleGroupsNamespace').length]).toEqual([1, 1, 0]);
  });

  it('metrics kube-prometheus-stack: a pinned Helm release in a privileged monitoring namespace, no AMP resources', () => {
    const metrics = component(componentsOf(variantInput), 'metrics');
    expect([metrics.helm?.repo, metrics.helm?.chart, metrics.helm?.version, metrics.helm?.namespace]).toEqual(['https://prometheus-community.github.io/helm-charts', 'kube-prometheus-stack', '77.11.1', 'monitoring']);
    expect(find(metrics.objects, 'Namespace', 'monitoring').metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(resourcesOfType(variantT, 'AWS::APS::Workspace').length + resourcesOfType(variantT, 'AWS::APS::Scraper').length).toBe(0);
  });

  it('metrics kube-prometheus-stack: the monitoring namespace is default-deny, opened only as far as the stack works', () => {
    // GIVEN the variant's metrics component
    const policies = component(componentsOf(variantInput), 'metrics').objects.filter((o) => o.kind === 'NetworkPolicy');
    const byName = new Map(policies.map((p) => [p.metadata.name, p]));
    // THEN every pod starts denied both ways, and each allow names who may talk to whom
    expect([...byName.keys()]).toEqual([
      'default-deny-all',
      'allow-dns',
      'allow-same-namespace',
      'allow-api-server-egress',
      'allow-prometheus-scrape-egress',
      'allow-alertmanager-receivers-egress',
      'allow-operator-webhook-ingress',
    ]);
    expect(at(byName.get('default-deny-all')!, 'spec')).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(policies.every((p) => p.metadata.namespace === 'monitoring')).toBe(true);
    // AND only Prometheus may reach other namespaces; only Alertmanager leaves the VPC, on 443
    expect(at(byName.get('allow-prometheus-scrape-egress')!, 'spec.podSelector')).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'prometheus' } });
    expect(at(byName.get('allow-alertmanager-receivers-egress')!, 'spec.egress')).toEqual([{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443, protocol: 'TCP' }] }]);
    expect(at(byName.get('allow-operator-webhook-ingress')!, 'spec.ingress[0].from')).toEqual([{ ipBlock: { cidr: '10.0.0.0/16' } }]);
  });

  it('metrics kube-prometheus-stack: application namespaces let Prometheus scrape them; with AMP they do not', () => {
    const scrapeAllows = (input: ClusterDefinitionInput): K8sObject[] =>
      component(componentsOf(input), 'network-policies').objects.filter((o) => o.metadata.name === 'allow-prometheus-scrape');
    const teams = [{ name: 'payments', namespaces: [{ name: 'payments' }, { name: 'ledger' }] }];
    const withStack = scrapeAllows({ ...variantInput, teams });
    expect(withStack.map((o) => o.metadata.namespace)).toEqual(['payments', 'ledger']);
    expect(at(withStack[0], 'spec.ingress[0].from[0]')).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
    });
    expect(scrapeAllows({ ...base, teams })).toEqual([]);
  });

  it('metrics kube-prometheus-stack without alert rules carries no rules map', () => {
    const metrics = component(componentsOf({ ...base, observability: { metrics: { backend: 'kube-prometheus-stack', alertRules: false } } }), 'metrics');
    expect(metrics.helm!.values).not.toHaveProperty('additionalPrometheusRulesMap');
  });

  it('metrics none: no metrics component', () => {
    expect(componentsOf({ ...base, observability: { metrics: { backend: 'none' } } }).map((c) => c.name)).not.toContain('metrics');
  });

  it('NodeLocal DNSCache on: the collector may also ask the node-local cache', () => {
    // GIVEN NodeLocal DNSCache  WHEN the collector's egress is built  THEN DNS may go to the link-local and cluster DNS IPs
    const objects = component(componentsOf({ ...base, dns: { nodeLocal: { enabled: true } } }), 'adot-collector').objects;
    expect((at(find(objects, 'NetworkPolicy', 'allow-collector-egress'), 'spec.egress[0].to') as unknown[]).slice(1)).toEqual([{ ipBlock: { cidr: '169.254.20.10/32' } }, { ipBlock: { cidr: '172.20.0.10/32' } }]);
    expect(at(find(exampleObjects(), 'NetworkPolicy', 'allow-collector-egress'), 'spec.egress[0].to')).toHaveLength(1);
  });

  it('a tag that is not a valid label value is left out of the workload labels', () => {
    const objects = component(componentsOf({ ...base, tags: { Team: 'Platform Team', Environment: 'staging' } }), 'adot-collector').objects;
    const labels = find(objects, 'Deployment', 'adot-collector').metadata.labels;
    expect([labels?.team, labels?.environment]).toEqual([undefined, 'staging']);
  });

  it('samplingPercent is configurable', () => {
    const cfg = parse(dataOf(find(component(componentsOf({ ...base, observability: { tracing: { samplingPercent: 20 } } }), 'adot-collector').objects, 'ConfigMap', 'adot-collector-config'), 'config.yaml'));
    expect(at(cfg, 'processors.probabilistic_sampler.sampling_percentage')).toBe(20);
  });

  it('External Secrets off (the example): no component, no role; on with a prefix: pinned chart in a restricted namespace', () => {
    expect(exampleComponents().map((c) => c.name)).not.toContain('external-secrets');
    expect(associations(exampleT)).not.toContain('external-secrets/external-secrets');
    const eso = component(componentsOf(variantInput), 'external-secrets');
    expect([eso.helm?.repo, eso.helm?.chart, eso.helm?.version, eso.helm?.namespace]).toEqual(['https://charts.external-secrets.io', 'external-secrets', '0.19.2', 'external-secrets']);
    expect(find(eso.objects, 'Namespace', 'external-secrets').metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    // AND its three Deployments carry what Kyverno's label and resource guardrails require
    for (const key of ['', 'webhook.', 'certController.']) {
      expect(at(eso.helm!.values, `${key}podLabels`)).toEqual({ app: 'external-secrets', team: 'platform', environment: 'production' });
      expect(at(eso.helm!.values, `${key}resources`)).toEqual({ requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } });
    }
  });

  it('External Secrets enabled without a prefix fails validation at the field, with a fix', () => {
    let error: unknown;
    try {
      parseDefinition({ ...base, externalSecrets: { enabled: true } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KeelsonError);
    const p = (error as KeelsonError).problems.find((x) => x.location.path === 'externalSecrets.secretsPathPrefix');
    expect(p?.message).toMatch(/path prefix/);
    expect(p?.fix).toMatch(/secretsPathPrefix/);
  });

  it('new components come after kyverno, in a fixed order', () => {
    const names = componentsOf(variantInput).map((c) => c.name);
    const i = names.indexOf('kyverno');
    expect(i).toBeGreaterThanOrEqual(0);
    expect(names.slice(i + 1)).toEqual(['aws-load-balancer-controller', 'external-secrets', 'adot-collector', 'metrics']);
  });
});

describe('the load balancer controller VPC ID', () => {
  const lbcValues = (input: ClusterDefinitionInput): Record<string, unknown> => component(componentsOf(input), 'aws-load-balancer-controller').helm!.values;

  it('GitOps with a VPC keelson creates: the controller finds the VPC by the tag keelson puts on it', async () => {
    // GIVEN the example (new VPC, gitops)  WHEN the tree is rendered  THEN no vpcId, but vpcTags naming the cluster
    const values = component(exampleComponents(), 'aws-load-balancer-controller').helm!.values;
    expect(values).not.toHaveProperty('vpcId');
    expect(values.vpcTags).toEqual({ 'keelson.io/cluster': 'prod-cluster' });
    const k = renderKustomizeTree(exampleComponents())['aws-load-balancer-controller/kustomization.yaml']!;
    expect(k).toMatch(/^# .*finds the VPC keelson creates by its keelson\.io\/cluster=prod-cluster tag/m);
    // AND the VPC in the template carries exactly that tag
    const r = await synthesize(parseDefinition({ ...base }), { outDir: path.join(tmp, 'lbc-vpc-tag'), validate: false });
    const t = JSON.parse(readFileSync(r.templateFile, 'utf8')) as CfnTemplate;
    const vpc = resourcesOfType(t, 'AWS::EC2::VPC')[0]![1];
    expect(tagsOf(vpc)['keelson.io/cluster']).toBe(base.name);
    expect(parseAllDocuments(k)[0]!.toJS()).toMatchObject({ helmCharts: [{ name: 'aws-load-balancer-controller', version: '1.14.0', releaseName: 'aws-load-balancer-controller' }] });
  });

  it('an existing VPC: its ID, in GitOps mode too', () => {
    const existing = { vpcId: 'vpc-0123456789abcdef0', vpcCidrBlock: '10.0.0.0/16', privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1', 'subnet-0123456789abcdef2'] };
    expect(at(lbcValues({ ...base, network: { existing } }), 'vpcId')).toBe('vpc-0123456789abcdef0');
  });

  it('delivery cdk: the CDK app passes the VPC it creates', () => {
    const chart = onlyResource(variantT, 'Custom::AWSCDK-EKS-HelmChart', (r) => r.Properties?.Chart === 'aws-load-balancer-controller');
    const values = JSON.stringify(at(chart, 'Properties.Values'));
    expect(values).toContain(`{"Ref":"${onlyId(variantT, 'AWS::EC2::VPC')}"}`);
    expect(values).toContain('\\"replicaCount\\":2');
  });

  it('delivery cdk applies every new Helm release and object through the CDK app', () => {
    const charts = resourcesOfType(variantT, 'Custom::AWSCDK-EKS-HelmChart').map(([, r]) => String(r.Properties?.Chart)).sort();
    expect(charts).toEqual(['aws-load-balancer-controller', 'external-secrets', 'karpenter', 'kube-prometheus-stack', 'kyverno']);
    const applied = resourcesOfType(variantT, 'Custom::AWSCDK-EKS-KubernetesResource').map(([, r]) => JSON.stringify(r.Properties?.Manifest)).join('\n');
    expect(applied).toContain('\\"name\\":\\"adot-collector\\"');
    expect(applied).toContain('\\"name\\":\\"external-secrets\\"');
  });
});
