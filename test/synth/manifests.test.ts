/** The in-cluster platform: the guide's settings appear exactly, and every object passes schema validation. */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { KeelsonError } from '../../src/errors.js';
import { loadDefinition } from '../../src/model/load.js';
import { parseDefinition } from '../../src/model/parse.js';
import type { ClusterDefinitionInput } from '../../src/model/schema.js';
import { buildComponents } from '../../src/synth/manifests/index.js';
import type { K8sObject } from '../../src/synth/manifests/types.js';
import { synthesize, writeManifests } from '../../src/synth/synthesize.js';
import { at, resourcesOfType } from '../../src/synth/template-query.js';
import type { CfnTemplate } from '../../src/synth/template-query.js';
import { coreErrors, crdValidator, isCustomResource } from '../support/k8s-validate.js';
import { HAS_SHARED, SHARED_SKIP_REASON } from '../support/shared.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/production/keelson.config.ts');
const example = (await loadDefinition(EXAMPLE)).definition;
const objects = buildComponents(example).flatMap((c) => c.objects);
const base = { name: 'plat', account: '123456789012', region: 'us-east-1' };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'keelson-manifests-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const find = (kind: string, name: string, namespace?: string, list: readonly K8sObject[] = objects): K8sObject => {
  const o = list.find((x) => x.kind === kind && x.metadata.name === name && (namespace === undefined || x.metadata.namespace === namespace));
  if (!o) throw new Error(`no ${kind} ${namespace ?? ''}/${name}`);
  return o;
};
const componentsOf = (override: Partial<ClusterDefinitionInput>): K8sObject[] => buildComponents(parseDefinition({ ...base, ...override })).flatMap((c) => c.objects);

describe('schema validation', () => {
  it('every core object validates against the Kubernetes OpenAPI schemas (kubernetes-models)', async () => {
    const core = objects.filter((o) => !isCustomResource(o));
    expect(core.length).toBeGreaterThan(10);
    for (const o of core) expect(await coreErrors(o), `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`).toEqual([]);
  });

  it('a broken object is caught (the validator can fail)', async () => {
    const broken = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'x' }, spec: { podSelector: {}, policyTypes: 'Ingress' } };
    expect((await coreErrors(broken)).length).toBeGreaterThan(0);
  });

  describe.skipIf(!HAS_SHARED)(`custom resources against the upstream CRD schemas (${HAS_SHARED ? 'shared present' : SHARED_SKIP_REASON})`, () => {
    it.each(objects.filter(isCustomResource).map((o) => [`${o.kind}/${o.metadata.name}`, o] as const))('%s', (_name, o) => {
      const validate = crdValidator(o);
      expect(validate(o), JSON.stringify(validate.errors)).toBe(true);
    });

    it('an invalid NodePool is caught', () => {
      const np = find('NodePool', 'general-purpose');
      const broken = { ...np, spec: { ...(np.spec as object), disruption: { consolidationPolicy: 'Sometimes' } } };
      expect(crdValidator(np)(broken)).toBe(false);
    });
  });
});

