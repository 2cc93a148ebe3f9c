import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { maxPodsSecondaryIp } from '../../src/planners/ip/max-pods.js';
import { cacheFile, refreshCatalogue } from '../../src/planners/catalogue/refresh.js';
import type { CatalogueFile } from '../../src/planners/catalogue/format.js';
import { startFakePricingApi } from '../support/fake-pricing-api.js';
import type { FakePricing } from '../support/fake-pricing-api.js';
import { run } from '../support/run-cli.js';
import { startFakeEc2Catalogue } from './fake-ec2-catalogue.js';
import type { FakeEc2 } from './fake-ec2-catalogue.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'keelson-plan-refresh-'));
const saved = { ...process.env };
let ec2: FakeEc2;
let pricing: FakePricing;

const TYPES = [
  { name: 'm7g.large', arch: 'arm64', manufacturer: 'AWS', vcpu: 2, memoryMiB: 8192, maxEni: 3, ipv4PerEni: 10 },
  { name: 'm7g.xlarge', arch: 'arm64', manufacturer: 'AWS', vcpu: 4, memoryMiB: 16_384, maxEni: 4, ipv4PerEni: 15 },
  { name: 'c7i.large', arch: 'x86_64', manufacturer: 'Intel', vcpu: 2, memoryMiB: 4096, maxEni: 3, ipv4PerEni: 10 },
  { name: 'c6a.xlarge', arch: 'x86_64', manufacturer: 'AMD', vcpu: 4, memoryMiB: 8192, maxEni: 4, ipv4PerEni: 15 },
  { name: 'r7g.large', arch: 'arm64', manufacturer: 'AWS', vcpu: 2, memoryMiB: 16_384, maxEni: 3, ipv4PerEni: 10 },
] as const;
const NOW = new Date('2026-11-26T04:00:00Z');

beforeAll(async () => {
  ec2 = await startFakeEc2Catalogue(TYPES, [
    { instanceType: 'm7g.large', zone: 'eu-west-1a', usd: 0.03, at: '2026-11-26T03:00:00.000Z' },
    { instanceType: 'm7g.large', zone: 'eu-west-1b', usd: 0.04, at: '2026-11-26T02:00:00.000Z' },
    { instanceType: 'c7i.large', zone: 'eu-west-1a', usd: 0.035, at: '2026-11-26T01:00:00.000Z' },
  ]);
  pricing = await startFakePricingApi([
    { instanceType: 'm7g.large', regionCode: 'eu-west-1', usdPerHour: 0.0892 },
    { instanceType: 'm7g.xlarge', regionCode: 'eu-west-1', usdPerHour: 0.1784 },
    { instanceType: 'c7i.large', regionCode: 'eu-west-1', usdPerHour: 0.0941 },
    { instanceType: 'c6a.xlarge', regionCode: 'eu-west-1', usdPerHour: 0.1728 },
    { instanceType: 'r7g.large', regionCode: 'eu-west-1', usdPerHour: 0.1147 },
    // Products the filters must leave out: another region, Windows, dedicated tenancy.
    { instanceType: 'm7g.large', regionCode: 'us-east-1', usdPerHour: 0.0816 },
    { instanceType: 'c7i.large', regionCode: 'eu-west-1', usdPerHour: 0.1861, attributes: { operatingSystem: 'Windows' } },
    { instanceType: 'c6a.xlarge', regionCode: 'eu-west-1', usdPerHour: 0.19, attributes: { tenancy: 'Dedicated' } },
  ]);
});
afterAll(async () => {
  await ec2.close();
  await pricing.close();
  rmSync(tmp, { recursive: true, force: true });
});
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

/** Nothing from the developer's machine: no credentials, no config, no instance metadata. */
function isolated(cache: string): void {
  for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
  process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(tmp, 'none-credentials');
  process.env.AWS_CONFIG_FILE = path.join(tmp, 'none-config');
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  process.env.KEELSON_CACHE_DIR = cache;
}
function withCredentials(cache: string): void {
  isolated(cache);
  process.env.AWS_ACCESS_KEY_ID = 'AKIAFAKEFAKEFAKEFAKE';
  process.env.AWS_SECRET_ACCESS_KEY = 'fake-secret';
}

