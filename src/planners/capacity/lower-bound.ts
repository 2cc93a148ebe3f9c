/**
 * A provable lower bound on the cost of any plan for the same pods, NodePools, types and prices.
 *
 * For any weights d = (d_cpu, d_mem, d_pods) >= 0, a node of offering o (a type and capacity type in a NodePool)
 * costs p(o) and holds pods whose requests sum to at most cap(o) (allocatable less DaemonSets), so
 *   p(o) >= sum over its pods of (d . req(pod)) * p(o) / (d . cap(o)) >= sum of (d . req(pod)) * r(pod, d),
 * where r(pod, d) is the cheapest p/(d . cap) over every offering the pod may use. Summing over nodes, every plan
 * costs at least B(d) = sum over pods of (d . req(pod)) * r(pod, d). d = (1, 0, 0) is the per-resource CPU bound;
 * searching d over the simplex gives the best such bound (the dual of the aggregate configuration LP restricted to
 * one-pod-type columns), which charges CPU-heavy and memory-heavy pods what a mixed fleet would cost them.
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
  /** The per-resource bounds (d on one axis each). */
  readonly byResource: { readonly cpu: number; readonly memory: number; readonly pods: number };
  /** The weights of the best bound, normalised to sum 1 on capacity-scaled axes. */
  readonly weights: { readonly cpu: number; readonly memory: number; readonly pods: number };
  readonly binding: 'cpu' | 'memory' | 'pods' | 'mixed';
  /** d itself, in $-per-unit terms: what a millicore, a MiB and a pod slot are worth at the bound. */
  readonly direction: readonly [number, number, number];
  /** Pods no offering can hold (left out of the bound: every plan leaves them unplaced). */
  readonly excludedPods: number;
}

interface Group {
  readonly count: number;
  readonly req: readonly [number, number, number];
  /** Flat [cpu, mem, pods, price] per eligible offering. */
  readonly offers: Float64Array;
}

function groups(input: SolveInput, pods: readonly PodShape[]): { gs: Group[]; excluded: number } {
  const { pools, terms } = prepare(input);
  const bySig = new Map<string, { count: number; pod: PodShape }>();
  for (const pod of pods) {
    const sig = `${pod.cpuMillis}|${pod.memoryMiB}|${JSON.stringify(pod.terms)}|${JSON.stringify(pod.tolerations)}`;
    const g = bySig.get(sig);
    if (g) g.count += 1;
    else bySig.set(sig, { count: 1, pod });
  }
  const out: Group[] = [];
  let excluded = 0;
  for (const { count, pod } of bySig.values()) {
    const offers: number[] = [];
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
            if (p !== undefined) offers.push(c.cpu, c.mem, c.pods, p);
          }
        }
      }
    }
    // A pod no offering can hold costs nothing in any plan: it is unplaced everywhere.
    if (offers.length > 0) out.push({ count, req: [pod.cpuMillis, pod.memoryMiB, 1], offers: Float64Array.from(offers) });
    else excluded += count;
  }
  return { gs: out, excluded };
}

function boundAt(gs: readonly Group[], d: readonly [number, number, number]): number {
  let total = 0;
  for (const g of gs) {
    const w = d[0] * g.req[0] + d[1] * g.req[1] + d[2] * g.req[2];
    if (w === 0) continue;
    let r = Number.POSITIVE_INFINITY;
    const o = g.offers;
    for (let k = 0; k < o.length; k += 4) {
      const denom = d[0] * (o[k] as number) + d[1] * (o[k + 1] as number) + d[2] * (o[k + 2] as number);
      const v = (o[k + 3] as number) / denom;
      if (v < r) r = v;
    }
    total += g.count * w * r;
  }
  return total;
}

export function lowerBound(input: SolveInput, pods: readonly PodShape[] = input.pods): LowerBound {
  const { gs, excluded } = groups(input, pods);
  // Scale the axes to typical capacities so a grid on the simplex is meaningful across millicores, MiB and pods.
  let sc = [1, 1, 1];
  const first = gs[0]?.offers;
  if (first && first.length >= 4) sc = [1 / Math.max(1, first[0] as number), 1 / Math.max(1, first[1] as number), 1 / Math.max(1, first[2] as number)];
  const at = (a: number, b: number): [number, number, number] => [a * (sc[0] as number), b * (sc[1] as number), Math.max(0, 1 - a - b) * (sc[2] as number)];
  const cpu = boundAt(gs, [1, 0, 0]);
  const memory = boundAt(gs, [0, 1, 0]);
  const slots = boundAt(gs, [0, 0, 1]);
  let best = { v: Math.max(cpu, memory, slots), a: cpu >= memory && cpu >= slots ? 1 : 0, b: memory > cpu && memory >= slots ? 1 : 0 };
  // A coarse grid over the simplex, then two rounds of local refinement around the best point.
  let step = 0.05;
  const visit = (a: number, b: number): void => {
    if (a < 0 || b < 0 || a + b > 1 + 1e-12) return;
    const v = boundAt(gs, at(a, b));
    if (v > best.v) best = { v, a, b };
  };
  for (let a = 0; a <= 1 + 1e-9; a += step) for (let b = 0; a + b <= 1 + 1e-9; b += step) visit(a, b);
  for (let round = 0; round < 3; round++) {
    const { a: a0, b: b0 } = best;
    step /= 5;
    for (let i = -5; i <= 5; i++) for (let j = -5; j <= 5; j++) visit(a0 + i * step, b0 + j * step);
  }
  const c = 1 - best.a - best.b;
  const binding = best.a > 0.999 ? 'cpu' : best.b > 0.999 ? 'memory' : c > 0.999 ? 'pods' : 'mixed';
  return { usdPerHour: best.v, byResource: { cpu, memory, pods: slots }, weights: { cpu: best.a, memory: best.b, pods: c }, binding, direction: at(best.a, best.b), excludedPods: excluded };
}
