/**
 * The capacity plan: every scenario solved twice (Karpenter's way, and keelson's best with a size cap), each with
 * its per-resource lower bound, monthly cost, utilisation and saving against the x86 on-demand baseline.
 */
import type { InstanceType } from '../catalogue/catalogue.js';
import { HOURS_PER_MONTH } from '../upgrade/lifecycle.js';
import { bestPlan } from './best-plan.js';
import type { BestPlan } from './best-plan.js';
import { consolidate, keepPods } from './consolidation.js';
import type { ConsolidationResult } from './consolidation.js';
import { configLp } from './config-lp.js';
import type { ConfigLp, LpSolver } from './config-lp.js';
import { lowerBound } from './lower-bound.js';
import type { LowerBound } from './lower-bound.js';
import type { DaemonSetShape, NodePoolShape, Plan, PodShape } from './model.js';
import { DEFAULT_ASSUMPTIONS, scenarioSpecs } from './scenarios.js';
import type { PriceAssumptions, ScenarioId } from './scenarios.js';
import { solve } from './solve.js';
import type { SolveInput } from './solve.js';

export interface CapacityInput {
  readonly pods: readonly PodShape[];
  readonly daemonSets: readonly DaemonSetShape[];
  readonly nodePools: readonly NodePoolShape[];
  readonly types: readonly InstanceType[];
  readonly zones: readonly string[];
  readonly assumptions?: PriceAssumptions;
  readonly prefixDelegation?: boolean;
  readonly only?: readonly ScenarioId[];
  /** Pods that remain after a scale-down (HPA minimums): Karpenter's plan is then consolidated to them. */
  readonly scaleDownTo?: readonly PodShape[];
  /** HiGHS (loadLpSolver()): adds the configuration-LP bound and keelson's LP-guided plan. */
  readonly lp?: LpSolver;
}

export interface PlanFigures {
  readonly usdPerMonth: number;
  readonly nodes: number;
  readonly unplaced: number;
  /** Pod requests over allocatable, DaemonSets counted as used. */
  readonly cpuUtilisation: number;
  readonly memoryUtilisation: number;
  /** Cost over the lower bound for the pods it placed (1 = provably optimal). */
  readonly ratioToLowerBound: number;
  /** Cost over the per-resource bound alone (the weaker bound, always available). */
  readonly ratioToPerResourceBound: number;
}

/** The scenario's bounds: the per-resource one, and the configuration LP's when HiGHS ran. */
export interface ScenarioBound {
  readonly usdPerHour: number;
  readonly perResourceUsdPerHour: number;
  readonly configLp: { readonly boundUsdPerHour: number; readonly lpUsdPerHour: number; readonly iterations: number; readonly columns: number } | undefined;
  /** Pods no offering can hold: every plan leaves them unplaced, and the bounds leave them out. */
  readonly excludedPods: number;
}

export interface ScenarioResult {
  readonly id: ScenarioId;
  readonly title: string;
  readonly baseline: string;
  readonly karpenter: Plan;
  /** Karpenter's plan after its consolidation has run on it (after the scale-down, when one is given). */
  readonly consolidated: ConsolidationResult;
  readonly scaledDown: boolean;
  readonly best: BestPlan;
  readonly lowerBound: LowerBound;
  readonly bound: ScenarioBound;
  readonly figures: { readonly karpenter: PlanFigures; readonly consolidated: PlanFigures; readonly best: PlanFigures; readonly lowerBoundUsdPerMonth: number; readonly perResourceBoundUsdPerMonth: number; readonly lpBoundUsdPerMonth: number | undefined };
  /** Best plan against the baseline's best plan; undefined for the baseline itself. */
  readonly savingVsBaseline: number | undefined;
}

export interface CapacityPlan {
  readonly scenarios: readonly ScenarioResult[];
  readonly assumptions: PriceAssumptions;
  readonly pods: number;
  readonly daemonSets: number;
}