describe("the guide's settings, exactly", () => {
  const np = (): K8sObject => find('NodePool', 'general-purpose');
  const req = (key: string): unknown => (at(np(), 'spec.template.spec.requirements') as { key: string }[]).find((r) => r.key === key);
  it.each<[string, () => unknown, unknown]>([
    ['NodePool capacity types spot and on-demand', () => req('karpenter.sh/capacity-type'), { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] }],
    ['NodePool arm64 only', () => req('kubernetes.io/arch'), { key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }],
    ['NodePool categories c/m/r', () => req('karpenter.k8s.aws/instance-category'), { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['c', 'm', 'r'] }],
    ['NodePool generation > 6', () => req('karpenter.k8s.aws/instance-generation'), { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: ['6'] }],
    ['NodePool no nano/micro/small', () => req('karpenter.k8s.aws/instance-size'), { key: 'karpenter.k8s.aws/instance-size', operator: 'NotIn', values: ['nano', 'micro', 'small'] }],
    ['NodePool expireAfter 720h', () => at(np(), 'spec.template.spec.expireAfter'), '720h'],
    ['NodePool limits', () => at(np(), 'spec.limits'), { cpu: '1000', memory: '4000Gi' }],
    ['NodePool consolidation', () => at(np(), 'spec.disruption'), { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '5m', budgets: [{ nodes: '10%' }] }],
    ['NodePool references the EC2NodeClass', () => at(np(), 'spec.template.spec.nodeClassRef'), { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' }],
    ['EC2NodeClass pinned AL2023 alias', () => at(find('EC2NodeClass', 'default'), 'spec.amiSelectorTerms'), [{ alias: 'al2023@v20260903' }]],
    ['EC2NodeClass node role', () => at(find('EC2NodeClass', 'default'), 'spec.role'), 'KarpenterNodeRole-prod-cluster'],
    ['EC2NodeClass subnet discovery', () => at(find('EC2NodeClass', 'default'), 'spec.subnetSelectorTerms'), [{ tags: { 'karpenter.sh/discovery': 'prod-cluster' } }]],
    ['EC2NodeClass SG discovery', () => at(find('EC2NodeClass', 'default'), 'spec.securityGroupSelectorTerms'), [{ tags: { 'karpenter.sh/discovery': 'prod-cluster' } }]],
    [
      'EC2NodeClass gp3 50Gi encrypted root',
      () => at(find('EC2NodeClass', 'default'), 'spec.blockDeviceMappings[0].ebs'),
      { volumeSize: '50Gi', volumeType: 'gp3', iops: 3000, throughput: 125, encrypted: true, deleteOnTermination: true },
    ],
    ['EC2NodeClass IMDSv2 required', () => at(find('EC2NodeClass', 'default'), 'spec.metadataOptions.httpTokens'), 'required'],
    ['EC2NodeClass hop limit 1', () => at(find('EC2NodeClass', 'default'), 'spec.metadataOptions.httpPutResponseHopLimit'), 1],
    ['PSS enforce restricted', () => find('Namespace', 'payments').metadata.labels?.['pod-security.kubernetes.io/enforce'], 'restricted'],
    ['PSS audit restricted', () => find('Namespace', 'payments').metadata.labels?.['pod-security.kubernetes.io/audit'], 'restricted'],
    ['PSS warn restricted', () => find('Namespace', 'payments').metadata.labels?.['pod-security.kubernetes.io/warn'], 'restricted'],
    ['PSS version pinned to the cluster', () => find('Namespace', 'payments').metadata.labels?.['pod-security.kubernetes.io/enforce-version'], 'v1.36'],
    ['kube-system is an explicit exception', () => find('Namespace', 'kube-system').metadata.annotations?.['keelson.io/pod-security-exception'] !== undefined, true],
    ['LimitRange per application namespace', () => objects.filter((o) => o.kind === 'LimitRange').map((o) => o.metadata.namespace), ['payments', 'ledger', 'production']],
    ['ResourceQuota per application namespace', () => objects.filter((o) => o.kind === 'ResourceQuota').map((o) => o.metadata.namespace), ['payments', 'ledger', 'production']],
    ['default-deny ingress and egress', () => at(find('NetworkPolicy', 'default-deny-all', 'payments'), 'spec'), { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }],
    ['DNS allowed to kube-dns', () => at(find('NetworkPolicy', 'allow-dns', 'ledger'), 'spec.egress[0].to[0].podSelector.matchLabels'), { 'k8s-app': 'kube-dns' }],
    ['declared allow rule', () => at(find('NetworkPolicy', 'allow-egress-to-ledger', 'payments'), 'spec.egress[0].to[0].namespaceSelector.matchLabels'), { 'kubernetes.io/metadata.name': 'ledger' }],
    [
      'IRSA service account annotated with its role',
      () => find('ServiceAccount', 's3-reader-sa', 'production').metadata.annotations,
      { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/prod-cluster-production-s3-reader-sa' },
    ],
    ['Pod Identity service account has no annotation', () => find('ServiceAccount', 'api', 'payments').metadata.annotations, undefined],
    ['Kyverno ECR-only', () => JSON.stringify(at(find('ClusterPolicy', 'restrict-image-registries'), 'spec.rules[0].validate.pattern')), expect.stringContaining('123456789012.dkr.ecr.us-east-1.amazonaws.com/*')],
    ['Kyverno no latest', () => JSON.stringify(at(find('ClusterPolicy', 'disallow-latest-tag'), 'spec.rules[1].validate.pattern')), expect.stringContaining('!*:latest')],
    ['Kyverno requests and memory limits', () => at(find('ClusterPolicy', 'require-requests-limits'), 'spec.rules[0].validate.pattern.spec.containers[0].resources'), { requests: { memory: '?*', cpu: '?*' }, limits: { memory: '?*' } }],
    ['Kyverno required labels', () => at(find('ClusterPolicy', 'require-labels'), 'spec.rules[0].validate.pattern.metadata.labels'), { app: '?*', team: '?*', environment: '?*' }],
    ['Kyverno enforces', () => at(find('ClusterPolicy', 'require-labels'), 'spec.rules[0].validate.failureAction'), 'Enforce'],
    ['Kyverno excludes system namespaces explicitly', () => (at(find('ClusterPolicy', 'require-labels'), 'spec.rules[0].exclude.any[0].resources.namespaces') as string[]).includes('kube-system'), true],
  ])('%s', (_row, evidence, expected) => {
    expect(evidence()).toEqual(expected);
  });

  it('Karpenter and Kyverno Helm releases are pinned, with the guide\'s replicas and placement', () => {
    const [karp, kyv] = ['karpenter', 'kyverno'].map((n) => buildComponents(example).find((c) => c.name === n)!.helm!);
    expect(karp!.version).toBe('1.14.1');
    expect(at(karp!.values, 'replicas')).toBe(2);
    expect(at(karp!.values, 'tolerations[0].key')).toBe('CriticalAddonsOnly');
    expect(at(karp!.values, 'settings')).toEqual({ clusterName: 'prod-cluster', interruptionQueue: 'prod-cluster-karpenter' });
    expect(at(kyv!.values, 'admissionController.replicas')).toBe(3);
    expect(at(kyv!.values, 'admissionController.podDisruptionBudget.enabled')).toBe(true);
  });
});

describe('definition changes produce the right objects', () => {
  it('a second NodePool (amd64 on-demand fallback, weighted)', () => {
    const objs = componentsOf({ karpenter: { nodePools: [{ name: 'general-purpose' }, { name: 'x86-fallback', architectures: ['amd64'], capacityTypes: ['on-demand'], weight: 10 }] } });
    const pools = objs.filter((o) => o.kind === 'NodePool');
    expect(pools.map((p) => p.metadata.name)).toEqual(['general-purpose', 'x86-fallback']);
    expect(at(pools[1], 'spec.weight')).toBe(10);
  });

  it('a namespace that opts out of network isolation gets no default-deny, the others keep it', () => {
    const objs = componentsOf({ teams: [{ name: 'a', namespaces: [{ name: 'open', networkIsolation: false }, { name: 'closed' }] }] });
    // Only the team's namespaces: platform namespaces (the ADOT collector's) carry their own policies.
    const policies = objs.filter((o) => o.kind === 'NetworkPolicy' && ['open', 'closed'].includes(o.metadata.namespace ?? '')).map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    expect(policies).toEqual(['closed/default-deny-all', 'closed/allow-dns']);
  });

  it('a GPU pool: on-demand amd64 g/p families, tainted so only GPU workloads land there', () => {
    const objs = componentsOf({
      karpenter: {
        nodePools: [
          { name: 'general-purpose' },
          { name: 'gpu', architectures: ['amd64'], capacityTypes: ['on-demand'], categories: ['g', 'p'], minGeneration: 5, instanceFamilies: ['g5', 'g6'], taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }], weight: 5 },
        ],
      },
    });
    const gpu = find('NodePool', 'gpu', undefined, objs);
    expect(at(gpu, 'spec.template.spec.taints')).toEqual([{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }]);
    expect((at(gpu, 'spec.template.spec.requirements') as { key: string; values: string[] }[]).find((r) => r.key === 'karpenter.k8s.aws/instance-family')!.values).toEqual(['g5', 'g6']);
  });

  it('Audit mode and an extra allowed registry', () => {
    const objs = componentsOf({ kyverno: { validationFailureAction: 'Audit', allowedRegistries: ['public.ecr.aws/aws-observability/*'] } });
    expect(at(find('ClusterPolicy', 'restrict-image-registries', undefined, objs), 'spec.rules[0].validate.failureAction')).toBe('Audit');
    expect(JSON.stringify(find('ClusterPolicy', 'restrict-image-registries', undefined, objs))).toContain('public.ecr.aws/aws-observability/*');
  });

  it('image signature verification with Cosign', () => {
    const objs = componentsOf({ kyverno: { imageVerification: { type: 'cosign', publicKey: '-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----', imageReferences: ['123456789012.dkr.ecr.us-east-1.amazonaws.com/*'] } } });
    expect(at(find('ClusterPolicy', 'verify-image-signatures', undefined, objs), 'spec.rules[0].verifyImages[0].type')).toBe('Cosign');
  });

  it('Karpenter and Kyverno can be turned off', () => {
    const objs = componentsOf({ karpenter: { enabled: false }, kyverno: { enabled: false } });
    expect(objs.filter((o) => ['NodePool', 'EC2NodeClass', 'ClusterPolicy'].includes(o.kind))).toEqual([]);
  });
});

