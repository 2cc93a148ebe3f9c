/**
 * The configuration LP and its provable lower bound, by column generation with the HiGHS WASM solver.
 *
 * A configuration is one node: an offering class (NodePool, instance type, capacity type and the zones where the
 * same pod groups may run) and how many pods of each group it holds. The master LP
 *   minimise  sum_c price(c) x_c   subject to   sum_c n_gc x_c >= count_g   for every pod group g,   x >= 0
 * is a relaxation of every plan (a plan's nodes are configurations with integer x), so its optimum is a lower
 * bound. The optimum of a restricted master (only the columns generated so far) is not: it is only an upper bound
 * on the LP optimum. What is a bound at every iteration is Farley's: with the master's duals y,
 *   lambda = max over every configuration c of (y . n_c) / price(c),
 * y / lambda is dual feasible, so (restricted master value) / lambda <= LP optimum <= any plan's cost. lambda needs
 * an upper bound on each class's knapsack max y . n (a relaxation, never the heuristic that generates columns):
 * the fractional knapsack of a surrogate constraint (any non-negative mix of the CPU, memory and pod-slot rows).
 *
 * Pods are grouped by requests, terms and tolerations; a group can only use the classes it is feasible on (arm64,
 * on-demand or zone pins, taints). Pods no offering can hold are left out: they are unplaced in every plan.
 */
import type { InstanceType } from '../catalogue/catalogue.js';
import { LABEL } from './instance-labels.js';
import type { CapacityType, PodShape } from './model.js';
import { allowedValues } from './requirements.js';
import { prepare } from './solve.js';
import type { PoolCtx, SolveInput } from './solve.js';
import { toleratesAll } from './taints.js';

/** The one-shot HiGHS API (`(await highs()).solve`); injected so the planner itself stays synchronous. */
export interface LpSolver {
  solve(problem: string, options?: Record<string, unknown>): { Status: string; ObjectiveValue: number; Columns: Record<string, { Primal: number }>; Rows: { Dual?: number }[] };
}

let loaded: Promise<LpSolver> | undefined;
/** Loads the WASM solver once per process. */
export function loadLpSolver(): Promise<LpSolver> {
  loaded ??= import('highs').then(async (m) => (await (m as unknown as { default: () => Promise<unknown> }).default()) as LpSolver);
  return loaded;
}

export interface LpGroup {
  readonly pods: readonly PodShape[];
  readonly cpu: number;
  readonly mem: number;
}

export interface OfferClass {
  readonly ctx: PoolCtx;
  readonly typeIndex: number;
  readonly type: InstanceType;
  readonly capacityType: CapacityType;
  /** Zones where exactly these groups may run on it. */
  readonly zones: readonly string[];
  readonly price: number;
  readonly cpu: number;
  readonly mem: number;
  readonly slots: number;
  /** Group indices that may run on it. */
  readonly groups: readonly number[];
  /** 1 where group g may run on it. */
  readonly member: Uint8Array;
}

export interface Column {
  readonly cls: number;
  /** Pods per group, sparse: [group, count] pairs. */
  readonly counts: readonly (readonly [number, number])[];
}

export interface ConfigLp {
  readonly groups: readonly LpGroup[];
  readonly classes: readonly OfferClass[];
  readonly columns: readonly Column[];
  /** The last restricted master's solution, by column index. */
  readonly x: readonly number[];
  /** The restricted master's optimum: an upper bound on the LP, a lower bound only once lambda = 1. */
  readonly lpUsdPerHour: number;
  /** The best Farley bound over the iterations: no plan of the included pods costs less. */
  readonly boundUsdPerHour: number;
  readonly iterations: number;
  /** Pods in no group: no offering can hold them. */
  readonly excluded: number;
}

export interface ConfigLpOptions {
  readonly maxIterations?: number;
  /** Stop once the restricted master is within this share of the bound. */
  readonly gap?: number;
}

