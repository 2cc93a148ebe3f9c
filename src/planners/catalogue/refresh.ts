/**
 * `--refresh`: the catalogue rebuilt from AWS for one region with the SDK's own clients — EC2 DescribeInstanceTypes
 * (every page), the Pricing API's GetProducts (on-demand Linux, shared tenancy) and EC2 DescribeSpotPriceHistory
 * (the latest price per type and zone, averaged over zones) — and written to the user's cache with its date and
 * source. Endpoints can be overridden (tests run both APIs on 127.0.0.1); credentials come from the SDK's default
 * chain, and without any the embedded catalogue stays in use.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EC2Client, paginateDescribeInstanceTypes, paginateDescribeSpotPriceHistory } from '@aws-sdk/client-ec2';
import type { InstanceTypeInfo } from '@aws-sdk/client-ec2';
import { paginateGetProducts, PricingClient } from '@aws-sdk/client-pricing';
import { allocatable } from '../capacity/allocatable.js';
import { catalogueFrom, decodeRow } from './catalogue.js';
import type { Catalogue } from './catalogue.js';
import { CATALOGUE_COLUMNS, CATALOGUE_SCHEMA } from './format.js';
import type { CatalogueFile, CatalogueRow } from './format.js';

export interface RefreshOptions {
  readonly region: string;
  readonly ec2Endpoint?: string;
  readonly pricingEndpoint?: string;
  /** The Pricing API answers in us-east-1 (and a few others), whatever region is priced. */
  readonly pricingRegion?: string;
  readonly now?: Date;
}

/** Where the refreshed catalogue lives: $KEELSON_CACHE_DIR, else $XDG_CACHE_HOME/keelson, else ~/.cache/keelson. */
export function cacheFile(region: string): string {
  const dir = process.env.KEELSON_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'keelson');
  return path.join(dir, `instance-catalogue-${region}.json`);
}

export class NoCredentialsError extends Error {}

const MANUFACTURER: Readonly<Record<string, string>> = { 'AWS': 'aws', 'Intel': 'intel', 'AMD': 'amd', 'Apple': 'apple' };

/** A DescribeInstanceTypes entry as a catalogue row; undefined for types the planner cannot use (no Linux arch). */
export function rowFrom(info: InstanceTypeInfo, price: number | null): CatalogueRow | undefined {
  const name = info.InstanceType;
  const archs = info.ProcessorInfo?.SupportedArchitectures ?? [];
  const arch = archs.includes('arm64') ? 'arm64' : archs.includes('x86_64') ? 'amd64' : undefined;
  const vcpu = info.VCpuInfo?.DefaultVCpus;
  const memoryMiB = info.MemoryInfo?.SizeInMiB;
  if (!name || !arch || !vcpu || !memoryMiB) return undefined;
  const [family = name, size = ''] = name.split('.');
  // Karpenter's instance-category is the letters before the generation digit; the generation is that digit run.
  const m = /^([a-z-]+?)(\d+)/.exec(family);
  const card0 = info.NetworkInfo?.NetworkCards?.find((c) => c.NetworkCardIndex === (info.NetworkInfo?.DefaultNetworkCardIndex ?? 0));
  const maxEni = card0?.MaximumNetworkInterfaces ?? info.NetworkInfo?.MaximumNetworkInterfaces ?? 1;
  const ipv4PerEni = info.NetworkInfo?.Ipv4AddressesPerInterface ?? 1;
  const hypervisor = info.Hypervisor === 'nitro' || info.Hypervisor === 'xen' ? info.Hypervisor : null;
  const gpus = (info.GpuInfo?.Gpus ?? []).reduce((s, g) => s + (g.Count ?? 0), 0);
  const accelerators = (info.InferenceAcceleratorInfo?.Accelerators ?? []).reduce((s, a) => s + (a.Count ?? 0), 0) + (info.NeuronInfo?.NeuronDevices ?? []).reduce((s, a) => s + (a.Count ?? 0), 0);
  const nvme = info.InstanceStorageInfo?.NvmeSupport && info.InstanceStorageInfo.NvmeSupport !== 'unsupported' ? (info.InstanceStorageInfo.TotalSizeInGB ?? null) : null;
  const row: CatalogueRow = [
    name,
    family,
    m?.[1] ?? family,
    Number(m?.[2] ?? 0),
    size,
    arch,
    MANUFACTURER[info.ProcessorInfo?.Manufacturer ?? ''] ?? (info.ProcessorInfo?.Manufacturer ?? '').toLowerCase(),
    vcpu,
    memoryMiB,
    hypervisor,
    info.BareMetal ? 1 : 0,
    maxEni,
    ipv4PerEni,
    // DescribeInstanceTypes says nothing about trunk ENIs: unknown, as the format allows.
    null,
    null,
    gpus,
    accelerators,
    nvme,
    0,
    0,
    17,
    0,
    [price],
  ];
  // Allocatable as keelson computes it everywhere else (the AL2023 formulas, ENI-limited max pods).
  const a = allocatable(decodeRow(row, ['x']));
  row[18] = a.cpuMillis;
  row[19] = a.memoryMiB;
  row[21] = a.pods;
  return row;
}

