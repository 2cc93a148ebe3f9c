/**
 * solve(): pods packed onto new nodes the way Karpenter's provisioner does it (pkg/controllers/provisioning/
 * scheduling): pods sorted largest first; each pod tries the nodes already planned, in order, then opens a new node
 * from the highest-weight NodePool that can take it; a planned node keeps every instance type that still fits all of
 * its pods (plus the DaemonSets that would run there) and launches the cheapest offering among them.
 *
 * Strategies (scenarios, size caps) change the NodePools, the instance types or the prices and call solve() again.
 */
import type { InstanceType } from '../catalogue/catalogue.js';
import { maxPods as maxPodsOf } from '../ip/max-pods.js';
import { allocatable } from './allocatable.js';
import { instanceLabels, LABEL } from './instance-labels.js';
import { CAPACITY_TYPES } from './model.js';
import type { CapacityType, DaemonSetShape, NodePoolShape, Plan, PlannedNode, PodShape, PriceFn, UnplacedPod } from './model.js';
import { allowedValues, describeRequirement, satisfies } from './requirements.js';
import type { Term } from './requirements.js';
import { affinityIndex, hasInterPodTerms, Placements } from './pod-affinity.js';
import { tolerates, toleratesAll } from './taints.js';

export interface SolveInput {
  readonly pods: readonly PodShape[];
  readonly daemonSets: readonly DaemonSetShape[];
  readonly nodePools: readonly NodePoolShape[];
  readonly types: readonly InstanceType[];
  readonly zones: readonly string[];
  readonly price: PriceFn;
  /** kubelet maxPods as with prefix delegation (110 / 250), instead of the ENI limit. */
  readonly prefixDelegation?: boolean;
  /**
   * Only types with at most this many vCPUs: the same plan as every NodePool with `instance-cpu Lt max+1` (see
   * withSizeCap), without preparing the NodePools again.
   */
  readonly maxVcpu?: number;
}

export interface PoolCtx {
  readonly pool: NodePoolShape;
  /** Per type index: capacity left for pods after DaemonSets; undefined = the pool cannot use the type. */
  readonly cap: readonly ({ cpu: number; mem: number; pods: number; dsCpu: number; dsMem: number; allocCpu: number; allocMem: number } | undefined)[];
  readonly labels: readonly Record<string, string>[];
  readonly zones: readonly string[];
  readonly capacityTypes: readonly CapacityType[];
}

interface OpenNode {
  readonly ctx: PoolCtx;
  candidates: number[];
  zones: string[];
  capacityTypes: CapacityType[];
  pods: PodShape[];
  cpu: number;
  mem: number;
  maxCpu: number;
  maxMem: number;
  maxPods: number;
  /** The smallest candidate's capacity: while the node stays within it, a commit removes no candidate. */
  minCpu: number;
  minMem: number;
  minPods: number;
  /** Terms the candidates were already narrowed by. */
  readonly applied: Set<Term>;
}

const partKeys = new WeakMap<object, string>();
const podKeys = new WeakMap<PodShape, string>();
function part(o: object): string {
  let k = partKeys.get(o);
  if (k === undefined) {
    k = JSON.stringify(o);
    partKeys.set(o, k);
  }
  return k;
}
/** Pods with equal requests, terms and tolerations behave alike; the key is computed once per pod object. */
function shapeKey(pod: PodShape): string {
  let k = podKeys.get(pod);
  if (k === undefined) {
    k = `${pod.cpuMillis}|${pod.memoryMiB}|${part(pod.terms)}|${part(pod.tolerations)}`;
    // Labels and inter-pod terms make otherwise equal pods behave differently next to other pods.
    if (pod.labels || hasInterPodTerms(pod)) k += `|${pod.namespace ?? ''}|${part(pod.labels ?? {})}|${part(pod.podAntiAffinity ?? [])}|${part(pod.podAffinity ?? [])}`;
    podKeys.set(pod, k);
  }
  return k;
}

const isLaunchKey = (k: string): boolean => k === LABEL.zone || k === LABEL.capacityType;

/** Canonical order: largest CPU, then memory, then id. The plan never depends on the order of the input. */
const sortedPods = new WeakMap<readonly PodShape[], PodShape[]>();
export function sortPods(pods: readonly PodShape[]): PodShape[] {
  // The strategies solve the same pods many times: sort each array once.
  const hit = sortedPods.get(pods);
  if (hit) return [...hit];
  const sorted = sortPodsUncached(pods);
  sortedPods.set(pods, sorted);
  return [...sorted];
}