function groupPods(pods: readonly PodShape[]): { key: string; pods: PodShape[] }[] {
  const by = new Map<string, PodShape[]>();
  for (const p of pods) {
    const k = `${p.cpuMillis}|${p.memoryMiB}|${JSON.stringify(p.terms)}|${JSON.stringify(p.tolerations)}`;
    const list = by.get(k);
    if (list) list.push(p);
    else by.set(k, [p]);
  }
  // Sorted by key and id: the groups, and so the LP and its rounding, never depend on the input order.
  return [...by.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([key, ps]) => ({ key, pods: ps.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) }));
}

/** Offer classes and the groups each may hold; classes dominated by a cheaper, larger one of the same groups are dropped. */
export function offerClasses(input: SolveInput, pods: readonly PodShape[] = input.pods): { groups: LpGroup[]; classes: OfferClass[]; excluded: number } {
  const { pools, terms } = prepare(input);
  const raw = groupPods(pods);
  const zonesAll = input.zones;
  // Capacity type x zone pairs are bits of a 32-bit mask; regions have at most six zones.
  if (zonesAll.length > 16) throw new Error(`configuration LP: ${zonesAll.length} zones, at most 16 supported`);
  // Per group, per pool: per type the allowed (capacity type, zone) pairs as a bitmask over ct x zone.
  const cts: readonly CapacityType[] = ['on-demand', 'spot'];
  const bit = (ci: number, zi: number) => ci * zonesAll.length + zi;
  const masks = raw.map(({ pods: [p] }) => {
    const pod = p as PodShape;
    return pools.map((ctx) => {
      const m = new Uint32Array(input.types.length);
      if (toleratesAll(pod.tolerations, ctx.pool.taints)) return m;
      for (const term of pod.terms.length > 0 ? pod.terms : [[]]) {
        const zs = allowedValues(term, LABEL.zone, ctx.zones);
        const cs = allowedValues(term, LABEL.capacityType, ctx.capacityTypes);
        let pairs = 0;
        for (const c of cs) for (const z of zs) pairs |= 1 << bit(cts.indexOf(c as CapacityType), zonesAll.indexOf(z));
        if (pairs === 0) continue;
        const ok = terms.allowed(ctx, term);
        for (let i = 0; i < input.types.length; i++) {
          const c = ctx.cap[i];
          if (ok[i] === 1 && c && c.cpu >= pod.cpuMillis && c.mem >= pod.memoryMiB) m[i] = (m[i] as number) | pairs;
        }
      }
      return m;
    });
  });
  const usable = raw.map((_, g) => masks[g]?.some((m) => m.some((v) => v !== 0)) ?? false);
  const groups: LpGroup[] = [];
  const remap = new Map<number, number>();
  let excluded = 0;
  raw.forEach((r, g) => {
    if (!usable[g]) {
      excluded += r.pods.length;
      return;
    }
    remap.set(g, groups.length);
    const p = r.pods[0] as PodShape;
    groups.push({ pods: r.pods, cpu: p.cpuMillis, mem: p.memoryMiB });
  });
  const candidates: OfferClass[] = [];
  pools.forEach((ctx, pi) => {
    for (let i = 0; i < input.types.length; i++) {
      const c = ctx.cap[i];
      if (!c) continue;
      const t = input.types[i] as InstanceType;
      for (const [ci, ct] of cts.entries()) {
        if (!ctx.capacityTypes.includes(ct)) continue;
        const price = input.price(t, ct);
        if (price === undefined) continue;
        // Zones with the same feasible groups form one class.
        const byGroups = new Map<string, { zones: string[]; groups: number[] }>();
        for (const [zi, z] of zonesAll.entries()) {
          if (!ctx.zones.includes(z)) continue;
          const gs: number[] = [];
          for (const [g, ng] of remap) if ((((masks[g] as Uint32Array[])[pi] as Uint32Array)[i] as number) >>> bit(ci, zi) & 1) gs.push(ng);
          if (gs.length === 0) continue;
          gs.sort((a, b) => a - b);
          const k = gs.join(',');
          const e = byGroups.get(k);
          if (e) e.zones.push(z);
          else byGroups.set(k, { zones: [z], groups: gs });
        }
        for (const { zones, groups: gs } of byGroups.values()) {
          const member = new Uint8Array(groups.length);
          for (const g of gs) member[g] = 1;
          candidates.push({ ctx, typeIndex: i, type: t, capacityType: ct, zones, price, cpu: c.cpu, mem: c.mem, slots: c.pods, groups: gs, member });
        }
      }
    }
  });
  // Cheapest first, ties by name, so the frontier and every later choice are deterministic.
  candidates.sort((a, b) => a.price - b.price || (a.type.name < b.type.name ? -1 : a.type.name > b.type.name ? 1 : 0) || (a.capacityType < b.capacityType ? -1 : 1) || (a.ctx.pool.name < b.ctx.pool.name ? -1 : 1));
  const frontier = new Map<string, OfferClass[]>();
  const classes: OfferClass[] = [];
  for (const o of candidates) {
    const k = o.groups.join(',');
    const kept = frontier.get(k) ?? [];
    if (kept.some((q) => q.cpu >= o.cpu && q.mem >= o.mem && q.slots >= o.slots)) continue;
    kept.push(o);
    frontier.set(k, kept);
    classes.push(o);
  }
  return { groups, classes, excluded };
}

