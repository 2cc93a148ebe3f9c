/**
 * keelson verify: pinned charts and images resolved against registries on 127.0.0.1 that speak the OCI
 * distribution API (with the anonymous token challenge) and the classic Helm repository layout.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDefinition } from '../../src/model/parse.js';
import { buildComponents } from '../../src/synth/manifests/index.js';
import type { Component } from '../../src/synth/manifests/types.js';
import { coalesceValues, readChartArchive, validateValues } from '../../src/synth/upstream/chart-values.js';
import { applyMirrors, parseImage, parseMirror, parseOciChart } from '../../src/synth/upstream/references.js';
import { imagesOf, verifyUpstream } from '../../src/synth/upstream/verify.js';
import { packageChart, startFakeRegistry } from '../support/fake-registry.js';
import type { FakeRegistry } from '../support/fake-registry.js';
import { run } from '../support/run-cli.js';

/** The shape of a real chart schema: typed values, no unknown keys at the top, nested objects. */
const replicasSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  properties: {
    replicas: { type: 'integer', minimum: 1 },
    settings: { type: 'object', properties: { clusterName: { type: 'string' } }, required: ['clusterName'] },
    tolerations: { type: 'array' },
    image: { type: 'object' },
  },
};

describe('references and mirrors', () => {
  it.each([
    ['public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4', 'public.ecr.aws', 'aws-observability/aws-for-fluent-bit', '2.32.4'],
    ['registry.k8s.io/dns/k8s-dns-node-cache:1.26.4', 'registry.k8s.io', 'dns/k8s-dns-node-cache', '1.26.4'],
    ['nginx:1.27', 'registry-1.docker.io', 'library/nginx', '1.27'],
    ['grafana/grafana:11.0.0', 'registry-1.docker.io', 'grafana/grafana', '11.0.0'],
    ['localhost:5000/team/app:v1', 'localhost:5000', 'team/app', 'v1'],
  ])('%s → registry %s, repository %s, tag %s', (image, registry, repository, tag) => {
    expect(parseImage(image)).toEqual({ registry, repository, tag });
  });

  it('an image without a tag, or pinned by digest, is refused with the reason', () => {
    expect(() => parseImage('registry.k8s.io/pause')).toThrow(/has no tag/);
    expect(() => parseImage('registry.k8s.io/pause@sha256:abc')).toThrow(/pinned by digest/);
  });

  it('an OCI chart repository names the registry and the chart repository under it', () => {
    expect(parseOciChart('oci://public.ecr.aws/karpenter', 'karpenter', '1.8.1')).toEqual({ registry: 'public.ecr.aws', repository: 'karpenter/karpenter', tag: '1.8.1' });
  });

  it('the longest matching mirror wins, and only whole path segments match', () => {
    const mirrors = [parseMirror('public.ecr.aws=mirror.internal/ecr'), parseMirror('public.ecr.aws/karpenter=karp.internal/')];
    expect(applyMirrors('public.ecr.aws/aws-observability/x', mirrors)).toBe('mirror.internal/ecr/aws-observability/x');
    expect(applyMirrors('public.ecr.aws/karpenter/karpenter', mirrors)).toBe('karp.internal/karpenter');
    expect(applyMirrors('public.ecr.aws.evil.example/x', mirrors)).toBe('public.ecr.aws.evil.example/x');
    expect(() => parseMirror('no-equals-sign')).toThrow(/FROM=TO/);
  });
});

describe('chart values: what helm install checks', () => {
  it("coalesces as Helm does: maps merge, lists and scalars replace, null removes the chart's default", () => {
    const chart = { replicas: 1, image: { repository: 'x', tag: '1' }, tolerations: [{ key: 'a' }], podLabels: { team: 'x' } };
    const merged = coalesceValues(chart, { replicas: 2, image: { tag: '2' }, tolerations: [], podLabels: null });
    expect(merged).toEqual({ replicas: 2, image: { repository: 'x', tag: '2' }, tolerations: [] });
  });

  it('reads Chart.yaml, values.yaml and values.schema.json from a packaged chart, ignoring subcharts', async () => {
    const archive = await packageChart({ name: 'demo', version: '1.2.3', values: { replicas: 1 }, schema: replicasSchema });
    const files = await readChartArchive(archive);
    expect([files.name, files.version, files.values, files.schema?.$schema]).toEqual(['demo', '1.2.3', { replicas: 1 }, 'http://json-schema.org/draft-07/schema#']);
    await expect(readChartArchive(Buffer.from('not a tarball'))).rejects.toThrow(/Chart.yaml|gzip tar/);
  });

  it('reports each rejected value with its path', async () => {
    const problems = await validateValues(replicasSchema, { replicas: 'two', settings: {}, replica: 3 });
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: '/replicas', message: 'must be integer' },
        { path: '/settings', message: "must have required property 'clusterName'" },
        { path: '', message: 'unknown value "replica"' },
      ]),
    );
    expect(await validateValues(replicasSchema, { replicas: 2, settings: { clusterName: 'c' } })).toEqual([]);
  });
});