describe('access and DNS', () => {
  const objs = componentsOf({
    teams: [
      { name: 'web', roleArn: 'arn:aws:iam::123456789012:role/web', namespaces: [{ name: 'web' }] },
      { name: 'ops', roleArn: 'arn:aws:iam::123456789012:role/ops', allowExecAndPortForward: true, namespaces: [{ name: 'ops-a' }, { name: 'ops-b' }] },
    ],
    dns: { nodeLocal: { enabled: true } },
  });

  it('binds each team to edit-without-exec in its own namespaces only', () => {
    const bindings = objs.filter((o) => o.kind === 'RoleBinding').map((o) => `${o.metadata.namespace}/${String(at(o, 'roleRef.name'))}/${String(at(o, 'subjects[0].name'))}`);
    expect(bindings).toEqual([
      'web/keelson-team-edit/keelson:team:web',
      'ops-a/keelson-team-edit/keelson:team:ops',
      'ops-a/keelson-exec/keelson:team:ops',
      'ops-b/keelson-team-edit/keelson:team:ops',
      'ops-b/keelson-exec/keelson:team:ops',
    ]);
  });

  it('the team role grants no exec, attach or port-forward, cannot rewrite NetworkPolicies, and uses no wildcards', () => {
    const rules = at(find('ClusterRole', 'keelson-team-edit', undefined, objs), 'rules') as { resources: string[]; verbs: string[]; apiGroups: string[] }[];
    const resources = rules.flatMap((r) => r.resources);
    for (const r of ['pods/exec', 'pods/attach', 'pods/portforward']) expect(resources).not.toContain(r);
    expect(rules.find((r) => r.resources.includes('networkpolicies'))!.verbs).toEqual(['get', 'list', 'watch']);
    expect(JSON.stringify(rules)).not.toContain('"*"');
  });

  it('generates no binding to cluster-admin', () => {
    expect(objs.filter((o) => o.kind.endsWith('Binding') && at(o, 'roleRef.name') === 'cluster-admin')).toEqual([]);
    expect(objs.filter((o) => o.kind === 'ClusterRoleBinding' && JSON.stringify(at(o, 'subjects')).includes('keelson:team:'))).toEqual([]);
  });

  it('NodeLocal DNSCache listens on its link-local IP and the cluster DNS IP (.10 of the service CIDR)', () => {
    const ds = find('DaemonSet', 'node-local-dns', 'kube-system', objs);
    expect(at(ds, 'spec.template.spec.containers[0].args')).toEqual(['-localip', '169.254.20.10,172.20.0.10', '-conf', '/etc/Corefile', '-upstreamsvc', 'kube-dns-upstream']);
    expect(String(at(find('ConfigMap', 'node-local-dns', 'kube-system', objs), 'data.Corefile'))).toContain('bind 169.254.20.10 172.20.0.10');
  });

  it('application pods may reach NodeLocal DNSCache through default-deny', () => {
    const egress = JSON.stringify(at(find('NetworkPolicy', 'allow-dns', 'web', objs), 'spec.egress'));
    expect(egress).toContain('169.254.20.10/32');
    expect(egress).toContain('172.20.0.10/32');
  });

  it('every generated access and DNS object validates against the Kubernetes schemas', async () => {
    for (const o of objs.filter((x) => ['ClusterRole', 'RoleBinding', 'DaemonSet', 'ConfigMap', 'Service', 'ServiceAccount'].includes(x.kind))) {
      expect(await coreErrors(o), `${o.kind}/${o.metadata.name}`).toEqual([]);
    }
  });

  it('team roles and readers get access entries; only break-glass admins get cluster admin', async () => {
    const r = await synthesize(
      parseDefinition({
        ...base,
        access: { adminPrincipalArns: ['arn:aws:iam::123456789012:role/BreakGlass'], readOnlyPrincipalArns: ['arn:aws:iam::123456789012:role/Auditors'] },
        teams: [{ name: 'web', roleArn: 'arn:aws:iam::123456789012:role/web', namespaces: [{ name: 'web' }] }],
      }),
      { outDir: path.join(tmp, 'access'), validate: false },
    );
    const t = JSON.parse(readFileSync(r.templateFile, 'utf8')) as CfnTemplate;
    const entries = resourcesOfType(t, 'AWS::EKS::AccessEntry').map(([, x]) => ({
      principal: at(x, 'Properties.PrincipalArn'),
      groups: at(x, 'Properties.KubernetesGroups'),
      policies: JSON.stringify(at(x, 'Properties.AccessPolicies') ?? []),
    }));
    const admins = entries.filter((e) => e.policies.includes('AmazonEKSClusterAdminPolicy')).map((e) => e.principal);
    expect(admins).toEqual(['arn:aws:iam::123456789012:role/BreakGlass']);
    expect(entries.find((e) => e.principal === 'arn:aws:iam::123456789012:role/Auditors')!.policies).toContain('AmazonEKSViewPolicy');
    expect(entries.find((e) => e.principal === 'arn:aws:iam::123456789012:role/web')!.groups).toEqual(['keelson:team:web']);
  });
});