function sortPodsUncached(pods: readonly PodShape[]): PodShape[] {
  return [...pods].sort((a, b) => b.cpuMillis - a.cpuMillis || b.memoryMiB - a.memoryMiB || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function poolContext(pool: NodePoolShape, input: SolveInput, typeLabels: readonly Record<string, string>[]): PoolCtx {
  const staticReqs = pool.requirements.filter((r) => !isLaunchKey(r.key));
  const dsForPool = input.daemonSets.filter((d) => !toleratesAll(d.tolerations, pool.taints));
  const labels = typeLabels.map((l) => ({ ...l, ...pool.labels, [LABEL.nodePool]: pool.name }));
  const cap = input.types.map((t, i) => {
    const l = labels[i] as Record<string, string>;
    if (!staticReqs.every((r) => satisfies(r, l))) return undefined;
    const maxPods = input.prefixDelegation ? (maxPodsOf(t).prefixDelegationRecommended ?? maxPodsOf(t).secondaryIp) : maxPodsOf(t).secondaryIp;
    const a = allocatable(t, { maxPods });
    let dsCpu = 0;
    let dsMem = 0;
    let dsPods = 0;
    for (const d of dsForPool) {
      if (d.terms.length > 0 && !d.terms.some((term) => term.filter((r) => !isLaunchKey(r.key)).every((r) => satisfies(r, l)))) continue;
      dsCpu += d.cpuMillis;
      dsMem += d.memoryMiB;
      dsPods += 1;
    }
    const c = { cpu: a.cpuMillis - dsCpu, mem: a.memoryMiB - dsMem, pods: a.pods - dsPods, dsCpu, dsMem, allocCpu: a.cpuMillis, allocMem: a.memoryMiB };
    return c.cpu > 0 && c.mem > 0 && c.pods > 0 ? c : undefined;
  });
  // A NodePool that says nothing about capacity type launches on-demand only (Karpenter's NodeClaim template default).
  const saysCapacity = pool.requirements.some((r) => r.key === LABEL.capacityType);
  const capacityTypes = saysCapacity ? (allowedValues(pool.requirements, LABEL.capacityType, CAPACITY_TYPES) as CapacityType[]) : (['on-demand'] as CapacityType[]);
  return { pool, cap, labels, zones: allowedValues(pool.requirements, LABEL.zone, input.zones), capacityTypes };
}

/** What a pod term allows on a pool, by type index (cached: pods of one workload share their terms). */
export class TermCache {
  // Terms equal in content share one entry (scenarios rebuild term arrays per pod); each term object is
  // serialised once, so the hot path only does WeakMap and Map lookups.
  private readonly keys = new WeakMap<Term, string>();
  private readonly cache = new Map<string, Map<PoolCtx, Uint8Array>>();
  constructor(private readonly typeCount: number) {}
  allowed(ctx: PoolCtx, term: Term): Uint8Array {
    let key = this.keys.get(term);
    if (key === undefined) {
      key = JSON.stringify(term);
      this.keys.set(term, key);
    }
    let byPool = this.cache.get(key);
    if (!byPool) {
      byPool = new Map();
      this.cache.set(key, byPool);
    }
    let v = byPool.get(ctx);
    if (!v) {
      v = new Uint8Array(this.typeCount);
      const reqs = term.filter((r) => !isLaunchKey(r.key));
      for (let i = 0; i < this.typeCount; i++) if (ctx.cap[i] && reqs.every((r) => satisfies(r, ctx.labels[i] as Record<string, string>))) v[i] = 1;
      byPool.set(ctx, v);
    }
    return v;
  }
}

interface Fit {
  readonly term: Term;
  readonly zones: string[];
  readonly capacityTypes: CapacityType[];
}

const EMPTY_TERM: Term = [];
const launchReqs = new WeakMap<Term, { zone: Term; capacity: Term }>();
function launchRequirements(term: Term): { zone: Term; capacity: Term } {
  let v = launchReqs.get(term);
  if (!v) {
    v = { zone: term.filter((r) => r.key === LABEL.zone), capacity: term.filter((r) => r.key === LABEL.capacityType) };
    launchReqs.set(term, v);
  }
  return v;
}

/**
 * Whether the pod fits the node, and under which of its terms. Only checks: the hot loop stops at the first
 * type that fits, and the caller narrows the node's candidates in place when it commits the pod.
 */
function fitOn(node: Pick<OpenNode, 'ctx' | 'candidates' | 'zones' | 'capacityTypes' | 'cpu' | 'mem' | 'pods'>, pod: PodShape, terms: TermCache): Fit | undefined {
  const cpu = node.cpu + pod.cpuMillis;
  const mem = node.mem + pod.memoryMiB;
  const count = node.pods.length + 1;
  for (const term of pod.terms.length > 0 ? pod.terms : [EMPTY_TERM]) {
    const lr = launchRequirements(term);
    const zones = lr.zone.length === 0 ? node.zones : node.zones.filter((z) => lr.zone.every((r) => satisfies(r, { [LABEL.zone]: z })));
    if (zones.length === 0) continue;
    const capacityTypes = lr.capacity.length === 0 ? node.capacityTypes : node.capacityTypes.filter((c) => lr.capacity.every((r) => satisfies(r, { [LABEL.capacityType]: c })));
    if (capacityTypes.length === 0) continue;
    const ok = term.length === 0 ? undefined : terms.allowed(node.ctx, term);
    const cap = node.ctx.cap;
    for (const i of node.candidates) {
      const c = cap[i];
      if (c !== undefined && c.cpu >= cpu && c.mem >= mem && c.pods >= count && (ok === undefined || ok[i] === 1)) return { term, zones, capacityTypes };
    }
  }
  return undefined;
}

/** Commits a pod: keeps, in place, the candidates that still hold every pod of the node. */
function commit(node: OpenNode, pod: PodShape, fit: Fit, terms: TermCache): void {
  node.cpu += pod.cpuMillis;
  node.mem += pod.memoryMiB;
  node.pods.push(pod);
  node.zones = fit.zones;
  node.capacityTypes = fit.capacityTypes;
  const count = node.pods.length;
  const termDone = fit.term.length === 0 || node.applied.has(fit.term);
  if (termDone && node.cpu <= node.minCpu && node.mem <= node.minMem && count <= node.minPods) return;
  if (!termDone) node.applied.add(fit.term);
  const ok = fit.term.length === 0 ? undefined : terms.allowed(node.ctx, fit.term);
  const cap = node.ctx.cap;
  let w = 0;
  for (const i of node.candidates) {
    const c = cap[i];
    if (c !== undefined && c.cpu >= node.cpu && c.mem >= node.mem && c.pods >= count && (ok === undefined || ok[i] === 1)) node.candidates[w++] = i;
  }
  node.candidates.length = w;
  maxima(node);
}

function maxima(node: OpenNode): void {
  node.maxCpu = 0;
  node.maxMem = 0;
  node.maxPods = 0;
  node.minCpu = Number.POSITIVE_INFINITY;
  node.minMem = Number.POSITIVE_INFINITY;
  node.minPods = Number.POSITIVE_INFINITY;
  for (const i of node.candidates) {
    const c = node.ctx.cap[i];
    if (!c) continue;
    if (c.cpu > node.maxCpu) node.maxCpu = c.cpu;
    if (c.mem > node.maxMem) node.maxMem = c.mem;
    if (c.pods > node.maxPods) node.maxPods = c.pods;
    if (c.cpu < node.minCpu) node.minCpu = c.cpu;
    if (c.mem < node.minMem) node.minMem = c.mem;
    if (c.pods < node.minPods) node.minPods = c.pods;
  }
}

function whyNot(pod: PodShape, pools: readonly PoolCtx[], terms: TermCache, types: readonly InstanceType[], limited: ReadonlySet<string>): string {
  if (pools.length === 0) return 'no NodePool';
  return pools
    .map((ctx) => {
      const taint = toleratesAll(pod.tolerations, ctx.pool.taints);
      if (taint) return `NodePool ${ctx.pool.name}: taint ${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect} not tolerated`;
      if (limited.has(ctx.pool.name)) return `NodePool ${ctx.pool.name}: its limits are used up`;
      const reasons: string[] = [];
      for (const term of pod.terms.length > 0 ? pod.terms : [[]]) {
        const ok = terms.allowed(ctx, term);
        const idx = [...ok.keys()].filter((i) => ok[i] === 1);
        const zones = allowedValues(term, LABEL.zone, ctx.zones);
        const caps = allowedValues(term, LABEL.capacityType, ctx.capacityTypes);
        if (zones.length === 0) reasons.push(`zone ${term.filter((r) => r.key === LABEL.zone).map(describeRequirement).join(', ')} outside the pool's zones [${ctx.zones.join(',')}]`);
        else if (caps.length === 0) reasons.push(`capacity type ${term.filter((r) => r.key === LABEL.capacityType).map(describeRequirement).join(', ')} not offered by the pool [${ctx.capacityTypes.join(',')}]`);
        else if (idx.length === 0) reasons.push(`no instance type satisfies both the pool's requirements and ${term.length > 0 ? term.map(describeRequirement).join(', ') : 'the pod'}`);
        else {
          const big = idx.reduce((m, i) => Math.max(m, ctx.cap[i]?.cpu ?? 0), 0);
          const bigMem = idx.reduce((m, i) => Math.max(m, ctx.cap[i]?.mem ?? 0), 0);
          reasons.push(`requests ${pod.cpuMillis}m CPU / ${Math.round(pod.memoryMiB)}Mi; the largest allowed type leaves ${big}m / ${Math.round(bigMem)}Mi after DaemonSets (${types.length} types considered)`);
        }
      }
      return `NodePool ${ctx.pool.name}: ${reasons.join(' or ')}`;
    })
    .join('; ');
}

export interface Prepared {
  readonly pools: readonly PoolCtx[];
  readonly terms: TermCache;
}

/** NodePools in Karpenter's order with per-type capacity after DaemonSets; shared by solve() and the lower bound. */
export function prepare(input: SolveInput): Prepared {
  const typeLabels = input.types.map(instanceLabels);
  const pools = [...input.nodePools].sort((a, b) => b.weight - a.weight || (a.name < b.name ? -1 : 1)).map((p) => poolContext(p, input, typeLabels));
  return { pools, terms: new TermCache(input.types.length) };
}

interface Memo {
  readonly input: SolveInput;
  readonly prepared: Prepared;
  readonly prices: PriceTable;
}
const memo = new WeakMap<readonly NodePoolShape[], Memo[]>();

/**
 * prepare() and the price table for everything in the input but its pods: consolidation and the strategies call
 * solve() many times with other pods on the same pools, types and prices.
 */
function prepared(input: SolveInput): Memo {
  const list = memo.get(input.nodePools) ?? [];
  const hit = list.find((m) => m.input.types === input.types && m.input.daemonSets === input.daemonSets && m.input.price === input.price && m.input.zones === input.zones && m.input.prefixDelegation === input.prefixDelegation);
  if (hit) return hit;
  const m = { input, prepared: prepare(input), prices: priceTable(input) };
  list.push(m);
  memo.set(input.nodePools, list);
  return m;
}

export function solve(input: SolveInput): Plan {
  const m = prepared(input);
  const { pools, terms } = m.prepared;
  const open: OpenNode[] = [];
  const unplaced: UnplacedPod[] = [];
  const usedCpu = new Map<string, number>();
  const usedMem = new Map<string, number>();
  const limited = new Set<string>();
  const prices = m.prices;
  const priced = (i: number, caps: readonly CapacityType[]): boolean => caps.some((c) => !Number.isNaN(prices[c][i] as number));
  // The types each pool can launch at all: usable after DaemonSets and priced in one of its capacity types.
  const capped = (i: number): boolean => input.maxVcpu === undefined || (input.types[i] as InstanceType).vcpu <= input.maxVcpu;
  const usable = new Map(pools.map((ctx) => [ctx, input.types.flatMap((_, i) => (ctx.cap[i] && priced(i, ctx.capacityTypes) && capped(i) ? [i] : []))]));

  // Planned nodes only fill up and narrow, so a node that refused a pod refuses every later pod of the same shape
  // and constraints: each shape resumes its scan where the last one of its kind stopped.
  const resumeAt = new Map<string, number>();
  const reasons = new Map<string, string>();
  const index = affinityIndex(input.pods);
  const placements = new Placements(index);
  let interPodReason: string | undefined;
  // Inter-pod constraints on top of fitOn(): the zones the pod leaves the node, pinned when a zone term can see it.
  const admitted = (node: OpenNode, pod: PodShape, fit: Fit): Fit | undefined => {
    if (!index.active || !index.involved.has(pod)) return fit;
    const a = placements.admit(pod, node.pods, fit.zones);
    if ('reason' in a) {
      interPodReason = a.reason;
      return undefined;
    }
    return { ...fit, zones: index.zoneRelevant.has(pod) ? [placements.pick(a.zones)] : [...a.zones] };
  };
  const sorted = sortPods(input.pods);
  // Pods with pod affinity go last, so the pods they follow are already placed (Karpenter schedules them in a
  // later pass for the same reason).
  const order = index.active ? [...sorted.filter((p) => !(p.podAffinity?.length ?? 0)), ...sorted.filter((p) => (p.podAffinity?.length ?? 0) > 0)] : sorted;
  for (const pod of order) {
    let placed = false;
    const shape = shapeKey(pod);
    // A node that lacks the pod a podAffinity term follows may get it later: such pods always scan every node.
    const monotone = (pod.podAffinity?.length ?? 0) === 0;
    for (let k = monotone ? (resumeAt.get(shape) ?? 0) : 0; k < open.length; k++) {
      const node = open[k] as OpenNode;
      if (monotone) resumeAt.set(shape, k);
      if (node.cpu + pod.cpuMillis > node.maxCpu || node.mem + pod.memoryMiB > node.maxMem || node.pods.length + 1 > node.maxPods) continue;
      if (toleratesAll(pod.tolerations, node.ctx.pool.taints)) continue;
      const fit0 = fitOn(node, pod, terms);
      const fit = fit0 && admitted(node, pod, fit0);
      if (!fit) continue;
      commit(node, pod, fit, terms);
      placements.add(pod, fit.zones.length === 1 ? fit.zones[0] : undefined);
      placed = true;
      break;
    }
    if (placed) continue;
    // The reason that counts is why no new node could take it.
    interPodReason = undefined;
    for (const ctx of pools) {
      if (toleratesAll(pod.tolerations, ctx.pool.taints) || !ctx.pool.taints.every((t) => tolerates(pod.tolerations, t))) continue;
      // NodePool limits: in-flight nodes count with their largest remaining type, as Karpenter counts them.
      const leftCpu = ctx.pool.limitCpuMillis === undefined ? Number.POSITIVE_INFINITY : ctx.pool.limitCpuMillis - (usedCpu.get(ctx.pool.name) ?? 0);
      const leftMem = ctx.pool.limitMemoryMiB === undefined ? Number.POSITIVE_INFINITY : ctx.pool.limitMemoryMiB - (usedMem.get(ctx.pool.name) ?? 0);
      let all = usable.get(ctx) as number[];
      if (Number.isFinite(leftCpu) || Number.isFinite(leftMem)) all = all.filter((i) => (input.types[i] as InstanceType).vcpu * 1000 <= leftCpu && (input.types[i] as InstanceType).memoryMiB <= leftMem);
      if (all.length === 0) {
        if (ctx.pool.limitCpuMillis !== undefined || ctx.pool.limitMemoryMiB !== undefined) limited.add(ctx.pool.name);
        continue;
      }
      const fresh: OpenNode = { ctx, candidates: [...all], zones: [...ctx.zones], capacityTypes: [...ctx.capacityTypes], pods: [], cpu: 0, mem: 0, maxCpu: 0, maxMem: 0, maxPods: 0, minCpu: 0, minMem: 0, minPods: 0, applied: new Set() };
      const fit0 = fitOn(fresh, pod, terms);
      const fit = fit0 && admitted(fresh, pod, fit0);
      if (!fit) continue;
      commit(fresh, pod, fit, terms);
      placements.add(pod, fit.zones.length === 1 ? fit.zones[0] : undefined);
      open.push(fresh);
      resumeAt.set(shape, open.length - 1);
      if (ctx.pool.limitCpuMillis !== undefined || ctx.pool.limitMemoryMiB !== undefined) {
        let c = 0;
        let m = 0;
        for (const i of fresh.candidates) {
          c = Math.max(c, (input.types[i] as InstanceType).vcpu * 1000);
          m = Math.max(m, (input.types[i] as InstanceType).memoryMiB);
        }
        usedCpu.set(ctx.pool.name, (usedCpu.get(ctx.pool.name) ?? 0) + c);
        usedMem.set(ctx.pool.name, (usedMem.get(ctx.pool.name) ?? 0) + m);
      }
      placed = true;
      break;
    }
    if (!placed) {
      // Pods of one shape fail for one reason; working it out scans every type, so once per shape and limit state.
      const key = `${shape}|${[...limited].join(',')}`;
      let reason = interPodReason === undefined ? reasons.get(key) : `required ${interPodReason}`;
      if (reason === undefined) {
        reason = whyNot(pod, pools, terms, input.types, limited);
        reasons.set(key, reason);
      }
      unplaced.push({ pod, reason });
    }
  }

  const nodes = open.map((n, index) => launch(n, index, input, prices));
  return { nodes, unplaced, costUsdPerHour: nodes.reduce((s, n) => s + n.priceUsdPerHour, 0) };
}

/** Prices per capacity type and type index, NaN where not offered: launch() reads them millions of times. */
export type PriceTable = Readonly<Record<CapacityType, Float64Array>>;

export function priceTable(input: SolveInput): PriceTable {
  const table = (c: CapacityType) => Float64Array.from(input.types, (t) => input.price(t, c) ?? Number.NaN);
  return { 'on-demand': table('on-demand'), spot: table('spot') };
}

/** What a planned node launches as and holds; the rest of a PlannedNode follows from its NodePool and type. */
export type Launch = Omit<PlannedNode, 'nodePool' | 'daemonSetCpuMillis' | 'daemonSetMemoryMiB' | 'allocatableCpuMillis' | 'allocatableMemoryMiB' | 'podSlots'>;

/**
 * The planned node of `ctx`'s NodePool on type `typeIndex`: allocatable, DaemonSet overhead and pod slots come from
 * the pool's capacity table, so every strategy (solve, the LP rounding, the balanced fill) reports a node alike.
 */
export function plannedNode(ctx: PoolCtx, typeIndex: number, l: Launch): PlannedNode {
  const cap = ctx.cap[typeIndex];
  if (!cap) throw new Error(`NodePool ${ctx.pool.name} cannot use ${l.type.name}; a planned node's type comes from its pool`);
  return {
    nodePool: ctx.pool.name,
    type: l.type,
    capacityType: l.capacityType,
    zone: l.zone,
    priceUsdPerHour: l.priceUsdPerHour,
    pods: l.pods,
    podCpuMillis: l.podCpuMillis,
    podMemoryMiB: l.podMemoryMiB,
    daemonSetCpuMillis: cap.dsCpu,
    daemonSetMemoryMiB: cap.dsMem,
    allocatableCpuMillis: cap.allocCpu,
    allocatableMemoryMiB: cap.allocMem,
    podSlots: cap.pods,
    candidates: l.candidates,
    runnerUp: l.runnerUp,
  };
}

/** The cheapest offering among the node's remaining types and capacity types; ties by type name. */
function launch(n: OpenNode, index: number, input: SolveInput, prices: PriceTable): PlannedNode {
  // A linear scan, not a sort: this runs once per planned node over up to every instance type.
  const better = (a: { i: number; c: CapacityType; p: number }, b: { i: number; c: CapacityType; p: number } | undefined): boolean => {
    if (!b) return true;
    if (a.p !== b.p) return a.p < b.p;
    const an = (input.types[a.i] as InstanceType).name;
    const bn = (input.types[b.i] as InstanceType).name;
    return an !== bn ? an < bn : a.c < b.c;
  };
  let best: { i: number; c: CapacityType; p: number } | undefined;
  const cheapestPerType: { i: number; c: CapacityType; p: number }[] = [];
  for (const i of n.candidates) {
    let own: { i: number; c: CapacityType; p: number } | undefined;
    for (const c of n.capacityTypes) {
      const p = prices[c][i] as number;
      if (Number.isNaN(p)) continue;
      const o = { i, c, p };
      if (better(o, own)) own = o;
    }
    if (!own) continue;
    cheapestPerType.push(own);
    if (better(own, best)) best = own;
  }
  if (!best) throw new Error('a planned node has no priced offering left; solve() only keeps priced types');
  let runner: { i: number; c: CapacityType; p: number } | undefined;
  for (const o of cheapestPerType) if (o.i !== best.i && better(o, runner)) runner = o;
  return plannedNode(n.ctx, best.i, {
    type: input.types[best.i] as InstanceType,
    capacityType: best.c,
    // Unconstrained nodes spread over the allowed zones in turn, as Karpenter balances them.
    zone: n.zones[index % n.zones.length] as string,
    priceUsdPerHour: best.p,
    pods: n.pods,
    podCpuMillis: n.cpu,
    podMemoryMiB: n.mem,
    candidates: n.candidates.length,
    runnerUp: runner ? { type: (input.types[runner.i] as InstanceType).name, priceUsdPerHour: runner.p } : undefined,
  });
}