describe('verifyUpstream against registries on 127.0.0.1', () => {
  let registry: FakeRegistry;
  beforeAll(async () => {
    registry = await startFakeRegistry();
    await registry.addOciChart('ecr/karpenter/karpenter', { name: 'karpenter', version: '1.8.1', values: { replicas: 2, settings: { clusterName: '' } }, schema: replicasSchema });
    await registry.addRepoChart('kyverno', { name: 'kyverno', version: '3.5.2', values: { admissionController: { replicas: 1 } } });
    registry.addImage('ecr/aws-observability/aws-for-fluent-bit', '2.32.4');
  });
  afterAll(() => registry.close());

  const mirrors = (): ReturnType<typeof parseMirror>[] => [
    parseMirror(`public.ecr.aws=${registry.host}/ecr`),
    parseMirror(`https://kyverno.github.io/kyverno=${registry.url}/helm/kyverno`),
  ];
  const component = (name: string, partial: Partial<Component>): Component => ({ name, description: name, objects: [], ...partial });
  const karpenter = (values: Record<string, unknown>, version = '1.8.1'): Component =>
    component('karpenter', { helm: { name: 'karpenter', chart: 'karpenter', repo: 'oci://public.ecr.aws/karpenter', version, namespace: 'kube-system', values } });
  const daemonSet = (image: string): Component =>
    component('fluent-bit', {
      objects: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'fluent-bit' }, spec: { template: { spec: { containers: [{ name: 'fb', image }] } } } }],
    });

  it('an OCI chart: the anonymous token is fetched once, the version exists and the values pass its schema', async () => {
    registry.requests.length = 0;
    const [r] = await verifyUpstream([karpenter({ replicas: 2, settings: { clusterName: 'prod' } })], { mirrors: mirrors(), plainHttp: true });
    expect(r).toMatchObject({ kind: 'chart', status: 'ok', schemaChecked: true });
    expect(registry.requests.filter((q) => q.path.startsWith('/token'))).toHaveLength(1);
    expect(registry.requests.filter((q) => q.path.startsWith('/v2/') && q.authorized).length).toBeGreaterThanOrEqual(2);
  });

  it('values the chart rejects are named by path, with the chart defaults merged first', async () => {
    const [r] = await verifyUpstream([karpenter({ replicas: 0, settings: { clusterName: 'prod' }, replica: 2 })], { mirrors: mirrors(), plainHttp: true });
    expect(r?.status).toBe('invalid-values');
    expect(r?.problems).toEqual(expect.arrayContaining([{ path: '/replicas', message: 'must be >= 1' }, { path: '', message: 'unknown value "replica"' }]));
  });

  it('a chart version or image tag the registry does not have is missing', async () => {
    const results = await verifyUpstream([karpenter({}, '9.9.9'), daemonSet('public.ecr.aws/aws-observability/aws-for-fluent-bit:0.0.1')], { mirrors: mirrors(), plainHttp: true });
    expect(results.map((r) => [r.kind, r.status])).toEqual([
      ['chart', 'missing'],
      ['image', 'missing'],
    ]);
  });

  it('a classic Helm repository without a schema: existence verified, and the result says values were not checked', async () => {
    const kyverno = component('kyverno', { helm: { name: 'kyverno', chart: 'kyverno', repo: 'https://kyverno.github.io/kyverno/', version: '3.5.2', namespace: 'kyverno', values: {} } });
    const [r] = await verifyUpstream([kyverno], { mirrors: mirrors() });
    expect(r).toMatchObject({ status: 'ok', schemaChecked: false, detail: expect.stringMatching(/publishes no values.schema.json/) });
    const [gone] = await verifyUpstream([{ ...kyverno, helm: { ...kyverno.helm!, version: '0.0.1' } }], { mirrors: mirrors() });
    expect(gone?.status).toBe('missing');
  });

  it('an unreachable registry is "not verified", never ok', async () => {
    const closed = await startFakeRegistry();
    const host = closed.host;
    await closed.close();
    const [r] = await verifyUpstream([daemonSet('public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4')], {
      mirrors: [parseMirror(`public.ecr.aws=${host}/ecr`)],
      plainHttp: true,
      timeoutMs: 2000,
    });
    expect(r).toMatchObject({ status: 'not-verified', detail: expect.stringMatching(/unreachable/) });
  });

  it('only reads: every request is a GET or a HEAD', async () => {
    await verifyUpstream([karpenter({ replicas: 2, settings: { clusterName: 'p' } }), daemonSet('public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4')], { mirrors: mirrors(), plainHttp: true });
    expect(registry.requests.length).toBeGreaterThan(0);
    expect(new Set(registry.requests.map((q) => q.method))).toEqual(new Set(['GET', 'HEAD']));
  });

  it("the example definition's components pin charts and images, all of them collected", () => {
    const d = parseDefinition({ name: 'demo', account: '123456789012', region: 'us-east-1' });
    const components = buildComponents(d);
    expect(components.filter((c) => c.helm).map((c) => c.helm!.chart)).toEqual(expect.arrayContaining(['karpenter', 'kyverno', 'aws-load-balancer-controller']));
    expect(imagesOf(components).map((i) => i.image)).toEqual(expect.arrayContaining([expect.stringMatching(/aws-for-fluent-bit:/), expect.stringMatching(/aws-otel-collector:/)]));
  });
});