/** Fractional knapsack of one surrogate row: an upper bound on the class's integer knapsack. */
function surrogateUpper(o: OfferClass, groups: readonly LpGroup[], need: readonly number[], y: Float64Array, mu: readonly [number, number, number], scratch: { r: number; w: number; n: number }[]): number {
  const cap = mu[0] + mu[1] + mu[2];
  scratch.length = 0;
  for (const g of o.groups) {
    const v = y[g] as number;
    if (v <= 0) continue;
    const gr = groups[g] as LpGroup;
    const w = (mu[0] * gr.cpu) / o.cpu + (mu[1] * gr.mem) / o.mem + mu[2] / o.slots;
    if (w <= 0) return Number.POSITIVE_INFINITY;
    scratch.push({ r: v / w, w, n: need[g] as number });
  }
  scratch.sort((a, b) => b.r - a.r);
  let left = cap;
  let total = 0;
  for (const s of scratch) {
    const take = Math.min(s.n, left / s.w);
    total += take * s.r * s.w;
    left -= take * s.w;
    if (left <= 1e-15) break;
  }
  return total;
}

/**
 * The class's knapsack LP relaxation solved exactly through its dual: minimise over mu >= 0
 *   L(mu) = mu . (1, 1, 1) + sum_g need_g * max(0, y_g - mu . a_g),   a_g = the group's shares of the class's CPU, memory and slots,
 * a convex piecewise-linear function whose minimum (the LP optimum, by strong duality) sits at a vertex where three
 * of the planes mu . a_g = y_g and mu_i = 0 meet: every triple is tried. Any mu >= 0 gives an upper bound, so
 * rounding errors can only loosen it. Also returns the LP's primal, rebuilt by complementary slackness.
 */