describe('bad definitions fail with the field, the value and the fix', () => {
  const problems = (override: Partial<ClusterDefinitionInput>): KeelsonError['problems'] => {
    try {
      parseDefinition({ ...base, ...override });
    } catch (e) {
      if (e instanceof KeelsonError) return e.problems;
    }
    throw new Error('expected a KeelsonError');
  };
  it.each<[string, Partial<ClusterDefinitionInput>, string, RegExp]>([
    ['namespace not DNS-safe', { teams: [{ name: 'a', namespaces: [{ name: 'Payments_API' }] }] }, 'teams[0].namespaces[0].name', /DNS-1123/],
    ['a system namespace', { teams: [{ name: 'a', namespaces: [{ name: 'kube-system' }] }] }, 'teams[0].namespaces[0].name', /system namespace/],
    ['an allow rule with no peer', { teams: [{ name: 'a', namespaces: [{ name: 'x', allow: [{ name: 'any', direction: 'ingress' }] }] }] }, 'teams[0].namespaces[0].allow[0]', /names no peer/],
    ['duplicate NodePools', { karpenter: { nodePools: [{ name: 'a' }, { name: 'a' }] } }, 'karpenter.nodePools[1].name', /defined twice/],
    ['a NodePool with no capacity type', { karpenter: { nodePools: [{ name: 'a', capacityTypes: [] }] } }, 'karpenter.nodePools[0].capacityTypes', /too small/],
    ['a NodePool that allows no instance type', { karpenter: { nodePools: [{ name: 'gpu', instanceFamilies: ['p5'], architectures: ['arm64'] }] } }, 'karpenter.nodePools[0]', /allows no instance type/],
    ['a Spot NodePool with too few types', { karpenter: { nodePools: [{ name: 'narrow', categories: ['m'], instanceFamilies: ['m7g'], excludedSizes: ['medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge'] }] } }, 'karpenter.nodePools[0]', /only \d instance type/],
    ['a bad AMI alias', { karpenter: { amiAlias: 'ubuntu@1' } }, 'karpenter.amiAlias', /al2023@v20260903/],
    ['a service CIDR inside the VPC', { network: { serviceCidr: '10.0.128.0/20' } }, 'network.serviceCidr', /overlaps the VPC/],
    ['External Secrets without a path prefix', { externalSecrets: { enabled: true } }, 'externalSecrets.secretsPathPrefix', /prefix/],
    ['cosign without a key', { kyverno: { imageVerification: { type: 'cosign', imageReferences: ['*'] } } }, 'kyverno.imageVerification.publicKey', /public key/],
  ])('%s', (_title, override, path, message) => {
    const p = problems(override).find((x) => x.location.path === path);
    expect(p, JSON.stringify(problems(override))).toBeTruthy();
    expect(`${p!.message} ${p!.fix}`).toMatch(message);
    expect(p!.fix?.length).toBeGreaterThan(5);
  });
});

