/**
 * keelson's LP-guided plan: the configuration LP's solution rounded to whole nodes and repaired.
 *   1. every column taken floor(x) times (never more pods of a group than are left);
 *   2. what is left goes first-fit-decreasing into the room those nodes have;
 *   3. the LP again on what is still left (its columns kept), rounded up column by column, then step 2 again;
 *   4. each node launched as the cheapest class of its NodePool that holds its pods in a zone they all allow.
 * (Also tried: every column rounded up at once, the cheaper of the two plans kept.)
 * Flooring loses at most one node per column in the LP's basis (one per pod group), and the repair fills the
 * rounding's slack first, so the plan lands close to the LP value, itself within a small gap of the bound.
 */
import type { LpGroup, ConfigLp, LpSolver, OfferClass } from './config-lp.js';
import { solveConfigLp } from './config-lp.js';
import type { Plan, PlannedNode, PodShape, UnplacedPod } from './model.js';
import { plannedNode } from './solve.js';

interface Node {
  cls: number;
  readonly pods: PodShape[];
  readonly groups: Set<number>;
  cpu: number;
  mem: number;
}

export function roundConfigLp(solver: LpSolver, lp: ConfigLp, unplacedReasons: ReadonlyMap<string, string> = new Map()): Plan {
  // Rounding down first is usually best on large plans; rounding up at once wins when few nodes make up the LP.
  const down = rounded(solver, lp, unplacedReasons, 'down');
  const up = rounded(solver, lp, unplacedReasons, 'up');
  return up.unplaced.length <= down.unplaced.length && up.costUsdPerHour < down.costUsdPerHour - 1e-9 ? up : down;
}

function rounded(solver: LpSolver, lp: ConfigLp, unplacedReasons: ReadonlyMap<string, string>, first: 'down' | 'up'): Plan {
  const { groups, classes } = lp;
  const left = groups.map((g) => [...g.pods].reverse());
  const nodes: Node[] = [];
  const room = (n: Node, g: number): boolean => {
    const c = classes[n.cls] as OfferClass;
    const gr = groups[g] as LpGroup;
    return c.member[g] === 1 && n.cpu + gr.cpu <= c.cpu && n.mem + gr.mem <= c.mem && n.pods.length + 1 <= c.slots;
  };
  const put = (n: Node, g: number): void => {
    const gr = groups[g] as LpGroup;
    n.pods.push((left[g] as PodShape[]).pop() as PodShape);
    n.groups.add(g);
    n.cpu += gr.cpu;
    n.mem += gr.mem;
  };
  const open = (cls: number, counts: readonly (readonly [number, number])[]): void => {
    const n: Node = { cls, pods: [], groups: new Set(), cpu: 0, mem: 0 };
    for (const [g, k] of counts) for (let i = 0; i < k && (left[g] as PodShape[]).length > 0; i++) put(n, g);
    if (n.pods.length > 0) nodes.push(n);
  };
  const take = (x: readonly number[], columns: ConfigLp['columns'], round: (v: number) => number): void => {
    const order = columns.map((_, k) => k).sort((a, b) => (x[b] as number) - (x[a] as number) || a - b);
    for (const k of order) {
      const col = columns[k] as ConfigLp['columns'][number];
      const copies = round(x[k] as number);
      for (let i = 0; i < copies; i++) open(col.cls, col.counts);
    }
  };
  // Largest pods first into the nodes that have room: classic first-fit decreasing over the existing nodes.
  const fillSlack = (): void => {
    const order = groups.map((_, g) => g).sort((a, b) => (groups[b] as LpGroup).cpu + (groups[b] as LpGroup).mem / 4 - ((groups[a] as LpGroup).cpu + (groups[a] as LpGroup).mem / 4) || a - b);
    for (const g of order) {
      for (const n of nodes) {
        while ((left[g] as PodShape[]).length > 0 && room(n, g)) put(n, g);
        if ((left[g] as PodShape[]).length === 0) break;
      }
    }
  };
  const need = (): number[] => left.map((l) => l.length);

  take(lp.x, lp.columns, first === 'down' ? (v) => Math.floor(v + 1e-6) : (v) => Math.ceil(v - 1e-6));
  fillSlack();
  if (need().some((n) => n > 0)) {
    const again = solveConfigLp(solver, lp, { need: need(), start: lp.columns, maxIterations: 4 });
    take(again.x, again.columns, (v) => Math.ceil(v - 1e-6));
    fillSlack();
  }
  // Anything still left: one group at a time on the class that holds most of it per dollar.
  for (const [g, l] of left.entries()) {
    while (l.length > 0) {
      let best = -1;
      let per = Number.POSITIVE_INFINITY;
      for (const [k, c] of classes.entries()) {
        const gr = groups[g] as LpGroup;
        if (c.member[g] !== 1) continue;
        const fit = Math.min(l.length, c.slots, gr.cpu > 0 ? Math.floor(c.cpu / gr.cpu) : l.length, gr.mem > 0 ? Math.floor(c.mem / gr.mem) : l.length);
        if (fit > 0 && c.price / fit < per) {
          per = c.price / fit;
          best = k;
        }
      }
      if (best < 0) break;
      open(best, [[g, l.length]]);
    }
  }
  const unplaced: UnplacedPod[] = left.flatMap((l) => l.map((pod) => ({ pod, reason: unplacedReasons.get(pod.id) ?? 'no offering can hold it' })));
  const planned = nodes.map((n, i) => launch(n, i, classes));
  return { nodes: planned, unplaced, costUsdPerHour: planned.reduce((s, n) => s + n.priceUsdPerHour, 0) };
}

/** The cheapest class of the node's NodePool that holds its pods and admits every group on it. */
function launch(n: Node, index: number, classes: readonly OfferClass[]): PlannedNode {
  const own = classes[n.cls] as OfferClass;
  // Every class of the pool that holds the node's pods, for --explain: how many types (on the price/capacity
  // frontier: offerClasses() dropped dominated ones), and the runner-up.
  const fits = classes.filter((c) => c.ctx === own.ctx && c.cpu >= n.cpu && c.mem >= n.mem && c.slots >= n.pods.length && [...n.groups].every((g) => c.member[g] === 1));
  const byPrice = (a: OfferClass, b: OfferClass) => a.price - b.price || (a.type.name < b.type.name ? -1 : a.type.name > b.type.name ? 1 : 0) || (a.capacityType < b.capacityType ? -1 : 1);
  fits.sort(byPrice);
  const best = fits[0] ?? own;
  const runner = fits.find((c) => c.type.name !== best.type.name);
  return plannedNode(best.ctx, best.typeIndex, {
    type: best.type,
    capacityType: best.capacityType,
    zone: best.zones[index % best.zones.length] as string,
    priceUsdPerHour: best.price,
    pods: n.pods,
    podCpuMillis: n.cpu,
    podMemoryMiB: n.mem,
    candidates: new Set(fits.map((c) => c.type.name)).size,
    runnerUp: runner ? { type: runner.type.name, priceUsdPerHour: runner.price } : undefined,
  });
}