function dualVertex(o: OfferClass, groups: readonly LpGroup[], need: readonly number[], y: Float64Array): { upper: number; mu: [number, number, number]; primal: Map<number, number> } {
  const gs = o.groups.filter((g) => (y[g] as number) > 0 && (need[g] as number) > 0);
  const a = gs.map((g) => [(groups[g] as LpGroup).cpu / o.cpu, (groups[g] as LpGroup).mem / o.mem, 1 / o.slots] as const);
  const planes: (readonly [number, number, number, number])[] = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], ...a.map((v, i) => [v[0], v[1], v[2], y[gs[i] as number] as number] as const)];
  const value = (m0: number, m1: number, m2: number): number => {
    let v = m0 + m1 + m2;
    for (const [i, g] of gs.entries()) {
      const r = (y[g] as number) - (m0 * (a[i] as readonly number[])[0]! + m1 * (a[i] as readonly number[])[1]! + m2 * (a[i] as readonly number[])[2]!);
      if (r > 0) v += (need[g] as number) * r;
    }
    return v;
  };
  let best = { upper: value(0, 0, 0), mu: [0, 0, 0] as [number, number, number] };
  const n = planes.length;
  for (let i = 0; i < n; i++) {
    const p = planes[i] as readonly number[];
    for (let j = i + 1; j < n; j++) {
      const q = planes[j] as readonly number[];
      for (let k = j + 1; k < n; k++) {
        const r = planes[k] as readonly number[];
        const det = p[0]! * (q[1]! * r[2]! - q[2]! * r[1]!) - p[1]! * (q[0]! * r[2]! - q[2]! * r[0]!) + p[2]! * (q[0]! * r[1]! - q[1]! * r[0]!);
        if (Math.abs(det) < 1e-15) continue;
        // Cramer's rule for mu . p = p3, mu . q = q3, mu . r = r3.
        const m0 = (p[3]! * (q[1]! * r[2]! - q[2]! * r[1]!) - p[1]! * (q[3]! * r[2]! - q[2]! * r[3]!) + p[2]! * (q[3]! * r[1]! - q[1]! * r[3]!)) / det;
        const m1 = (p[0]! * (q[3]! * r[2]! - q[2]! * r[3]!) - p[3]! * (q[0]! * r[2]! - q[2]! * r[0]!) + p[2]! * (q[0]! * r[3]! - q[3]! * r[0]!)) / det;
        const m2 = (p[0]! * (q[1]! * r[3]! - q[3]! * r[1]!) - p[1]! * (q[0]! * r[3]! - q[3]! * r[0]!) + p[3]! * (q[0]! * r[1]! - q[1]! * r[0]!)) / det;
        if (m0 < -1e-12 || m1 < -1e-12 || m2 < -1e-12) continue;
        const v = value(Math.max(0, m0), Math.max(0, m1), Math.max(0, m2));
        if (v < best.upper) best = { upper: v, mu: [Math.max(0, m0), Math.max(0, m1), Math.max(0, m2)] };
      }
    }
  }
  // Primal by complementary slackness: profitable groups in full, tight ones solving the binding rows.
  const [m0, m1, m2] = best.mu;
  const primal = new Map<number, number>();
  const tight: number[] = [];
  const left = [1, 1, 1];
  for (const [i, g] of gs.entries()) {
    const ai = a[i] as readonly number[];
    const red = (y[g] as number) - (m0 * ai[0]! + m1 * ai[1]! + m2 * ai[2]!);
    if (red > 1e-9 * (y[g] as number)) {
      primal.set(g, need[g] as number);
      for (let d = 0; d < 3; d++) left[d]! -= (need[g] as number) * ai[d]!;
    } else if (red > -1e-9 * (y[g] as number)) tight.push(i);
  }
  const rows = [0, 1, 2].filter((d) => best.mu[d]! > 1e-12);
  if (tight.length > 0 && tight.length === rows.length) {
    // A square system: the tight groups use exactly what the binding rows have left.
    const m = rows.map((d) => [...tight.map((i) => (a[i] as readonly number[])[d]!), left[d]!]);
    const x = solveSquare(m);
    if (x) for (const [t, i] of tight.entries()) primal.set(gs[i] as number, Math.min(need[gs[i] as number] as number, Math.max(0, x[t] as number)));
  }
  return { upper: best.upper, mu: best.mu, primal };
}

