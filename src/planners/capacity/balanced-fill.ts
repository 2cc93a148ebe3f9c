/**
 * A second strategy for keelson's best plan: open a node of the offering that is cheapest per unit of work at the
 * lower bound's prices (the direction d of lower-bound.ts), then fill it with the pods whose requests best match
 * what the node has left, so CPU-heavy and memory-heavy pods share nodes instead of each wasting the other resource;
 * finally launch each node as the cheapest offering that still holds its pods. Karpenter's provisioner cannot
 * produce such mixes (it packs pods largest first); consolidation moves a cluster towards them over time.
 */
import type { InstanceType } from '../catalogue/catalogue.js';
import { LABEL } from './instance-labels.js';
import type { CapacityType, Plan, PlannedNode, PodShape, UnplacedPod } from './model.js';
import { allowedValues } from './requirements.js';
import type { Term } from './requirements.js';
import { plannedNode, prepare } from './solve.js';
import type { PoolCtx, SolveInput, TermCache } from './solve.js';
import { toleratesAll } from './taints.js';

interface Group {
  readonly pods: PodShape[];
  readonly cpu: number;
  readonly mem: number;
  readonly terms: readonly Term[];
  readonly tolerations: PodShape['tolerations'];
}

interface Offer {
  readonly ctx: PoolCtx;
  readonly i: number;
  readonly ct: CapacityType;
  readonly price: number;
  readonly cpu: number;
  readonly mem: number;
  readonly pods: number;
}

/** The zones in which a group may run on an offering, or none. */
function zonesFor(g: Group, o: Offer, terms: TermCache): string[] {
  if (toleratesAll(g.tolerations, o.ctx.pool.taints)) return [];
  const out = new Set<string>();
  for (const term of g.terms.length > 0 ? g.terms : [[]]) {
    if (terms.allowed(o.ctx, term)[o.i] !== 1) continue;
    if (!allowedValues(term, LABEL.capacityType, [o.ct]).length) continue;
    for (const z of allowedValues(term, LABEL.zone, o.ctx.zones)) out.add(z);
  }
  return [...out];
}

