/**
 * keelson's own plan for the same constraints, the cheapest of two strategies that place as many pods as Karpenter:
 * - solve() again with every NodePool capped at a node size. Karpenter keeps adding pods to a planned node while any
 *   type still fits them, so one batch can land on a few very large nodes; the cap is a NodePool change a team can
 *   make, so it is reported even when the other strategy wins;
 * - balancedFill(), which mixes CPU- and memory-heavy pods on nodes at the lower bound's prices;
 * - with the configuration LP solved, its solution rounded to nodes and repaired (lp-rounding.ts), which replaces
 *   balancedFill: it mixes pods the way the bound itself does.
 */
import { balancedFill } from './balanced-fill.js';
import { configLp } from './config-lp.js';
import type { ConfigLp, LpSolver } from './config-lp.js';
import { roundConfigLp } from './lp-rounding.js';
import { LABEL } from './instance-labels.js';
import { lowerBound } from './lower-bound.js';
import type { LowerBound } from './lower-bound.js';
import type { Plan } from './model.js';
import { affinityIndex } from './pod-affinity.js';
import { solve } from './solve.js';
import type { SolveInput } from './solve.js';

export const SIZE_CAPS_VCPU = [2, 4, 8, 16, 32, 48, 64, 96] as const;

export interface BestPlan {
  readonly plan: Plan;
  /** How it was found: Karpenter's own plan, Karpenter with a size cap, or keelson's balanced fill. */
  readonly strategy: 'karpenter' | 'size-cap' | 'balanced-fill' | 'lp-rounding';
  /** The cap that produced it; undefined when no cap beats the uncapped plan. */
  readonly maxVcpu: number | undefined;
  /** The NodePool requirement to add for the cap. */
  readonly change: string | undefined;
  /** What Karpenter costs with that cap (the best it reaches by a NodePool change). */
  readonly cappedUsdPerHour: number | undefined;
}

export function withSizeCap(input: SolveInput, maxVcpu: number): SolveInput {
  return {
    ...input,
    nodePools: input.nodePools.map((p) => ({ ...p, requirements: [...p.requirements, { key: LABEL.cpu, operator: 'Lt' as const, values: [String(maxVcpu + 1)] }] })),
  };
}

export function bestPlan(input: SolveInput, karpenter: Plan = solve(input), bound: LowerBound = lowerBound(input), lp?: { readonly solver: LpSolver; readonly result: ConfigLp }): BestPlan {
  let best: BestPlan = { plan: karpenter, strategy: 'karpenter', maxVcpu: undefined, change: undefined, cappedUsdPerHour: undefined };
  // A cap at or above Karpenter's largest node changes nothing.
  const largest = karpenter.nodes.reduce((m, n) => Math.max(m, n.type.vcpu), 0);
  const biggestPod = karpenter.nodes.reduce((m, n) => n.pods.reduce((x, p) => Math.max(x, p.cpuMillis), m), 0);
  for (const cap of SIZE_CAPS_VCPU) {
    if (cap >= largest) break;
    // A cap below the largest pod's CPU request leaves that pod unplaced: never better.
    if (cap * 1000 < biggestPod) continue;
    const plan = solve({ ...input, maxVcpu: cap });
    if (plan.unplaced.length > best.plan.unplaced.length) continue;
    // A cent an hour is noise against list prices with four decimals; prefer the simpler (uncapped, then larger) plan.
    if (plan.costUsdPerHour < best.plan.costUsdPerHour - 0.01 || plan.unplaced.length < best.plan.unplaced.length) {
      best = { plan, strategy: 'size-cap', maxVcpu: cap, change: `add to the NodePool requirements: { key: ${LABEL.cpu}, operator: Lt, values: ["${cap + 1}"] }`, cappedUsdPerHour: plan.costUsdPerHour };
    }
  }
  const capped = best;
  const reasons = new Map(karpenter.unplaced.map((u) => [u.pod.id, u.reason]));
  const index = affinityIndex(input.pods);
  let fill: Plan;
  if (index.active) {
    // Pods no inter-pod term can see never conflict with anything: they take the LP rounding (or the balanced
    // fill); the pods the terms tie together are packed by solve(), which checks every term, on their own nodes.
    const free = input.pods.filter((p) => !index.involved.has(p));
    const tied = input.pods.filter((p) => index.involved.has(p));
    const freeInput = { ...input, pods: free };
    const a = lp ? roundConfigLp(lp.solver, configLp(lp.solver, freeInput), reasons) : balancedFill(freeInput, bound.direction, reasons);
    const b = cheapestSolve({ ...input, pods: tied }, biggestPod);
    const nodes = [...a.nodes, ...b.nodes];
    fill = { nodes, unplaced: [...a.unplaced, ...b.unplaced], costUsdPerHour: nodes.reduce((x, n) => x + n.priceUsdPerHour, 0) };
  } else {
    fill = lp ? roundConfigLp(lp.solver, lp.result, reasons) : balancedFill(input, bound.direction, reasons);
  }
  if (fill.unplaced.length <= best.plan.unplaced.length && fill.costUsdPerHour < best.plan.costUsdPerHour - 0.01) {
    // The NodePool change stays the size cap: it is what gets Karpenter itself closest.
    best = { plan: fill, strategy: lp ? 'lp-rounding' : 'balanced-fill', maxVcpu: capped.maxVcpu, change: capped.change, cappedUsdPerHour: capped.cappedUsdPerHour };
  }
  return best;
}

/** solve() as is and under every size cap that holds the largest pod: the cheapest that places the most pods. */
function cheapestSolve(input: SolveInput, biggestPod: number): Plan {
  let best = solve(input);
  for (const cap of SIZE_CAPS_VCPU) {
    if (cap * 1000 < biggestPod || input.pods.length === 0) continue;
    const plan = solve({ ...input, maxVcpu: cap });
    if (plan.unplaced.length < best.unplaced.length || (plan.unplaced.length === best.unplaced.length && plan.costUsdPerHour < best.costUsdPerHour - 1e-9)) best = plan;
  }
  return best;
}

