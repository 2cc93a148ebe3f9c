/**
 * The cost scenarios side by side, each one solve() with changed NodePools and prices:
 * - x86 on-demand: the baseline, Intel and AMD types both allowed, on-demand only;
 * - Graviton on-demand: an arm64 NodePool ahead of the x86 one (pods that pin amd64 stay on x86);
 * - Graviton + Spot: the same with Spot allowed; StatefulSet pods stay on-demand, as the guide runs only stateless
 *   services on Spot;
 * - Graviton + Spot + Compute Savings Plans: the same nodes, the on-demand floor priced at the Savings Plans rate.
 * The scenario decides arch and capacity type: a NodePool's own requirements on those two keys are replaced.
 */
import type { InstanceType } from '../catalogue/catalogue.js';
import { LABEL } from './instance-labels.js';
import type { CapacityType, NodePoolShape, PodShape, PriceFn } from './model.js';
import type { Requirement } from './requirements.js';

export interface PriceAssumptions {
  readonly region: string;
  /** Spot price as a discount off on-demand. @default 0.6 — the low end of the guide's 60–90% (section 10) */
  readonly spotDiscount: number;
  /** Compute Savings Plans discount on covered on-demand usage. @default 0.17 — the low end of the guide's 17–30% (1-year, no upfront) */
  readonly savingsPlanDiscount: number;
}

export const DEFAULT_ASSUMPTIONS: PriceAssumptions = { region: 'us-east-1', spotDiscount: 0.6, savingsPlanDiscount: 0.17 };

export function priceFn(a: PriceAssumptions): PriceFn {
  return (t: InstanceType, c: CapacityType) => {
    const od = t.onDemandUsdPerHour[a.region];
    if (od === undefined) return undefined;
    // A refreshed catalogue carries the Spot price history; the discount stands in where it does not.
    return c === 'on-demand' ? od : (t.spotUsdPerHour[a.region] ?? od * (1 - a.spotDiscount));
  };
}

export type ScenarioId = 'x86-on-demand' | 'graviton-on-demand' | 'graviton-spot' | 'graviton-spot-savings-plans';

export interface ScenarioSpec {
  readonly id: ScenarioId;
  readonly title: string;
  readonly baseline: string;
  readonly nodePools: readonly NodePoolShape[];
  readonly pods: readonly PodShape[];
  readonly price: PriceFn;
}

const req = (key: string, values: string[]): Requirement => ({ key, operator: 'In', values });

function recast(p: NodePoolShape, arch: string, caps: CapacityType[], name = p.name, weightBonus = 0): NodePoolShape {
  const keep = p.requirements.filter((r) => r.key !== LABEL.arch && r.key !== LABEL.betaArch && r.key !== LABEL.capacityType);
  return { ...p, name, weight: p.weight + weightBonus, requirements: [...keep, req(LABEL.arch, [arch]), req(LABEL.capacityType, caps)] };
}

/** StatefulSet pods keep off Spot: an on-demand requirement in each of their terms. */
export function onDemandForStateful(pods: readonly PodShape[]): PodShape[] {
  const od = req(LABEL.capacityType, ['on-demand']);
  return pods.map((p) => (p.workload.startsWith('StatefulSet ') ? { ...p, terms: p.terms.length > 0 ? p.terms.map((t) => [...t, od]) : [[od]] } : p));
}

export function scenarioSpecs(pools: readonly NodePoolShape[], pods: readonly PodShape[], a: PriceAssumptions = DEFAULT_ASSUMPTIONS): ScenarioSpec[] {
  const list = priceFn(a);
  // Savings Plans discount every on-demand hour of the plan: they are bought to cover its steady on-demand floor.
  const withSp: PriceFn = (t, c) => {
    const p = list(t, c);
    return p === undefined || c === 'spot' ? p : p * (1 - a.savingsPlanDiscount);
  };
  const x86 = pools.map((p) => recast(p, 'amd64', ['on-demand']));
  const gravitonFirst = (caps: CapacityType[]) => [...pools.map((p) => recast(p, 'arm64', caps, `${p.name}-graviton`, 1000)), ...pools.map((p) => recast(p, 'amd64', caps))];
  const baseline = 'x86 on-demand (Intel and AMD, every generation the NodePools allow)';
  return [
    { id: 'x86-on-demand', title: 'x86 on-demand (baseline)', baseline: 'itself', nodePools: x86, pods, price: list },
    { id: 'graviton-on-demand', title: 'Graviton on-demand', baseline, nodePools: gravitonFirst(['on-demand']), pods, price: list },
    { id: 'graviton-spot', title: 'Graviton + Spot (stateless)', baseline, nodePools: gravitonFirst(['spot', 'on-demand']), pods: onDemandForStateful(pods), price: list },
    { id: 'graviton-spot-savings-plans', title: 'Graviton + Spot + Savings Plans', baseline, nodePools: gravitonFirst(['spot', 'on-demand']), pods: onDemandForStateful(pods), price: withSp },
  ];
}