export function balancedFill(input: SolveInput, d: readonly [number, number, number], unplacedReasons: ReadonlyMap<string, string> = new Map()): Plan {
  const { pools, terms } = prepare(input);
  const offers: Offer[] = [];
  for (const ctx of pools) {
    for (let i = 0; i < input.types.length; i++) {
      const c = ctx.cap[i];
      if (!c) continue;
      for (const ct of ctx.capacityTypes) {
        const price = input.price(input.types[i] as InstanceType, ct);
        if (price !== undefined) offers.push({ ctx, i, ct, price, cpu: c.cpu, mem: c.mem, pods: c.pods });
      }
    }
  }
  const work = (cpu: number, mem: number, pods: number): number => d[0] * cpu + d[1] * mem + d[2] * pods;
  // Cheapest per unit of work first; ties by name so the plan never depends on input order.
  offers.sort((a, b) => a.price / work(a.cpu, a.mem, a.pods) - b.price / work(b.cpu, b.mem, b.pods) || ((input.types[a.i] as InstanceType).name < (input.types[b.i] as InstanceType).name ? -1 : 1) || (a.ct < b.ct ? -1 : 1));

  const bySig = new Map<string, Group>();
  for (const p of [...input.pods].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const sig = `${p.cpuMillis}|${p.memoryMiB}|${JSON.stringify(p.terms)}|${JSON.stringify(p.tolerations)}`;
    const g = bySig.get(sig) ?? { pods: [], cpu: p.cpuMillis, mem: p.memoryMiB, terms: p.terms, tolerations: p.tolerations };
    g.pods.push(p);
    bySig.set(sig, g);
  }
  const groups = [...bySig.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, g]) => g);
  const zoneCache = new Map<string, string[]>();
  const zonesOf = (gi: number, oi: number): string[] => {
    const k = `${gi}:${oi}`;
    let z = zoneCache.get(k);
    if (!z) {
      z = zonesFor(groups[gi] as Group, offers[oi] as Offer, terms);
      zoneCache.set(k, z);
    }
    return z;
  };
  const unplaced: UnplacedPod[] = [];
  // Each group's home: the offering where a node full of its own pods costs least per pod.
  const perPod = (g: Group, o: Offer): number => o.price / Math.max(1e-9, Math.min(o.pods, g.cpu > 0 ? o.cpu / g.cpu : Infinity, g.mem > 0 ? o.mem / g.mem : Infinity));
  const home: number[] = groups.map((g, gi) => {
    let best = -1;
    for (let k = 0; k < offers.length; k++) {
      const o = offers[k] as Offer;
      if (o.cpu < g.cpu || o.mem < g.mem || zonesOf(gi, k).length === 0) continue;
      if (best < 0 || perPod(g, o) < perPod(g, offers[best] as Offer)) best = k;
    }
    if (best < 0) for (const p of g.pods) unplaced.push({ pod: p, reason: unplacedReasons.get(p.id) ?? 'no offering can hold it' });
    return best;
  });
  const firstOffer = home;
  const ratio = (o: Offer): number => o.price / work(o.cpu, o.mem, o.pods);
  const nodes: PlannedNode[] = [];
  const pending = () => groups.some((g, gi) => g.pods.length > 0 && (firstOffer[gi] as number) >= 0);
  while (pending()) {
    // Seed with the largest remaining pod (by work), on its cheapest-per-work offering.
    let seed = -1;
    for (let gi = 0; gi < groups.length; gi++) {
      const g = groups[gi] as Group;
      if (g.pods.length === 0 || (firstOffer[gi] as number) < 0) continue;
      if (seed < 0 || work(g.cpu, g.mem, 1) > work((groups[seed] as Group).cpu, (groups[seed] as Group).mem, 1)) seed = gi;
    }
    const oi = firstOffer[seed] as number;
    const o = offers[oi] as Offer;
    let zones = zonesOf(seed, oi);
    const members: PodShape[] = [];
    const memberGroups = new Set<number>();
    let cpu = 0;
    let mem = 0;
    const take = (gi: number): void => {
      const g = groups[gi] as Group;
      const p = g.pods.pop() as PodShape;
      members.push(p);
      memberGroups.add(gi);
      cpu += g.cpu;
      mem += g.mem;
      zones = zones.filter((z) => zonesOf(gi, oi).includes(z));
    };
    take(seed);
    for (;;) {
      const rc = o.cpu - cpu;
      const rm = o.mem - mem;
      if (members.length >= o.pods) break;
      let pick = -1;
      let score = -Infinity;
      for (let gi = 0; gi < groups.length; gi++) {
        const g = groups[gi] as Group;
        if (g.pods.length === 0 || g.cpu > rc || g.mem > rm) continue;
        const z = zonesOf(gi, oi);
        if (z.length === 0 || !zones.some((x) => z.includes(x))) continue;
        // A pod with a much cheaper home (Spot, a better-shaped family) does not fill this node.
        if (ratio(offers[home[gi] as number] as Offer) < ratio(o) * 0.9) continue;
        // Cosine between the pod and what is left: fill the node evenly; then larger pods first.
        const a = d[0] * g.cpu * d[0] * rc + d[1] * g.mem * d[1] * rm;
        const n1 = Math.hypot(d[0] * g.cpu, d[1] * g.mem) || 1;
        const n2 = Math.hypot(d[0] * rc, d[1] * rm) || 1;
        const s = a / (n1 * n2) + 1e-9 * work(g.cpu, g.mem, 1);
        if (s > score) {
          score = s;
          pick = gi;
        }
      }
      if (pick < 0) break;
      take(pick);
    }
    nodes.push(relaunch(members, [...memberGroups], cpu, mem, o, zones, nodes.length, offers, zonesOf, input));
  }
  return { nodes, unplaced, costUsdPerHour: nodes.reduce((s, n) => s + n.priceUsdPerHour, 0) };
}

/** The cheapest offering of the same NodePool that holds every pod of the node, in a zone they all allow. */
function relaunch(
  members: readonly PodShape[],
  memberGroups: readonly number[],
  cpu: number,
  mem: number,
  seed: Offer,
  zones: readonly string[],
  index: number,
  offers: readonly Offer[],
  zonesOf: (gi: number, oi: number) => string[],
  input: SolveInput,
): PlannedNode {
  let best = { o: seed, zones: [...zones] };
  for (let k = 0; k < offers.length; k++) {
    const o = offers[k] as Offer;
    if (o.ctx !== seed.ctx || o.price >= best.o.price || o.cpu < cpu || o.mem < mem || o.pods < members.length) continue;
    let z = [...o.ctx.zones];
    for (const gi of memberGroups) {
      const allowed = zonesOf(gi, k);
      z = z.filter((x) => allowed.includes(x));
      if (z.length === 0) break;
    }
    if (z.length > 0) best = { o, zones: z };
  }
  return plannedNode(best.o.ctx, best.o.i, {
    type: input.types[best.o.i] as InstanceType,
    capacityType: best.o.ct,
    zone: best.zones[index % best.zones.length] as string,
    priceUsdPerHour: best.o.price,
    pods: members,
    podCpuMillis: cpu,
    podMemoryMiB: mem,
    candidates: 1,
    runnerUp: undefined,
  });
}
