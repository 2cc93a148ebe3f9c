/**
 * Typed access to the embedded instance catalogue. The JSON is built offline by scripts/build-catalogue.ts, so a
 * plan is reproducible from the repository alone; every price carries the date and source of its snapshot.
 */
import raw from './instances.json' with { type: 'json' };
import { CATALOGUE_COLUMNS, CATALOGUE_SCHEMA } from './format.js';
import type { CatalogueFile, CatalogueRow } from './format.js';

export type Arch = 'amd64' | 'arm64';

export interface KarpenterAllocatable {
  readonly cpuMillis: number;
  readonly memoryMiB: number;
  readonly ephemeralStorageGiB: number;
  readonly pods: number;
}

export interface InstanceType {
  readonly name: string;
  readonly family: string;
  /** Karpenter's `instance-category`: the letters before the generation digit (c, m, r, t, g, p ...). */
  readonly category: string;
  readonly generation: number;
  readonly size: string;
  readonly arch: Arch;
  readonly cpuManufacturer: string;
  readonly vcpu: number;
  readonly memoryMiB: number;
  readonly hypervisor: 'nitro' | 'xen' | null;
  readonly bareMetal: boolean;
  /**
   * Nitro features (prefix delegation, pod ENIs). Bare metal has no hypervisor label; from the 5th generation on it
   * runs on the Nitro system, which is AWS's documented rule, not a field of the source data.
   */
  readonly nitro: boolean;
  /** ENIs on the default network card: the number the VPC CNI, the EKS AMI and Karpenter use for max pods. */
  readonly maxEni: number;
  readonly ipv4PerEni: number;
  /** Security groups for pods (trunk ENI); undefined where the source does not say. */
  readonly trunking: boolean | undefined;
  readonly branchEni: number | undefined;
  readonly gpus: number;
  readonly accelerators: number;
  readonly localNvmeGiB: number | undefined;
  /** As Karpenter's docs print it: AL2023, 20 GiB root volume, no kubelet overrides, 7.5% VM memory overhead. */
  readonly karpenterAllocatable: KarpenterAllocatable;
  /** On-demand Linux USD/hour per region (see `CatalogueMeta.pricesAsOf`); absent where the type is not sold. */
  readonly onDemandUsdPerHour: Readonly<Record<string, number>>;
  /** Spot USD/hour per region where a refresh read the Spot price history; otherwise the plan's assumption applies. */
  readonly spotUsdPerHour: Readonly<Record<string, number>>;
}

export interface CatalogueMeta {
  readonly pricesAsOf: string;
  readonly pricesSource: string;
  readonly instancesAsOf: string;
  readonly regions: readonly string[];
  readonly attribution: readonly string[];
}

export interface Catalogue {
  readonly meta: CatalogueMeta;
  readonly types: readonly InstanceType[];
  get(name: string): InstanceType | undefined;
}

export function decodeRow(r: CatalogueRow, regions: readonly string[], spot: CatalogueFile['spotUsdPerHour'] = undefined): InstanceType {
  const [name, family, category, generation, size, arch, cpuManufacturer, vcpu, memoryMiB, hypervisor, bareMetal, maxEni, ipv4PerEni, trunking, branchEni, gpus, accelerators, localNvmeGiB, cpuMillis, allocMemoryMiB, ephemeralStorageGiB, pods, prices] = r;
  const onDemandUsdPerHour: Record<string, number> = {};
  regions.forEach((g, i) => {
    const p = prices[i];
    if (typeof p === 'number') onDemandUsdPerHour[g] = p;
  });
  const hv = hypervisor === 'nitro' || hypervisor === 'xen' ? hypervisor : null;
  return {
    name,
    family,
    category,
    generation,
    size,
    arch: arch === 'arm64' ? 'arm64' : 'amd64',
    cpuManufacturer,
    vcpu,
    memoryMiB,
    hypervisor: hv,
    bareMetal: bareMetal === 1,
    nitro: hv === 'nitro' || (bareMetal === 1 && generation >= 5),
    maxEni,
    ipv4PerEni,
    trunking: trunking === null ? undefined : trunking === 1,
    branchEni: branchEni ?? undefined,
    gpus,
    accelerators,
    localNvmeGiB: localNvmeGiB ?? undefined,
    karpenterAllocatable: { cpuMillis, memoryMiB: allocMemoryMiB, ephemeralStorageGiB, pods },
    onDemandUsdPerHour,
    spotUsdPerHour: Object.fromEntries(Object.entries(spot ?? {}).flatMap(([g, byType]) => (byType[name] === undefined ? [] : [[g, byType[name] as number]]))),
  };
}

export function catalogueFrom(file: CatalogueFile): Catalogue {
  if (file.schema !== CATALOGUE_SCHEMA || file.columns.join(',') !== CATALOGUE_COLUMNS.join(',')) {
    throw new Error(`instance catalogue: expected ${CATALOGUE_SCHEMA} with columns ${CATALOGUE_COLUMNS.join(',')}; rebuild it with scripts/build-catalogue.ts`);
  }
  const types = file.rows.map((r) => decodeRow(r, file.regions, file.spotUsdPerHour));
  const byName = new Map(types.map((t) => [t.name, t]));
  return {
    meta: { pricesAsOf: file.pricesAsOf, pricesSource: file.pricesSource, instancesAsOf: file.instancesAsOf, regions: file.regions, attribution: file.attribution },
    types,
    get: (name) => byName.get(name),
  };
}

let embedded: Catalogue | undefined;

/** The catalogue embedded in keelson, decoded once. */
export function loadCatalogue(): Catalogue {
  embedded ??= catalogueFrom(raw as unknown as CatalogueFile);
  return embedded;
}
