// Builds keelson's embedded instance catalogue from ../shared/data/ec2-instances.json (offline):
//   npx tsx scripts/build-catalogue.ts [path/to/ec2-instances.json]
// Writes src/planners/catalogue/instances.json: one row per line so a refresh reviews as a readable diff.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CATALOGUE_COLUMNS, CATALOGUE_SCHEMA } from '../src/planners/catalogue/format.js';
import type { CatalogueFile, CatalogueRow, SharedInstanceRow as SharedRow } from '../src/planners/catalogue/format.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const input = process.argv[2] ?? path.resolve(repoRoot, '../shared/data/ec2-instances.json');
const output = path.join(repoRoot, 'src/planners/catalogue/instances.json');


const REGIONS = ['us-east-1', 'us-gov-east-1', 'us-gov-west-1'] as const;

const rows = (JSON.parse(readFileSync(input, 'utf8')) as SharedRow[])
  .filter((r) => r.os === 'linux')
  .sort((a, b) => a.name.localeCompare(b.name));

const toRow = (r: SharedRow): CatalogueRow => [
  r.name,
  r.family,
  r.category,
  r.generation,
  r.size,
  r.arch,
  r.cpuManufacturer,
  r.vcpu,
  r.memoryMiB,
  r.hypervisor,
  r.bareMetal ? 1 : 0,
  r.maxEni,
  r.ipv4PerEni,
  r.trunkingCompatible === null ? null : r.trunkingCompatible ? 1 : 0,
  r.branchEni,
  r.gpu?.count ?? 0,
  r.accelerator?.count ?? 0,
  r.localNvmeGiB,
  r.karpenterAllocatableAl2023.cpuMillis,
  r.karpenterAllocatableAl2023.memoryMiB,
  r.karpenterAllocatableAl2023.ephemeralStorageGiB,
  r.karpenterAllocatableAl2023.pods,
  REGIONS.map((g) => r.onDemandUsdPerHour?.[g] ?? null),
];

const file: CatalogueFile = {
  schema: CATALOGUE_SCHEMA,
  generated: 'by scripts/build-catalogue.ts from shared/data/ec2-instances.json; do not edit by hand',
  attribution: [
    'aws/karpenter-provider-aws (Apache-2.0): website/content/en/docs/reference/instance-types.md @ 692ccdd0 (2026-07-11) — rows, labels, AL2023 allocatable',
    'aws/karpenter-provider-aws (Apache-2.0): pkg/providers/instancetype/zz_generated.vpclimits.go @ 7f27b4e8 (generated 2026-08-06) — ENIs on the default card, IPv4 per ENI, trunking',
    'aws/karpenter-provider-aws (Apache-2.0): pkg/providers/pricing/zz_generated.pricing_aws*.go @ 6fc13b52 (generated 2026-07-20T13:44:30Z) — on-demand Linux USD/hour',
    'aws/amazon-vpc-cni-k8s (Apache-2.0) and awslabs/amazon-eks-ami (MIT-0): ENI limits for 8 types absent from the Karpenter table',
  ],
  pricesAsOf: '2026-07-20',
  pricesSource: 'AWS Pricing API list prices, Linux shared tenancy, as shipped in Karpenter zz_generated.pricing_aws.go (generated 2026-07-20)',
  instancesAsOf: '2026-08-06',
  regions: [...REGIONS],
  columns: [...CATALOGUE_COLUMNS],
  rows: rows.map(toRow),
};

// One row per line: stable, diffable bytes.
const head = JSON.stringify({ ...file, rows: [] }, null, 2).replace(/"rows": \[\]\n}$/, '');
const body = file.rows.map((r) => `    ${JSON.stringify(r)}`).join(',\n');
writeFileSync(output, `${head}"rows": [\n${body}\n  ]\n}\n`);
process.stdout.write(`wrote ${path.relative(repoRoot, output)}: ${file.rows.length} instance types, prices as of ${file.pricesAsOf}\n`);