describe('GitOps output', () => {
  it('is a kustomize tree: a folder per component with a kustomization, and a root that includes them all', async () => {
    const dir = path.join(tmp, 'manifests');
    await writeManifests(example, dir);
    const root = parseAllDocuments(readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8'))[0]!.toJS() as { resources: string[] };
    expect(root.resources.slice(0, 4)).toEqual(['namespaces', 'network-policies', 'service-accounts', 'access']);
    expect(root.resources).toEqual(expect.arrayContaining(['karpenter', 'kyverno']));
    for (const folder of root.resources) {
      const k = parseAllDocuments(readFileSync(path.join(dir, folder, 'kustomization.yaml'), 'utf8'))[0]!.toJS() as { resources: string[] };
      for (const f of k.resources) expect(readdirSync(path.join(dir, folder))).toContain(f);
    }
    // AND the files hold exactly the generated objects
    const parsed = root.resources.flatMap((folder) =>
      readdirSync(path.join(dir, folder))
        .filter((f) => f !== 'kustomization.yaml')
        .flatMap((f) => parseAllDocuments(readFileSync(path.join(dir, folder, f), 'utf8')).map((doc) => doc.toJS() as K8sObject)),
    );
    expect(parsed.length).toBe(objects.length);
  });

  it('is deterministic: two writes of the same definition are byte-identical', async () => {
    const read = (dir: string): Record<string, string> =>
      Object.fromEntries(
        readdirSync(dir, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => [path.relative(dir, path.join(e.parentPath, e.name)), readFileSync(path.join(e.parentPath, e.name), 'utf8')]),
      );
    await writeManifests(example, path.join(tmp, 'det-a'));
    await writeManifests((await loadDefinition(EXAMPLE)).definition, path.join(tmp, 'det-b'));
    const a = read(path.join(tmp, 'det-a'));
    expect(Object.keys(a).length).toBeGreaterThan(10);
    expect(read(path.join(tmp, 'det-b'))).toEqual(a);
  });
});

describe('Karpenter infrastructure and delivery: cdk', () => {
  it('creates the queue, rules, roles and Pod Identity; with delivery cdk the same objects are applied by the CDK app', async () => {
    const r = await synthesize(parseDefinition({ ...base, delivery: 'cdk', teams: [{ name: 't', namespaces: [{ name: 'apps' }] }] }), { outDir: path.join(tmp, 'cdk'), validate: true });
    expect(r.validation.errors).toBe(0);
    expect(r.manifests.dir).toBeUndefined();
    const t = JSON.parse(readFileSync(r.templateFile, 'utf8')) as CfnTemplate;
    const queue = resourcesOfType(t, 'AWS::SQS::Queue')[0]![1];
    expect([at(queue, 'Properties.QueueName'), at(queue, 'Properties.MessageRetentionPeriod'), at(queue, 'Properties.SqsManagedSseEnabled')]).toEqual(['plat-karpenter', 300, true]);
    const patterns = resourcesOfType(t, 'AWS::Events::Rule').map(([, x]) => (at(x, 'Properties.EventPattern.detail-type') as string[])[0]).sort();
    expect(patterns).toEqual(['AWS Health Event', 'EC2 Instance Rebalance Recommendation', 'EC2 Instance State-change Notification', 'EC2 Spot Instance Interruption Warning']);
    const assoc = resourcesOfType(t, 'AWS::EKS::PodIdentityAssociation').map(([, x]) => `${String(at(x, 'Properties.Namespace'))}/${String(at(x, 'Properties.ServiceAccount'))}`);
    expect(assoc).toContain('kube-system/karpenter');
    const nodeEntry = resourcesOfType(t, 'AWS::EKS::AccessEntry').find(([, x]) => at(x, 'Properties.Type') === 'EC2_LINUX');
    expect(nodeEntry).toBeTruthy();
    const charts = resourcesOfType(t, 'Custom::AWSCDK-EKS-HelmChart').map(([, x]) => at(x, 'Properties.Chart'));
    expect(charts).toEqual(expect.arrayContaining(['karpenter', 'kyverno']));
    const applied = resourcesOfType(t, 'Custom::AWSCDK-EKS-KubernetesResource').map(([, x]) => JSON.stringify(x.Properties?.Manifest)).join('\n');
    for (const kind of ['NodePool', 'EC2NodeClass', 'ClusterPolicy', 'NetworkPolicy', 'ResourceQuota']) expect(applied).toContain(`\\"kind\\":\\"${kind}\\"`);
  });

  it('the controller policy is scoped by the cluster tag wherever the API allows', async () => {
    const r = await synthesize(parseDefinition(base), { outDir: path.join(tmp, 'gitops'), validate: false, manifestsDir: path.join(tmp, 'gitops-manifests') });
    const t = JSON.parse(readFileSync(r.templateFile, 'utf8')) as CfnTemplate;
    const policy = resourcesOfType(t, 'AWS::IAM::ManagedPolicy').find(([, x]) => String(at(x, 'Properties.Description')).startsWith('Karpenter controller'))![1];
    const statements = at(policy, 'Properties.PolicyDocument.Statement') as { Sid: string; Resource: unknown; Condition?: unknown }[];
    const unscoped = statements.filter((s) => s.Resource === '*' && !s.Condition).map((s) => s.Sid);
    // Only APIs without resource-level permissions may be unscoped.
    expect(unscoped.sort()).toEqual(['AllowPricingReadActions', 'AllowUnscopedInstanceProfileListAction']);
    const deletion = statements.find((s) => s.Sid === 'AllowScopedDeletion')!;
    expect(JSON.stringify(deletion.Condition)).toContain('aws:ResourceTag/kubernetes.io/cluster/plat');
    expect(r.manifests.dir).toBe(path.join(tmp, 'gitops-manifests'));
  });
});