describe('keelson plan capacity --refresh', () => {
  it('rebuilds the catalogue from DescribeInstanceTypes, GetProducts and the Spot price history, every page, into the cache', async () => {
    // GIVEN credentials and both APIs on loopback, paging two items at a time
    const cache = path.join(tmp, 'cache-a');
    withCredentials(cache);
    const r = await refreshCatalogue({ region: 'eu-west-1', ec2Endpoint: ec2.url, pricingEndpoint: pricing.url, now: NOW });
    // THEN every type, its Linux shared-tenancy price in the region, Spot averaged over zones, allocatable computed
    const byName = new Map(r.catalogue.types.map((t) => [t.name, t]));
    expect([...byName.keys()]).toEqual(['c6a.xlarge', 'c7i.large', 'm7g.large', 'm7g.xlarge', 'r7g.large']);
    expect(byName.get('c7i.large')?.onDemandUsdPerHour).toEqual({ 'eu-west-1': 0.0941 });
    expect(byName.get('c6a.xlarge')?.onDemandUsdPerHour).toEqual({ 'eu-west-1': 0.1728 });
    expect(byName.get('m7g.large')?.spotUsdPerHour).toEqual({ 'eu-west-1': 0.035 });
    expect(byName.get('m7g.xlarge')?.spotUsdPerHour).toEqual({});
    expect(byName.get('m7g.large')).toMatchObject({ family: 'm7g', category: 'm', generation: 7, size: 'large', arch: 'arm64', cpuManufacturer: 'aws', vcpu: 2, memoryMiB: 8192, maxEni: 3, ipv4PerEni: 10, nitro: true });
    expect(byName.get('m7g.large')?.karpenterAllocatable.pods).toBe(maxPodsSecondaryIp(byName.get('m7g.large') as never));
    // AND the pages and filters went over the wire as the SDK sends them
    expect(ec2.requests.filter((q) => q.get('Action') === 'DescribeInstanceTypes').map((q) => q.get('NextToken'))).toEqual([null, '2', '4']);
    expect(ec2.requests.filter((q) => q.get('Action') === 'DescribeSpotPriceHistory').map((q) => q.get('ProductDescription.1'))).toEqual(['Linux/UNIX', 'Linux/UNIX']);
    const getProducts = pricing.requests.filter((q) => q.target === 'AWSPriceListService.GetProducts');
    expect(getProducts.map((q) => q.body.NextToken ?? null)).toEqual([null, '2', '4']);
    expect(getProducts[0]?.body.Filters).toContainEqual({ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'eu-west-1' });
    // AND the cache file holds it with its date and source
    expect(r.path).toBe(cacheFile('eu-west-1'));
    expect(r.path.startsWith(cache)).toBe(true);
    const file = JSON.parse(readFileSync(r.path, 'utf8')) as CatalogueFile;
    expect(file.pricesAsOf).toBe('2026-11-26');
    expect(file.pricesSource).toContain('AWS Pricing API GetProducts');
    expect(file.pricesSource).toContain(pricing.url);
  });

  it('plans with the refreshed catalogue, prints where it was written, and uses the cache afterwards', async () => {
    // GIVEN credentials, the endpoints in the SDK's own AWS_ENDPOINT_URL_* variables, and a small workload
    const cache = path.join(tmp, 'cache-b');
    withCredentials(cache);
    process.env.AWS_ENDPOINT_URL_EC2 = ec2.url;
    process.env.AWS_ENDPOINT_URL_PRICING = pricing.url;
    const dir = path.join(tmp, 'm');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'web.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: shop }\nspec:\n  replicas: 4\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec: { containers: [{ name: c, image: x, resources: { requests: { cpu: 500m, memory: 1Gi } } }] }\n');
    const r = await run('plan', 'capacity', dir, '--refresh', '--region', 'eu-west-1', '--scenario', 'graviton-spot');
    // THEN the refresh is reported with the cache path, and the plan prices eu-west-1 from it with the Spot history
    expect(r.err).toContain(`--refresh: 5 instance types and their eu-west-1 prices read from AWS`);
    expect(r.err).toContain(cacheFile('eu-west-1'));
    expect(r.out).toContain('AWS Pricing API GetProducts');
    expect(r.out).toContain('Spot from the Spot price history in the catalogue');
    expect(r.code).toBe(0);
    // WHEN planned again without --refresh THEN the cached catalogue is used and named
    const again = await run('plan', 'capacity', dir, '--region', 'eu-west-1', '--scenario', 'graviton-spot');
    expect(again.out).toContain(`from the catalogue refreshed on`);
    expect(again.out).toContain(cacheFile('eu-west-1'));
  });

  it('without credentials says so and plans with the embedded catalogue', async () => {
    // GIVEN no credentials anywhere WHEN --refresh
    const cache = path.join(tmp, 'cache-c');
    isolated(cache);
    const dir = path.join(tmp, 'm2');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'web.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec:\n  replicas: 2\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec: { containers: [{ name: c, image: x, resources: { requests: { cpu: 500m, memory: 1Gi } } }] }\n');
    const r = await run('plan', 'capacity', dir, '--refresh', '--scenario', 'x86-on-demand');
    // THEN a clear message, the embedded catalogue's prices, no cache written, and a plan all the same
    expect(r.err).toMatch(/--refresh: no AWS credentials \(environment, shared config or SSO, or an instance\/pod role\).*Planning with the embedded catalogue \(prices as of \d{4}-\d{2}-\d{2}\)/);
    expect(r.out).toMatch(/^x86 on-demand \(baseline\)\s+\$/m);
    expect(existsSync(cacheFile('us-east-1'))).toBe(false);
    expect(r.code).toBe(0);
  });
});
