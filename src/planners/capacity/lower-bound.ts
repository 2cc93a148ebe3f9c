/**
 * A provable lower bound on the cost of any plan for the same pods, NodePools, types and prices (the per-resource
 * bound). A node of type t costs p(t) and holds pods whose CPU sums to at most cap_cpu(t) (allocatable less
 * DaemonSets), so p(t) >= sum of cpu(pod) * p(t) / cap_cpu(t) over its pods >= sum of cpu(pod) * r_cpu(pod), where
 * r_cpu(pod) is the cheapest price per millicore over every offering the pod may use. The same holds for memory and
 * for pod slots; the bound is the largest of the three sums.
 */
import type { InstanceType } from '../catalogue/catalogue.js';
import { LABEL } from './instance-labels.js';
import type { CapacityType, PodShape } from './model.js';
import { allowedValues } from './requirements.js';
import { prepare } from './solve.js';
import type { SolveInput } from './solve.js';
import { toleratesAll } from './taints.js';

export interface LowerBound {
  readonly usdPerHour: number;
  readonly byResource: { readonly cpu: number; readonly memory: number; readonly pods: number };
  /** Which resource gives the bound. */
  readonly binding: 'cpu' | 'memory' | 'pods';
}

export function lowerBound(input: SolveInput, pods: readonly PodShape[] = input.pods): LowerBound {
  const { pools, terms } = prepare(input);
  const cache = new Map<string, { cpu: number; mem: number; slot: number } | undefined>();
  let cpu = 0;
  let memory = 0;
  let slots = 0;
  for (const pod of pods) {
    const sig = `${pod.cpuMillis}|${pod.memoryMiB}|${JSON.stringify(pod.terms)}|${JSON.stringify(pod.tolerations)}`;
    let r = cache.get(sig);
    if (!cache.has(sig)) {
      let best: { cpu: number; mem: number; slot: number } | undefined;
      for (const ctx of pools) {
        if (toleratesAll(pod.tolerations, ctx.pool.taints)) continue;
        for (const term of pod.terms.length > 0 ? pod.terms : [[]]) {
          if (allowedValues(term, LABEL.zone, ctx.zones).length === 0) continue;
          const caps = allowedValues(term, LABEL.capacityType, ctx.capacityTypes) as CapacityType[];
          const ok = terms.allowed(ctx, term);
          for (let i = 0; i < input.types.length; i++) {
            const c = ctx.cap[i];
            if (ok[i] !== 1 || !c || c.cpu < pod.cpuMillis || c.mem < pod.memoryMiB || c.pods < 1) continue;
            for (const ct of caps) {
              const p = input.price(input.types[i] as InstanceType, ct);
              if (p === undefined) continue;
              best ??= { cpu: Infinity, mem: Infinity, slot: Infinity };
              best.cpu = Math.min(best.cpu, p / c.cpu);
              best.mem = Math.min(best.mem, p / c.mem);
              best.slot = Math.min(best.slot, p / c.pods);
            }
          }
        }
      }
      r = best;
      cache.set(sig, r);
    }
    // A pod no offering can hold costs nothing in any plan: it is unplaced everywhere.
    if (!r) continue;
    cpu += pod.cpuMillis * r.cpu;
    memory += pod.memoryMiB * r.mem;
    slots += r.slot;
  }
  const byResource = { cpu, memory, pods: slots };
  const binding = cpu >= memory && cpu >= slots ? 'cpu' : memory >= slots ? 'memory' : 'pods';
  return { usdPerHour: Math.max(cpu, memory, slots), byResource, binding };
}