/** Gaussian elimination with partial pivoting on an augmented n x (n+1) matrix; undefined when singular. */
function solveSquare(m: number[][]): number[] | undefined {
  const n = m.length;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[piv]![c]!)) piv = r;
    if (Math.abs(m[piv]![c]!) < 1e-15) return undefined;
    [m[c], m[piv]] = [m[piv]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/** One node of an offer class being filled with pod groups: what is left of it, what it holds and what that is worth. */
class NodeFill {
  private cpu: number;
  private mem: number;
  private slots: number;
  value = 0;
  readonly got = new Map<number, number>();

  constructor(
    o: OfferClass,
    private readonly groups: readonly LpGroup[],
    private readonly y: Float64Array,
  ) {
    this.cpu = o.cpu;
    this.mem = o.mem;
    this.slots = o.slots;
  }

  /** Whether `n` pods of group `g` fit in what is left. */
  fits(g: number, n: number): boolean {
    const gr = this.groups[g] as LpGroup;
    return n * gr.cpu <= this.cpu && n * gr.mem <= this.mem && n <= this.slots;
  }

  /** Places `n` pods of group `g`. */
  put(g: number, n: number): void {
    const gr = this.groups[g] as LpGroup;
    this.got.set(g, (this.got.get(g) ?? 0) + n);
    this.cpu -= n * gr.cpu;
    this.mem -= n * gr.mem;
    this.slots -= n;
    this.value += n * (this.y[g] as number);
  }

  /** Places as many pods of group `g` as fit, up to `want`. */
  take(g: number, want: number): void {
    const gr = this.groups[g] as LpGroup;
    const k = Math.min(want, this.slots, gr.cpu > 0 ? Math.floor(this.cpu / gr.cpu) : want, gr.mem > 0 ? Math.floor(this.mem / gr.mem) : want);
    if (k > 0) this.put(g, k);
  }

  /** Groups in order of value per unit of the tightest remaining resource. */
  byDensity(gs: readonly number[]): number[] {
    const w = (g: number) => Math.max((this.groups[g] as LpGroup).cpu / Math.max(this.cpu, 1e-9), (this.groups[g] as LpGroup).mem / Math.max(this.mem, 1e-9), 1 / Math.max(this.slots, 1e-9));
    return [...gs].sort((p, q) => (this.y[q] as number) / w(q) - (this.y[p] as number) / w(p) || p - q);
  }

  counts(): [number, number][] {
    return [...this.got.entries()].sort((p, q) => p[0] - q[0]);
  }
}

/** The relaxation's primal rounded down, then filled greedily (as relaxColumn does with HiGHS' solution). */
function vertexColumn(o: OfferClass, groups: readonly LpGroup[], need: readonly number[], y: Float64Array, primal: ReadonlyMap<number, number>): { value: number; counts: [number, number][] } {
  const node = new NodeFill(o, groups, y);
  for (const [g, x] of [...primal].sort((p, q) => p[0] - q[0])) node.take(g, Math.floor(x + 1e-9));
  for (const g of node.byDensity(o.groups.filter((g) => (y[g] as number) > 0))) node.take(g, (need[g] as number) - (node.got.get(g) ?? 0));
  return { value: node.value, counts: node.counts() };
}

/**
 * Dual simplex without presolve: these LPs have a few dozen rows, and HiGHS' default path (presolve, then its choice
 * of solver) costs 20-40 ms a call on them against 2 ms.
 */
const SIMPLEX = { presolve: 'off', solver: 'simplex' } as const;

const AXES: readonly (readonly [number, number, number])[] = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0]];

/**
 * Integer knapsack by depth-first branch and bound, pruned by the fractional surrogate along mu. `proven` when it
 * finished within `budget` nodes; otherwise the best configuration found so far (large classes, where the
 * relaxation is within a fraction of a percent of the integer optimum anyway).
 */
