import { describe, expect, it } from 'vitest';
import rule, { fluentBitOutputs } from './obs-logs.js';
import { deployment } from '../internal/manifests.js';
import { checkFiles, checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';
import { ownManifests } from '../internal/own-manifests.js';
import { checkOwnOutput, OWN_OUTPUT_TIMEOUT_MS } from '../internal/own-output.js';
import { checkOnDisk } from '../../sources/terraform/terraform.fixtures.js';

// The shape of the aws-for-fluent-bit DaemonSet (amazon-cloudwatch namespace, config from a ConfigMap).
const FLUENT_BIT = (output: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: fluent-bit-config
  namespace: amazon-cloudwatch
data:
  fluent-bit.conf: |
    [INPUT]
        Name   tail
        Path   /var/log/containers/*.log
    [OUTPUT]
        Name   ${output}
        Match  *
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluent-bit
  namespace: amazon-cloudwatch
spec:
  selector:
    matchLabels: {k8s-app: fluent-bit}
  template:
    metadata:
      labels: {k8s-app: fluent-bit}
    spec:
      containers:
        - name: fluent-bit
          image: public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4
          volumeMounts:
            - {name: config, mountPath: /fluent-bit/etc/}
      volumes:
        - name: config
          configMap: {name: fluent-bit-config}
`;
const KEELSON = 'name: prod\naccount: "123456789012"\nregion: eu-west-1\n';
const CFN_ADDON = (config = '') => `Resources:\n  C:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: c\n  Obs:\n    Type: AWS::EKS::Addon\n    Properties:\n      ClusterName: c\n      AddonName: amazon-cloudwatch-observability\n${config}`;
const EKSCTL = (addons = '') => `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: prod\n  region: eu-west-1\n${addons}`;

describe('OBS-LOGS', () => {
  it('fails manifests without any log shipper, at the first object', () => {
    expect(failures(checkFiles(rule, { 'app.yaml': deployment() }))).toEqual(['OBS-LOGS app.yaml:1']);
  });

  it('passes with a Fluent Bit DaemonSet shipping to CloudWatch Logs in another file', () => {
    const r = checkFiles(rule, { 'app.yaml': deployment(), 'logging/fluent-bit.yaml': FLUENT_BIT('cloudwatch_logs') });
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('fails a Fluent Bit DaemonSet whose only output is stdout, at its ConfigMap data', () => {
    const r = checkFiles(rule, { 'app.yaml': deployment(), 'logging/fluent-bit.yaml': FLUENT_BIT('stdout') });
    expect(failures(r)).toEqual(['OBS-LOGS logging/fluent-bit.yaml:7']);
    expect(r.findings[0]?.message).toMatch(/no output that ships logs/);
  });

  it('reads classic and YAML Fluent Bit outputs', () => {
    expect(fluentBitOutputs('[OUTPUT]\n    Name  opensearch\n    Match *\n[OUTPUT]\n    Name stdout\n')).toEqual(['opensearch', 'stdout']);
    expect(fluentBitOutputs('pipeline:\n  outputs:\n    - name: cloudwatch_logs\n      match: "*"\n')).toEqual(['cloudwatch_logs']);
    expect(fluentBitOutputs('[INPUT]\n    Name tail\n')).toBeUndefined();
  });

  it('passes a log-shipping Helm chart in a kustomization', () => {
    const k = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nhelmCharts:\n  - name: aws-for-fluent-bit\n    repo: https://aws.github.io/eks-charts\n';
    expect(checkFiles(rule, { 'app.yaml': deployment(), 'kustomization.yaml': k }).findings).toEqual([]);
  });

  describe('Helm values', () => {
    // The shape of a Flux HelmRelease for aws/eks-charts aws-for-fluent-bit, outputs turned off one by one.
    const HELM_RELEASE = (outputs: string) => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: aws-for-fluent-bit
  namespace: kube-system
spec:
  interval: 10m
  chart:
    spec:
      chart: aws-for-fluent-bit
      version: 0.1.34
      sourceRef: {kind: HelmRepository, name: eks-charts}
  values:
    serviceAccount:
      create: true
${outputs}`;
    const ALL_OFF = '    cloudWatchLogs:\n      enabled: false\n    firehose:\n      enabled: false\n    kinesis:\n      enabled: false\n    elasticsearch:\n      enabled: false\n';

    it('fails an aws-for-fluent-bit HelmRelease whose outputs are all disabled, at cloudWatchLogs.enabled, with a values fix', () => {
      // GIVEN every output of the chart off WHEN checked THEN the finding points at the value that turned the default off
      const r = checkFiles(rule, { 'app.yaml': deployment(), 'flux/fluent-bit.yaml': HELM_RELEASE(ALL_OFF) });
      expect(failures(r)).toEqual(['OBS-LOGS flux/fluent-bit.yaml:17']);
      expect(r.findings[0]?.message).toMatch(/HelmRelease kube-system\/aws-for-fluent-bit\) has every output disabled/);
      expect(r.findings[0]?.fix).toMatch(/cloudWatchLogs\.enabled: true/);
    });

    it('passes the same release with one output on, and with the chart defaults (cloudWatchLogs on)', () => {
      const opensearch = `${ALL_OFF}    opensearch:\n      enabled: true\n      host: search.example.com\n`;
      expect(checkFiles(rule, { 'app.yaml': deployment(), 'f.yaml': HELM_RELEASE(opensearch) }).rules[0]?.status).toBe('pass');
      expect(checkFiles(rule, { 'app.yaml': deployment(), 'f.yaml': HELM_RELEASE('') }).rules[0]?.status).toBe('pass');
    });

    it('reads values from a ConfigMap the HelmRelease names in valuesFrom', () => {
      const release = `${HELM_RELEASE('')}  valuesFrom:\n    - kind: ConfigMap\n      name: fluent-bit-values\n`;
      const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fluent-bit-values\n  namespace: kube-system\ndata:\n  values.yaml: |\n    cloudWatchLogs:\n      enabled: false\n';
      expect(failures(checkFiles(rule, { 'app.yaml': deployment(), 'f.yaml': `${release}---\n${cm}` }))).toEqual(['OBS-LOGS f.yaml:26']);
    });

    it('fails a fluent-bit chart whose config.outputs is empty (Argo CD valuesObject), and passes one with a cloudwatch_logs output', () => {
      const app = (outputs: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: fluent-bit
  namespace: argocd
spec:
  project: platform
  destination: {server: https://kubernetes.default.svc, namespace: logging}
  source:
    repoURL: https://fluent.github.io/helm-charts
    chart: fluent-bit
    targetRevision: 0.47.10
    helm:
      valuesObject:
        config:
          outputs: ${outputs}
`;
      expect(failures(checkFiles(rule, { 'app.yaml': deployment(), 'argo/fluent-bit.yaml': app('""') }))).toEqual(['OBS-LOGS argo/fluent-bit.yaml:16']);
      const r = checkFiles(rule, { 'app.yaml': deployment(), 'argo/fluent-bit.yaml': app('""') });
      expect(r.findings[0]?.message).toMatch(/no \[OUTPUT\] at all/);
      expect(r.findings[0]?.fix).toMatch(/config\.outputs/);
      const cw = '|\n            [OUTPUT]\n                Name cloudwatch_logs\n                Match kube.*\n                region eu-west-1\n';
      expect(checkFiles(rule, { 'app.yaml': deployment(), 'argo/fluent-bit.yaml': app(cw) }).rules[0]?.status).toBe('pass');
      expect(checkFiles(rule, { 'app.yaml': deployment(), 'argo/fluent-bit.yaml': app('"[OUTPUT]\\n    Name stdout\\n"') }).rules[0]?.status).toBe('fail');
    });

    it('reads Argo CD helm.values (a YAML string) and helm.parameters, parameters winning', () => {
      const app = (helm: string) => `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: logs\nspec:\n  source:\n    chart: aws-for-fluent-bit\n    repoURL: https://aws.github.io/eks-charts\n    helm:\n${helm}`;
      const values = '      values: |\n        cloudWatchLogs:\n          enabled: false\n';
      expect(failures(checkFiles(rule, { 'app.yaml': deployment(), 'a.yaml': app(values) }))).toEqual(['OBS-LOGS a.yaml:10']);
      const params = '      parameters:\n        - name: cloudWatchLogs.enabled\n          value: "false"\n';
      expect(failures(checkFiles(rule, { 'app.yaml': deployment(), 'a.yaml': app(params) }))).toEqual(['OBS-LOGS a.yaml:12']);
      const reenabled = `${values}      parameters:\n        - name: cloudWatchLogs.enabled\n          value: "true"\n`;
      expect(checkFiles(rule, { 'app.yaml': deployment(), 'a.yaml': app(reenabled) }).rules[0]?.status).toBe('pass');
    });

    it('reads a kustomize helmCharts valuesFile that is among the inputs', () => {
      const k = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nhelmCharts:\n  - name: aws-for-fluent-bit\n    repo: https://aws.github.io/eks-charts\n    valuesFile: values/fluent-bit.yaml\n';
      const values = 'serviceAccount:\n  create: true\ncloudWatchLogs:\n  enabled: false\n';
      expect(failures(checkFiles(rule, { 'app.yaml': deployment(), 'logging/kustomization.yaml': k, 'logging/values/fluent-bit.yaml': values }))).toEqual(['OBS-LOGS logging/values/fluent-bit.yaml:4']);
      const inline = `${k}    valuesInline:\n      cloudWatchLogs:\n        enabled: true\n`;
      expect(checkFiles(rule, { 'app.yaml': deployment(), 'logging/kustomization.yaml': inline, 'logging/values/fluent-bit.yaml': values }).rules[0]?.status).toBe('pass');
    });

    it('reads an umbrella chart folder: the dependency\'s values under its name, a false condition leaving it out', () => {
      const chart = 'apiVersion: v2\nname: platform-logging\nversion: 1.0.0\ndependencies:\n  - name: aws-for-fluent-bit\n    version: 0.1.34\n    repository: https://aws.github.io/eks-charts\n    condition: aws-for-fluent-bit.enabled\n';
      const values = (enabled: boolean) => `aws-for-fluent-bit:\n  enabled: ${enabled}\n  cloudWatchLogs:\n    enabled: false\n`;
      expect(failures(checkFiles(rule, { 'app.yaml': deployment(), 'chart/Chart.yaml': chart, 'chart/values.yaml': values(true) }))).toEqual(['OBS-LOGS chart/values.yaml:4']);
      // Turned off by its condition, the dependency is not installed: nothing ships logs, and the finding is the generic one.
      const off = checkFiles(rule, { 'app.yaml': deployment(), 'chart/Chart.yaml': chart, 'chart/values.yaml': values(false) });
      expect(failures(off)).toEqual(['OBS-LOGS app.yaml:1']);
    });

    it('reads a CDK addHelmChart (Custom::AWSCDK-EKS-HelmChart Values) and a Terraform helm_release (values, then set)', () => {
      // GIVEN the shapes cdk-eks-blueprints and terraform-aws-eks-blueprints-addons write for aws-for-fluent-bit
      const cfn = (values: string) => `Resources:\n  Cluster:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: c\n  FluentBit:\n    Type: Custom::AWSCDK-EKS-HelmChart\n    Properties:\n      ClusterName: c\n      Chart: aws-for-fluent-bit\n      Repository: https://aws.github.io/eks-charts\n      Namespace: kube-system\n      Values: '${values}'\n`;
      expect(failures(checkYaml(rule, cfn('{"cloudWatchLogs":{"enabled":false}}')))).toEqual(['OBS-LOGS in.yaml:13']);
      expect(checkYaml(rule, cfn('{"cloudWatchLogs":{"region":"eu-west-1"}}')).rules[0]?.status).toBe('pass');
      const tf = (extra: Record<string, unknown>) => JSON.stringify({ resource: { aws_eks_cluster: { c: [{ name: 'c', role_arn: 'arn:aws:iam::123456789012:role/c', vpc_config: [{ subnet_ids: ['subnet-1'] }] }] }, helm_release: { fluent_bit: [{ name: 'aws-for-fluent-bit', chart: 'aws-for-fluent-bit', repository: 'https://aws.github.io/eks-charts', namespace: 'kube-system', ...extra }] } } }, null, 2);
      const off = checkFiles(rule, { 'main.tf.json': tf({ values: ['cloudWatchLogs:\n  enabled: true\n'], set: [{ name: 'cloudWatchLogs.enabled', value: 'false' }] }) });
      expect(failures(off)).toHaveLength(1);
      expect(off.findings[0]?.location.path).toBe('resource.helm_release.fluent_bit[0].set[0].value');
      expect(off.findings[0]?.message).toMatch(/helm_release\.fluent_bit\) has every output disabled/);
      expect(checkFiles(rule, { 'main.tf.json': tf({}) }).rules[0]?.status).toBe('pass');
    });

    it('fails the amazon-cloudwatch-observability chart with containerLogs.enabled: false', () => {
      const k = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nhelmCharts:\n  - name: amazon-cloudwatch-observability\n    valuesInline:\n      clusterName: prod\n      containerLogs:\n        enabled: false\n';
      expect(failures(checkFiles(rule, { 'app.yaml': deployment(), 'kustomization.yaml': k }))).toEqual(['OBS-LOGS kustomization.yaml:8']);
    });
  });

  describe('keelson', () => {
    it('passes the default definition (keelson synth writes the Fluent Bit DaemonSet)', () => {
      expect(checkYaml(rule, KEELSON).rules[0]).toEqual({ ruleId: 'OBS-LOGS', status: 'pass', targets: 1 });
    });

    it('fails observability.logs.agent: none, at the field', () => {
      expect(failures(checkYaml(rule, `${KEELSON}observability:\n  logs:\n    agent: none\n`))).toEqual(['OBS-LOGS in.yaml:6']);
    });

    it('passes agent none with the CloudWatch observability add-on on', () => {
      expect(checkYaml(rule, `${KEELSON}observability:\n  logs:\n    agent: none\naddons:\n  cloudWatchObservability:\n    enabled: true\n`).findings).toEqual([]);
    });
  });

  describe('cluster definitions', () => {
    it('passes the amazon-cloudwatch-observability add-on in CloudFormation', () => {
      expect(checkYaml(rule, CFN_ADDON()).rules[0]?.status).toBe('pass');
    });

    it('fails the add-on with containerLogs disabled, at ConfigurationValues', () => {
      const r = checkYaml(rule, CFN_ADDON('      ConfigurationValues: \'{"containerLogs":{"enabled":false}}\'\n'));
      expect(failures(r)).toEqual(['OBS-LOGS in.yaml:11']);
    });

    it('leaves an add-on configuration made of intrinsics not evaluated', () => {
      const r = checkYaml(rule, CFN_ADDON('      ConfigurationValues: !Ref AddonConfig\n'));
      expect(r.rules[0]?.status).toBe('not-evaluated');
      expect(r.findings[0]?.message).toMatch(/deploy time/);
    });

    it('passes the add-on in eksctl addons, and is not evaluated for an eksctl cluster alone', () => {
      expect(checkYaml(rule, EKSCTL('addons:\n  - name: amazon-cloudwatch-observability\n')).rules[0]?.status).toBe('pass');
      const alone = checkYaml(rule, EKSCTL());
      expect(alone.rules[0]?.status).toBe('not-evaluated');
      expect(alone.findings[0]?.message).toMatch(/no Kubernetes manifests/);
    });

    it('passes an eksctl cluster whose manifests (another file) run Fluent Bit, and fails it when they do not', () => {
      expect(checkFiles(rule, { 'cluster.yaml': EKSCTL(), 'fluent-bit.yaml': FLUENT_BIT('cloudwatch_logs') }).rules[0]?.status).toBe('pass');
      expect(failures(checkFiles(rule, { 'cluster.yaml': EKSCTL(), 'app.yaml': deployment() }))).toEqual(['OBS-LOGS cluster.yaml:3']);
    });

    it('passes a Terraform aws_eks_addon, and the terraform-aws-modules/eks addons entry', () => {
      const res = JSON.stringify({ resource: { aws_eks_addon: { obs: [{ cluster_name: 'c', addon_name: 'amazon-cloudwatch-observability' }] } } });
      const mod = JSON.stringify({ module: { eks: [{ source: 'terraform-aws-modules/eks/aws', cluster_name: 'c', addons: { 'amazon-cloudwatch-observability': {} } }] } });
      expect(checkFiles(rule, { 'main.tf.json': res, 'app.yaml': deployment() }).rules[0]?.status).toBe('pass');
      expect(checkFiles(rule, { 'main.tf.json': mod, 'app.yaml': deployment() }).rules[0]?.status).toBe('pass');
    });
  });

  describe('Terraform configuration_values = file() / templatefile()', () => {
    /** A configuration directory on disk beside an application Deployment, checked as `keelson check DIR`. */
    const check = async (files: Record<string, string>) => {
      const r = await checkOnDisk([rule], { ...files, 'app.yaml': deployment() });
      return { status: r.rules[0]?.status, outcomes: r.findings.map((f) => `${f.outcome} ${f.id} ${f.location.file}:${f.location.line}`), messages: r.findings.map((f) => f.message) };
    };
    const ADDON = (config: string) => `resource "aws_eks_addon" "obs" {\n  cluster_name         = "c"\n  addon_name           = "amazon-cloudwatch-observability"\n  configuration_values = ${config}\n}\n`;

    it('judges the file\'s content: container logs on pass, containerLogs.enabled false fails at configuration_values', async () => {
      expect((await check({ 'main.tf': ADDON('file("${path.module}/obs.json")'), 'obs.json': '{"containerLogs": {"enabled": true}}' })).status).toBe('pass');
      const off = await check({ 'main.tf': ADDON('templatefile("obs.yaml.tpl", { logs = false })'), 'obs.yaml.tpl': 'containerLogs:\n  enabled: ${logs}\n' });
      expect(off.outcomes).toEqual(['fail OBS-LOGS main.tf:4']);
      expect(off.messages[0]).toContain('containerLogs.enabled: false');
    });

    it('a file it cannot read leaves the add-on not evaluated with the reason, never a pass', async () => {
      const r = await check({ 'main.tf': ADDON('file("../obs.json")') });
      expect(r.status).toBe('not-evaluated');
      expect(r.messages.join('\n')).toContain('configuration_values = file(...): file "../obs.json" is outside the configuration\'s directory');
    });
  });

  it('passes keelson\'s own GitOps tree (the Fluent Bit DaemonSet with a cloudwatch_logs output)', () => {
    const r = checkFiles(rule, ownManifests());
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('is not evaluated on keelson\'s own cloud assembly alone (Fluent Bit is in the GitOps tree, not the template)', { timeout: OWN_OUTPUT_TIMEOUT_MS }, async () => {
    const r = await checkOwnOutput(rule);
    expect(failures(r)).toEqual([]);
    expect(r.rules[0]?.status).toBe('not-evaluated');
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('fails the podinfo manifests, which ship no logs', () => {
      expect(failures(checkFixtures(rule, ['k8s/podinfo-deployment.yaml', 'k8s/podinfo-hpa.yaml']))).toEqual(['OBS-LOGS k8s/podinfo-deployment.yaml:1']);
    });
  });
});
