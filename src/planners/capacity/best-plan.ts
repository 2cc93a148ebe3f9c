/**
 * keelson's own plan for the same constraints: solve() again with every NodePool capped at a node size, keeping the
 * cheapest result that places as many pods as Karpenter's. Karpenter keeps adding pods to a planned node while any
 * type still fits them, so one batch can land on a few very large nodes; a size cap is the NodePool change a team
 * can make to get the cheaper plan.
 */
import { LABEL } from './instance-labels.js';
import type { Plan } from './model.js';
import { solve } from './solve.js';
import type { SolveInput } from './solve.js';

export const SIZE_CAPS_VCPU = [2, 4, 8, 16, 32, 48, 64, 96, 128, 192] as const;

export interface BestPlan {
  readonly plan: Plan;
  /** The cap that produced it; undefined when no cap beats the uncapped plan. */
  readonly maxVcpu: number | undefined;
  /** The NodePool requirement to add for the cap. */
  readonly change: string | undefined;
}

export function withSizeCap(input: SolveInput, maxVcpu: number): SolveInput {
  return {
    ...input,
    nodePools: input.nodePools.map((p) => ({ ...p, requirements: [...p.requirements, { key: LABEL.cpu, operator: 'Lt' as const, values: [String(maxVcpu + 1)] }] })),
  };
}

export function bestPlan(input: SolveInput, karpenter: Plan = solve(input)): BestPlan {
  let best: BestPlan = { plan: karpenter, maxVcpu: undefined, change: undefined };
  for (const cap of SIZE_CAPS_VCPU) {
    const plan = solve(withSizeCap(input, cap));
    if (plan.unplaced.length > best.plan.unplaced.length) continue;
    // A cent an hour is noise against list prices with four decimals; prefer the simpler (uncapped, then larger) plan.
    if (plan.costUsdPerHour < best.plan.costUsdPerHour - 0.01 || plan.unplaced.length < best.plan.unplaced.length) {
      best = { plan, maxVcpu: cap, change: `add to the NodePool requirements: { key: ${LABEL.cpu}, operator: Lt, values: ["${cap + 1}"] }` };
    }
  }
  return best;
}