function exactColumn(o: OfferClass, groups: readonly LpGroup[], need: readonly number[], y: Float64Array, mu: readonly [number, number, number], budget: number): { value: number; counts: [number, number][]; proven: boolean } {
  const items = o.groups
    .filter((g) => (y[g] as number) > 0 && (need[g] as number) > 0)
    .map((g) => {
      const gr = groups[g] as LpGroup;
      const w = (mu[0] * gr.cpu) / o.cpu + (mu[1] * gr.mem) / o.mem + mu[2] / o.slots;
      return { g, cpu: gr.cpu, mem: gr.mem, v: y[g] as number, n: need[g] as number, w, r: (y[g] as number) / Math.max(w, 1e-15) };
    })
    .sort((p, q) => q.r - p.r || p.g - q.g);
  const capW = mu[0] + mu[1] + mu[2];
  let best = 0;
  let bestCounts: number[] = [];
  const cur: number[] = items.map(() => 0);
  let nodes = 0;
  const upper = (k: number, cpu: number, mem: number, slots: number, value: number): number => {
    let left = Math.min(capW, (mu[0] * cpu) / o.cpu + (mu[1] * mem) / o.mem + (mu[2] * slots) / o.slots);
    let total = value;
    for (let i = k; i < items.length; i++) {
      const it = items[i] as (typeof items)[number];
      const fit = Math.min(it.n, slots, it.cpu > 0 ? cpu / it.cpu : Number.POSITIVE_INFINITY, it.mem > 0 ? mem / it.mem : Number.POSITIVE_INFINITY);
      // A group the surrogate row does not weigh (mu zero on every resource it uses) is limited by its fit alone.
      if (it.w <= 1e-15) {
        total += fit * it.v;
        continue;
      }
      if (left <= 1e-15) continue;
      const take = Math.min(fit, left / it.w);
      total += take * it.v;
      left -= take * it.w;
    }
    return total;
  };
  const dfs = (k: number, cpu: number, mem: number, slots: number, value: number): boolean => {
    if (++nodes > budget) return false;
    if (value > best + 1e-12) {
      best = value;
      bestCounts = [...cur];
    }
    if (k >= items.length || slots <= 0) return true;
    if (upper(k, cpu, mem, slots, value) <= best + 1e-12) return true;
    const it = items[k] as (typeof items)[number];
    const max = Math.min(it.n, slots, it.cpu > 0 ? Math.floor(cpu / it.cpu) : Number.POSITIVE_INFINITY, it.mem > 0 ? Math.floor(mem / it.mem) : Number.POSITIVE_INFINITY);
    for (let n = max; n >= 0; n--) {
      cur[k] = n;
      if (!dfs(k + 1, cpu - n * it.cpu, mem - n * it.mem, slots - n, value + n * it.v)) return false;
    }
    cur[k] = 0;
    return true;
  };
  const proven = dfs(0, o.cpu, o.mem, o.slots, 0);
  return { proven, value: best, counts: items.flatMap((it, i) => ((bestCounts[i] ?? 0) > 0 ? [[it.g, bestCounts[i] as number] as [number, number]] : [])) };
}

/**
 * The class's knapsack LP relaxation solved exactly by HiGHS: its optimum is the upper bound lambda needs, and its
 * solution (at most three fractional groups) rounded down and filled greedily is the column.
 */
