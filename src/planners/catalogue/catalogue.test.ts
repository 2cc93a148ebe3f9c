import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedDataFile, skipReason } from '../internal/shared-data.js';
import { catalogueFrom, loadCatalogue } from './catalogue.js';
import type { CatalogueFile, SharedInstanceRow as SharedRow } from './format.js';

const sharedFile = sharedDataFile('ec2-instances.json');
const shared: SharedRow[] = sharedFile ? (JSON.parse(readFileSync(sharedFile, 'utf8')) as SharedRow[]) : [];

describe('embedded instance catalogue', () => {
  const cat = loadCatalogue();

  it('carries the date and source of its prices and the attribution of its facts', () => {
    // GIVEN the embedded catalogue THEN its snapshot dates are ISO dates and each source names its licence
    expect(cat.meta.pricesAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(cat.meta.instancesAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(cat.meta.regions).toContain('us-east-1');
    expect(cat.meta.attribution.every((a) => /Apache-2\.0|MIT-0/.test(a))).toBe(true);
  });

  it('finds types by name and none twice', () => {
    // GIVEN every type WHEN looked up by its own name THEN the same row comes back
    expect(new Set(cat.types.map((t) => t.name)).size).toBe(cat.types.length);
    for (const t of cat.types) expect(cat.get(t.name)).toBe(t);
    expect(cat.get('no-such.type')).toBeUndefined();
  });

  it.skipIf(!sharedFile)(`matches the shared source on every row${sharedFile ? '' : ` (${skipReason('ec2-instances.json')})`}`, () => {
    // GIVEN the shared ec2-instances.json WHEN each row is compared with the embedded one THEN every typed field agrees
    expect(cat.types.length).toBe(shared.length);
    for (const s of shared) {
      const t = cat.get(s.name);
      expect(t, s.name).not.toBeUndefined();
      if (!t) continue;
      expect({ ...t, nitro: undefined, trunking: undefined, branchEni: undefined, gpus: undefined, accelerators: undefined, localNvmeGiB: undefined }).toEqual({
        name: s.name,
        family: s.family,
        category: s.category,
        generation: s.generation,
        size: s.size,
        arch: s.arch,
        cpuManufacturer: s.cpuManufacturer,
        vcpu: s.vcpu,
        memoryMiB: s.memoryMiB,
        hypervisor: s.hypervisor,
        bareMetal: s.bareMetal,
        maxEni: s.maxEni,
        ipv4PerEni: s.ipv4PerEni,
        karpenterAllocatable: { cpuMillis: s.karpenterAllocatableAl2023.cpuMillis, memoryMiB: s.karpenterAllocatableAl2023.memoryMiB, ephemeralStorageGiB: s.karpenterAllocatableAl2023.ephemeralStorageGiB, pods: s.karpenterAllocatableAl2023.pods },
        onDemandUsdPerHour: s.onDemandUsdPerHour,
        // The shared data has no Spot prices: only a --refresh adds them.
        spotUsdPerHour: {},
        nitro: undefined,
        trunking: undefined,
        branchEni: undefined,
        gpus: undefined,
        accelerators: undefined,
        localNvmeGiB: undefined,
      });
      expect(t.trunking).toBe(s.trunkingCompatible === null ? undefined : s.trunkingCompatible);
    }
  });

  it.skipIf(!sharedFile)(`gives the README's worked examples${sharedFile ? '' : ` (${skipReason('ec2-instances.json')})`}`, () => {
    // GIVEN the rows the shared README quotes WHEN read through the loader THEN the same ENI, price and allocatable facts
    for (const name of ['m5.large', 'm7g.xlarge', 'c6g.medium', 't3.micro', 'c6in.32xlarge', 'p5.48xlarge']) {
      const s = shared.find((r) => r.name === name);
      const t = cat.get(name);
      expect(s && t, name).toBeTruthy();
      if (!s || !t) continue;
      expect(t.maxEni * (t.ipv4PerEni - 1) + 2).toBe(s.karpenterAllocatableAl2023.pods);
      expect(t.onDemandUsdPerHour['us-east-1']).toBe(s.onDemandUsdPerHour?.['us-east-1']);
    }
  });

  it('treats bare metal from the 5th generation on as Nitro and older bare metal as not', () => {
    // GIVEN bare-metal types (no hypervisor label) THEN nitro follows the generation
    const metal = cat.types.filter((t) => t.bareMetal);
    expect(metal.length).toBeGreaterThan(0);
    for (const t of metal) expect(t.nitro).toBe(t.generation >= 5);
    for (const t of cat.types.filter((x) => !x.bareMetal)) expect(t.nitro).toBe(t.hypervisor === 'nitro');
  });

  it('rejects a file with other columns, naming the script that rebuilds it', () => {
    // GIVEN a file whose columns differ WHEN decoded THEN it refuses, pointing at the build script
    const bad = { schema: 'keelson-instance-catalogue/v1', columns: ['name'], rows: [], regions: [] } as unknown as CatalogueFile;
    expect(() => catalogueFrom(bad)).toThrow(/scripts\/build-catalogue\.ts/);
  });
});