/** On-demand USD/hour per instance type from GetProducts price-list documents. */
export function onDemandPrices(priceList: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const doc of priceList) {
    const p = JSON.parse(doc) as { product?: { attributes?: Record<string, string> }; terms?: { OnDemand?: Record<string, { priceDimensions?: Record<string, { pricePerUnit?: { USD?: string }; unit?: string }> }> } };
    const type = p.product?.attributes?.instanceType;
    if (!type) continue;
    for (const term of Object.values(p.terms?.OnDemand ?? {})) {
      for (const dim of Object.values(term.priceDimensions ?? {})) {
        const usd = Number(dim.pricePerUnit?.USD);
        // A zero-priced dimension is a reservation placeholder, not a price.
        if (dim.unit === 'Hrs' && Number.isFinite(usd) && usd > 0) out.set(type, usd);
      }
    }
  }
  return out;
}

export async function refreshCatalogue(o: RefreshOptions): Promise<{ file: CatalogueFile; path: string; catalogue: Catalogue }> {
  const ec2 = new EC2Client({ region: o.region, endpoint: o.ec2Endpoint });
  const pricing = new PricingClient({ region: o.pricingRegion ?? 'us-east-1', endpoint: o.pricingEndpoint });
  try {
    await ec2.config.credentials();
  } catch (e) {
    throw new NoCredentialsError(`no AWS credentials (environment, shared config or SSO, or an instance/pod role): ${(e as Error).message}`);
  }
  const now = o.now ?? new Date();
  const infos: InstanceTypeInfo[] = [];
  for await (const page of paginateDescribeInstanceTypes({ client: ec2 }, {})) infos.push(...(page.InstanceTypes ?? []));
  const docs: string[] = [];
  const filters = [
    ['regionCode', o.region],
    ['operatingSystem', 'Linux'],
    ['tenancy', 'Shared'],
    ['preInstalledSw', 'NA'],
    ['capacitystatus', 'Used'],
    ['licenseModel', 'No License required'],
  ].map(([Field, Value]) => ({ Type: 'TERM_MATCH' as const, Field, Value }));
  for await (const page of paginateGetProducts({ client: pricing }, { ServiceCode: 'AmazonEC2', Filters: filters, FormatVersion: 'aws_v1' })) docs.push(...(page.PriceList ?? []));
  const onDemand = onDemandPrices(docs);
  // The latest Spot price per type and zone: StartTime now returns exactly the prices in effect.
  const spotByZone = new Map<string, Map<string, { at: number; usd: number }>>();
  for await (const page of paginateDescribeSpotPriceHistory({ client: ec2 }, { StartTime: now, ProductDescriptions: ['Linux/UNIX'] })) {
    for (const s of page.SpotPriceHistory ?? []) {
      if (!s.InstanceType || !s.AvailabilityZone || s.SpotPrice === undefined) continue;
      const byZone = spotByZone.get(s.InstanceType) ?? new Map<string, { at: number; usd: number }>();
      const at = s.Timestamp?.getTime() ?? 0;
      const prev = byZone.get(s.AvailabilityZone);
      if (!prev || at > prev.at) byZone.set(s.AvailabilityZone, { at, usd: Number(s.SpotPrice) });
      spotByZone.set(s.InstanceType, byZone);
    }
  }
  const spot: Record<string, number> = {};
  for (const [type, zones] of [...spotByZone].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const v = [...zones.values()].map((z) => z.usd);
    spot[type] = Number((v.reduce((s, x) => s + x, 0) / v.length).toFixed(6));
  }
  const rows = infos
    .map((i) => rowFrom(i, onDemand.get(i.InstanceType ?? '') ?? null))
    .filter((r): r is CatalogueRow => r !== undefined)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const date = now.toISOString().slice(0, 10);
  const endpoints = [o.ec2Endpoint && `EC2 ${o.ec2Endpoint}`, o.pricingEndpoint && `Pricing ${o.pricingEndpoint}`].filter(Boolean).join(', ');
  const file: CatalogueFile = {
    schema: CATALOGUE_SCHEMA,
    generated: `by keelson plan capacity --refresh at ${now.toISOString()}`,
    attribution: ['AWS EC2 DescribeInstanceTypes, AWS Price List GetProducts (AmazonEC2), EC2 DescribeSpotPriceHistory'],
    pricesAsOf: date,
    pricesSource: `AWS Pricing API GetProducts (on-demand Linux, shared tenancy) and EC2 DescribeSpotPriceHistory (latest, averaged over zones) for ${o.region}, read ${now.toISOString()}${endpoints ? ` from ${endpoints}` : ''}`,
    instancesAsOf: date,
    regions: [o.region],
    columns: [...CATALOGUE_COLUMNS],
    rows,
    spotUsdPerHour: { [o.region]: spot },
  };
  const target = cacheFile(o.region);
  mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(file)}\n`);
  renameSync(tmp, target);
  return { file, path: target, catalogue: catalogueFrom(file) };
}

/** The refreshed catalogue for the region, when a refresh has been cached; undefined otherwise. */
export function cachedCatalogue(region: string): { catalogue: Catalogue; path: string } | undefined {
  const p = cacheFile(region);
  let text: string;
  try {
    text = readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return { catalogue: catalogueFrom(JSON.parse(text) as CatalogueFile), path: p };
  } catch {
    // A cache from another keelson version or a torn write: the embedded catalogue is the safe answer.
    return undefined;
  }
}
