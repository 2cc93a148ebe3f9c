/** What a NodePool or node group can actually launch, judged against keelson's embedded instance catalogue. */
import { loadCatalogue } from '../../planners/catalogue/catalogue.js';
import type { InstanceType } from '../../planners/catalogue/catalogue.js';

export interface PoolRequirements {
  readonly architectures: readonly string[];
  readonly categories: readonly string[];
  readonly minGeneration: number;
  readonly excludedSizes: readonly string[];
  readonly instanceFamilies?: readonly string[];
}

/** Instance types a Karpenter NodePool with these requirements may choose from. */
export function poolInstanceTypes(p: PoolRequirements): InstanceType[] {
  return loadCatalogue().types.filter(
    (t) =>
      p.architectures.includes(t.arch) &&
      p.categories.includes(t.category) &&
      t.generation >= p.minGeneration &&
      !p.excludedSizes.includes(t.size) &&
      (p.instanceFamilies === undefined || p.instanceFamilies.includes(t.family)),
  );
}

export function instanceType(name: string): InstanceType | undefined {
  return loadCatalogue().get(name);
}

export function instanceTypeNames(): string[] {
  return loadCatalogue().types.map((t) => t.name);
}
