/**
 * The on-disk format of keelson's embedded instance catalogue (instances.json). Column-oriented rows keep the
 * file a third of the size of the shared source and make a refresh a one-line-per-type diff.
 */
export const CATALOGUE_SCHEMA = 'keelson-instance-catalogue/v1';

export const CATALOGUE_COLUMNS = [
  'name',
  'family',
  'category',
  'generation',
  'size',
  'arch',
  'cpuManufacturer',
  'vcpu',
  'memoryMiB',
  'hypervisor',
  'bareMetal',
  'maxEni',
  'ipv4PerEni',
  'trunking',
  'branchEni',
  'gpus',
  'accelerators',
  'localNvmeGiB',
  'allocCpuMillis',
  'allocMemoryMiB',
  'allocEphemeralGiB',
  'allocPods',
  'onDemandUsdPerHour',
] as const;

export type CatalogueRow = [
  name: string,
  family: string,
  category: string,
  generation: number,
  size: string,
  arch: string,
  cpuManufacturer: string,
  vcpu: number,
  memoryMiB: number,
  hypervisor: string | null,
  bareMetal: 0 | 1,
  maxEni: number,
  ipv4PerEni: number,
  trunking: 0 | 1 | null,
  branchEni: number | null,
  gpus: number,
  accelerators: number,
  localNvmeGiB: number | null,
  allocCpuMillis: number,
  allocMemoryMiB: number,
  allocEphemeralGiB: number,
  allocPods: number,
  /** USD per hour, one cell per entry of `regions`; null where the type is not sold there. */
  onDemandUsdPerHour: (number | null)[],
];

export interface CatalogueFile {
  readonly schema: typeof CATALOGUE_SCHEMA;
  readonly generated: string;
  readonly attribution: readonly string[];
  /** ISO date of the price snapshot. */
  readonly pricesAsOf: string;
  readonly pricesSource: string;
  /** ISO date of the instance-type facts (ENI limits generation date). */
  readonly instancesAsOf: string;
  readonly regions: readonly string[];
  readonly columns: readonly string[];
  readonly rows: readonly CatalogueRow[];
  /** Spot USD/hour per region and type (a refresh from DescribeSpotPriceHistory); the embedded catalogue has none. */
  readonly spotUsdPerHour?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** A row of ../shared/data/ec2-instances.json: the build script's input and the catalogue test's reference. */
export interface SharedInstanceRow {
  readonly name: string;
  readonly family: string;
  readonly category: string;
  readonly generation: number;
  readonly size: string;
  readonly arch: string;
  readonly os: string;
  readonly cpuManufacturer: string;
  readonly vcpu: number;
  readonly memoryMiB: number;
  readonly hypervisor: string | null;
  readonly bareMetal: boolean;
  readonly maxEni: number;
  readonly ipv4PerEni: number;
  readonly trunkingCompatible: boolean | null;
  readonly branchEni: number | null;
  readonly localNvmeGiB: number | null;
  readonly gpu: { count: number } | null;
  readonly accelerator: { count: number } | null;
  readonly karpenterAllocatableAl2023: { cpuMillis: number; memoryMiB: number; ephemeralStorageGiB: number; pods: number };
  readonly onDemandUsdPerHour: Record<string, number> | null;
}