function relaxColumn(solver: LpSolver, o: OfferClass, groups: readonly LpGroup[], need: readonly number[], y: Float64Array): { upper: number; value: number; counts: [number, number][]; mu?: [number, number, number] } | undefined {
  const gs = o.groups.filter((g) => (y[g] as number) > 0 && (need[g] as number) > 0);
  if (gs.length === 0) return { upper: 0, value: 0, counts: [] };
  const v = (g: number) => `n${g}`;
  const text = [
    'Maximize',
    ` obj: ${gs.map((g) => `${((y[g] as number) * 1000).toPrecision(12)} ${v(g)}`).join(' + ')}`,
    'Subject To',
    ` cpu: ${gs.map((g) => `${(groups[g] as LpGroup).cpu} ${v(g)}`).join(' + ')} <= ${o.cpu}`,
    ` mem: ${gs.map((g) => `${(groups[g] as LpGroup).mem} ${v(g)}`).join(' + ')} <= ${o.mem}`,
    ` slots: ${gs.map((g) => `1 ${v(g)}`).join(' + ')} <= ${o.slots}`,
    'Bounds',
    ...gs.map((g) => ` 0 <= ${v(g)} <= ${need[g]}`),
    'End',
  ].join('\n');
  const r = solver.solve(text, SIMPLEX);
  if (r.Status !== 'Optimal') return undefined;
  // Generous against the solver's tolerances: this value only ever loosens the bound.
  const upper = (r.ObjectiveValue / 1000) * (1 + 1e-7) + 1e-9;
  const frac = gs.map((g) => ({ g, x: r.Columns[v(g)]?.Primal ?? 0 }));
  let best = { value: 0, counts: [] as [number, number][] };
  const fill = (start: readonly (readonly [number, number])[]): void => {
    const node = new NodeFill(o, groups, y);
    for (const [g, n] of start) {
      if (n <= 0) continue;
      if (!node.fits(g, n)) return;
      node.put(g, n);
    }
    for (const g of node.byDensity(gs)) node.take(g, (need[g] as number) - (node.got.get(g) ?? 0));
    if (node.value > best.value) best = { value: node.value, counts: node.counts() };
  };
  const down = frac.map(({ g, x }) => [g, Math.floor(x + 1e-9)] as const);
  fill(down);
  // Each fractional group rounded up instead, the others down.
  for (const [k, { g, x }] of frac.entries()) {
    if (Math.abs(x - Math.round(x)) < 1e-9) continue;
    fill(down.map((d, j) => (j === k ? ([g, Math.ceil(x)] as const) : d)));
  }
  // The row duals in the surrogate's units (shares of the class's capacity).
  const d = (i: number) => Math.max(0, Math.abs(r.Rows[i]?.Dual ?? 0));
  const mu: [number, number, number] = [d(0) * o.cpu, d(1) * o.mem, d(2) * o.slots];
  return { upper, ...best, mu: mu[0] + mu[1] + mu[2] > 0 ? mu : undefined };
}

function lpText(columns: readonly Column[], classes: readonly OfferClass[], need: readonly number[]): string {
  // Prices per 1,000 hours keep the coefficients well scaled for the solver.
  const obj = columns.map((c, k) => `${((classes[c.cls] as OfferClass).price * 1000).toPrecision(12)} x${k}`);
  const rows: string[][] = need.map(() => []);
  columns.forEach((c, k) => {
    for (const [g, n] of c.counts) (rows[g] as string[]).push(`${n} x${k}`);
  });
  const lines = ['Minimize', ` obj: ${obj.join(' + ')}`, 'Subject To'];
  rows.forEach((terms, g) => {
    if ((need[g] as number) > 0) lines.push(` g${g}: ${terms.join(' + ')} >= ${need[g]}`);
  });
  lines.push('End');
  return lines.join('\n');
}

/**
 * Column generation on the configuration LP for `need` pods per group (every group's size unless given): the
 * bound, and the last master's columns and solution for the best plan to round.
 */