export function figures(plan: Plan, input: SolveInput, all?: ScenarioBound): PlanFigures {
  // The bound of the pods the plan placed; when it placed every pod any offering can hold that is the scenario's bound.
  const whole = all !== undefined && plan.unplaced.length <= all.excludedPods;
  const perResource = whole ? all.perResourceUsdPerHour : lowerBound(input, plan.nodes.flatMap((n) => n.pods)).usdPerHour;
  const lb = whole ? all.usdPerHour : perResource;
  const alloc = (k: 'allocatableCpuMillis' | 'allocatableMemoryMiB') => plan.nodes.reduce((s, n) => s + n[k], 0);
  const used = (c: 'cpu' | 'mem') => plan.nodes.reduce((s, n) => s + (c === 'cpu' ? n.podCpuMillis + n.daemonSetCpuMillis : n.podMemoryMiB + n.daemonSetMemoryMiB), 0);
  const ratio = (b: number): number => (b > 0 ? plan.costUsdPerHour / b : plan.costUsdPerHour > 0 ? Number.POSITIVE_INFINITY : 1);
  return {
    usdPerMonth: plan.costUsdPerHour * HOURS_PER_MONTH,
    nodes: plan.nodes.length,
    unplaced: plan.unplaced.length,
    cpuUtilisation: plan.nodes.length ? used('cpu') / alloc('allocatableCpuMillis') : 0,
    memoryUtilisation: plan.nodes.length ? used('mem') / alloc('allocatableMemoryMiB') : 0,
    ratioToLowerBound: ratio(lb),
    ratioToPerResourceBound: ratio(perResource),
  };
}

function scenarioBound(lb: LowerBound, lp: ConfigLp | undefined): ScenarioBound {
  const lpBound = lp?.boundUsdPerHour;
  return {
    // Both are valid; the larger is the better one (the LP's is, once column generation has run a few rounds).
    usdPerHour: Math.max(lb.usdPerHour, lpBound ?? 0),
    perResourceUsdPerHour: lb.usdPerHour,
    configLp: lp ? { boundUsdPerHour: lp.boundUsdPerHour, lpUsdPerHour: lp.lpUsdPerHour, iterations: lp.iterations, columns: lp.columns.length } : undefined,
    excludedPods: lb.excludedPods,
  };
}

export function planCapacity(input: CapacityInput): CapacityPlan {
  const a = input.assumptions ?? DEFAULT_ASSUMPTIONS;
  const results: ScenarioResult[] = [];
  for (const spec of scenarioSpecs(input.nodePools, input.pods, a)) {
    if (input.only && !input.only.includes(spec.id)) continue;
    const s: SolveInput = { pods: spec.pods, daemonSets: input.daemonSets, nodePools: spec.nodePools, types: input.types, zones: input.zones, price: spec.price, prefixDelegation: input.prefixDelegation };
    const karpenter = solve(s);
    const keep = input.scaleDownTo ? new Set(input.scaleDownTo.map((p) => p.id)) : undefined;
    const consolidated = consolidate(keep ? keepPods(karpenter, keep) : karpenter, s);
    const lb = lowerBound(s);
    // The LP packs capacity type x zone into 32 bits: beyond 16 zones the per-resource bound stands alone.
    const lp = input.lp && input.zones.length <= 16 ? configLp(input.lp, s) : undefined;
    const bound = scenarioBound(lb, lp);
    const best = bestPlan(s, karpenter, lb, lp && input.lp ? { solver: input.lp, result: lp } : undefined);
    const base = results.find((r) => r.id === 'x86-on-demand');
    const bestFigures = figures(best.plan, s, bound);
    results.push({
      id: spec.id,
      title: spec.title,
      baseline: spec.baseline,
      karpenter,
      consolidated,
      scaledDown: keep !== undefined,
      best,
      lowerBound: lb,
      bound,
      figures: {
        karpenter: figures(karpenter, s, bound),
        consolidated: figures(consolidated.plan, s, keep ? undefined : bound),
        best: bestFigures,
        lowerBoundUsdPerMonth: bound.usdPerHour * HOURS_PER_MONTH,
        perResourceBoundUsdPerMonth: lb.usdPerHour * HOURS_PER_MONTH,
        lpBoundUsdPerMonth: lp ? lp.boundUsdPerHour * HOURS_PER_MONTH : undefined,
      },
      savingVsBaseline: base && base.figures.best.usdPerMonth > 0 ? 1 - bestFigures.usdPerMonth / base.figures.best.usdPerMonth : undefined,
    });
  }
  return { scenarios: results, assumptions: a, pods: input.pods.length, daemonSets: input.daemonSets.length };
}