describe('keelson verify (CLI) on a definition, through mirrors', () => {
  let registry: FakeRegistry;
  let tmp: string;
  let cfg: string;
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'keelson-verify-'));
    cfg = path.join(tmp, 'keelson.yaml');
    writeFileSync(cfg, 'name: demo\naccount: "123456789012"\nregion: us-east-1\n');
    registry = await startFakeRegistry();
    // Serve everything the definition pins, so the only failure is the one the test introduces.
    const components = buildComponents(parseDefinition({ name: 'demo', account: '123456789012', region: 'us-east-1' }));
    for (const c of components) {
      const h = c.helm;
      if (!h) continue;
      if (h.repo.startsWith('oci://')) {
        const ref = parseOciChart(h.repo, h.chart, h.version);
        await registry.addOciChart(`oci/${ref.registry}/${ref.repository}`, { name: h.chart, version: h.version, values: {}, schema: h.chart === 'karpenter' ? { ...replicasSchema, additionalProperties: true } : undefined });
      } else await registry.addRepoChart(h.chart, { name: h.chart, version: h.version });
    }
    for (const { image } of imagesOf(components).slice(1)) {
      const ref = parseImage(image);
      registry.addImage(`img/${ref.registry}/${ref.repository}`, ref.tag);
    }
  });
  afterAll(async () => {
    await registry.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('exit 1 with the missing image named; JSON lists every reference with its status', async () => {
    const components = buildComponents(parseDefinition({ name: 'demo', account: '123456789012', region: 'us-east-1' }));
    const mirrorArgs: string[] = [];
    for (const c of components) {
      const h = c.helm;
      if (!h) continue;
      if (h.repo.startsWith('oci://')) mirrorArgs.push('--mirror', `${h.repo.slice(6)}=${registry.host}/oci/${h.repo.slice(6)}`);
      else mirrorArgs.push('--mirror', `${h.repo.replace(/\/+$/, '')}=${registry.url}/helm/${h.chart}`);
    }
    for (const { image } of imagesOf(components)) mirrorArgs.push('--mirror', `${parseImage(image).registry}=${registry.host}/img/${parseImage(image).registry}`);
    const table = await run('verify', '--config', cfg, '--plain-http', ...mirrorArgs);
    const firstImage = imagesOf(components)[0]!.image;
    expect(table.code).toBe(1);
    expect(table.out).toMatch(new RegExp(`MISSING\\s+image\\s+\\S+\\s+${firstImage.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(table.out).toMatch(/0 with values the chart rejects, 0 not verified/);
    const json = await run('verify', '--config', cfg, '--plain-http', '--format', 'json', ...mirrorArgs);
    const results = (JSON.parse(json.out) as { results: { status: string; reference: string; schemaChecked?: boolean }[] }).results;
    expect(results.filter((r) => r.status !== 'ok').map((r) => r.reference)).toEqual([firstImage]);
    expect(results.find((r) => r.reference.startsWith('karpenter '))?.schemaChecked).toBe(true);
  });

  it('a malformed --mirror is bad usage (exit 2) with the fix', async () => {
    const r = await run('verify', '--config', cfg, '--mirror', 'nonsense');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/FROM=TO/);
  });
});