export function solveConfigLp(
  solver: LpSolver,
  base: { groups: readonly LpGroup[]; classes: readonly OfferClass[]; excluded: number },
  opts: ConfigLpOptions & { need?: readonly number[]; start?: readonly Column[] } = {},
): ConfigLp {
  const { groups, classes } = base;
  const need = opts.need ?? groups.map((g) => g.pods.length);
  const maxIterations = opts.maxIterations ?? 40;
  const gap = opts.gap ?? 0.005;
  const columns: Column[] = [];
  const seen = new Set<string>();
  const add = (c: Column): boolean => {
    const k = `${c.cls}:${c.counts.map(([g, n]) => `${g}x${n}`).join(',')}`;
    if (seen.has(k) || c.counts.length === 0) return false;
    seen.add(k);
    columns.push(c);
    return true;
  };
  for (const c of opts.start ?? []) add({ cls: c.cls, counts: c.counts.map(([g, n]) => [g, Math.min(n, need[g] as number)] as const).filter(([, n]) => n > 0) });
  // A homogeneous column per group on its cheapest-per-pod class keeps the first master feasible.
  groups.forEach((gr, g) => {
    if ((need[g] as number) <= 0) return;
    let best: { cls: number; n: number; per: number } | undefined;
    classes.forEach((o, k) => {
      if (o.member[g] !== 1) return;
      const n = Math.min(need[g] as number, o.slots, gr.cpu > 0 ? Math.floor(o.cpu / gr.cpu) : Number.POSITIVE_INFINITY, gr.mem > 0 ? Math.floor(o.mem / gr.mem) : Number.POSITIVE_INFINITY);
      if (n <= 0) return;
      const per = o.price / n;
      if (!best || per < best.per) best = { cls: k, n, per };
    });
    if (best) add({ cls: best.cls, counts: [[g, best.n]] });
  });
  const empty: ConfigLp = { groups, classes, columns, x: [], lpUsdPerHour: 0, boundUsdPerHour: 0, iterations: 0, excluded: base.excluded };
  if (columns.length === 0 || need.every((n) => n <= 0)) return empty;
  let bound = 0;
  let z = 0;
  let x: number[] = [];
  let it = 0;
  const y = new Float64Array(groups.length);
  const scratch: { r: number; w: number; n: number }[] = [];
  // Per class, the knapsack relaxation's row duals last time: the surrogate that screens it out next time.
  const lastMu = new Map<number, [number, number, number]>();
  for (; it < maxIterations; it++) {
    const r = solver.solve(lpText(columns, classes, need), SIMPLEX);
    if (r.Status !== 'Optimal') throw new Error(`configuration LP: HiGHS returned ${r.Status}`);
    z = r.ObjectiveValue / 1000;
    x = columns.map((_, k) => r.Columns[`x${k}`]?.Primal ?? 0);
    y.fill(0);
    let row = 0;
    need.forEach((n, g) => {
      if (n > 0) y[g] = Math.max(0, (r.Rows[row++]?.Dual ?? 0) / 1000);
    });
    let lambda = 1;
    const found: { c: Column; ratio: number }[] = [];
    classes.forEach((o, k) => {
      // The single-resource fractional knapsacks screen out most classes before the exact relaxation is solved.
      let cheap = Number.POSITIVE_INFINITY;
      const last = lastMu.get(k);
      if (last) cheap = surrogateUpper(o, groups, need, y, last, scratch);
      if (cheap <= o.price * (1 + 1e-9)) return;
      for (const mu of AXES) cheap = Math.min(cheap, surrogateUpper(o, groups, need, y, mu, scratch));
      if (cheap <= o.price * (1 + 1e-9)) return;
      const dv = dualVertex(o, groups, need, y);
      lastMu.set(k, dv.mu);
      if (dv.upper <= o.price * (1 + 1e-9)) return;
      const bb = exactColumn(o, groups, need, y, dv.mu, 1000);
      lambda = Math.max(lambda, (bb.proven ? Math.min(bb.value, dv.upper) : dv.upper) / o.price);
      let col: { value: number; counts: [number, number][] } = bb;
      const vc = vertexColumn(o, groups, need, y, dv.primal);
      if (vc.value > col.value) col = vc;
      // HiGHS' own vertex when the rebuilt one is degenerate and rounds to nothing better than the price.
      if (!bb.proven && col.value <= o.price * (1 + 1e-9)) {
        const relax = relaxColumn(solver, o, groups, need, y);
        if (relax && relax.value > col.value) col = relax;
      }
      if (col.value > o.price * (1 + 1e-9)) found.push({ c: { cls: k, counts: col.counts }, ratio: col.value / o.price });
    });
    bound = Math.max(bound, z / lambda);
    if (z - bound <= gap * bound) break;
    found.sort((a, b) => b.ratio - a.ratio || a.c.cls - b.c.cls);
    let added = 0;
    for (const f of found) {
      if (added >= 40) break;
      if (add(f.c)) added += 1;
    }
    if (added === 0) break;
  }
  return { groups, classes, columns, x, lpUsdPerHour: z, boundUsdPerHour: bound, iterations: it + 1, excluded: base.excluded };
}

export function configLp(solver: LpSolver, input: SolveInput, pods: readonly PodShape[] = input.pods, opts: ConfigLpOptions = {}): ConfigLp {
  return solveConfigLp(solver, offerClasses(input, pods), opts);
}
