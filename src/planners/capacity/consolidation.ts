/**
 * Consolidation on a plan, as Karpenter's disruption controller would run it once the nodes exist
 * (pkg/controllers/disruption): several nodes whose pods fit on the others plus at most one new, cheaper node are
 * replaced by it (multi-node); a node whose pods all fit on the other nodes is deleted, and a node whose pods fit one
 * cheaper node is replaced by it (single-node). Karpenter never replaces one node by two. Candidates go in order of
 * disruption cost: fewest pods first. Disruption budgets pace these steps; they do not change where they end.
 */
import type { InstanceType } from '../catalogue/catalogue.js';
import { instanceLabels, LABEL } from './instance-labels.js';
import type { NodePoolShape, Plan, PlannedNode, PodShape } from './model.js';
import { termSatisfied } from './requirements.js';
import { solve } from './solve.js';
import type { SolveInput } from './solve.js';
import { affinityIndex } from './pod-affinity.js';
import { toleratesAll } from './taints.js';

export interface ConsolidationResult {
  readonly plan: Plan;
  readonly deleted: number;
  /** Multi-node replacements: how many nodes each one replaced. */
  readonly replaced: readonly number[];
}

interface Slot {
  node: PlannedNode;
  cpu: number;
  mem: number;
  pods: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly pool: NodePoolShape | undefined;
}

function slot(n: PlannedNode, pools: readonly NodePoolShape[]): Slot {
  const pool = pools.find((p) => p.name === n.nodePool);
  const labels = { ...instanceLabels(n.type as InstanceType), ...(pool?.labels ?? {}), [LABEL.nodePool]: n.nodePool, [LABEL.zone]: n.zone, [LABEL.capacityType]: n.capacityType };
  return { node: n, cpu: n.allocatableCpuMillis - n.daemonSetCpuMillis - n.podCpuMillis, mem: n.allocatableMemoryMiB - n.daemonSetMemoryMiB - n.podMemoryMiB, pods: n.podSlots - n.pods.length, labels, pool };
}

function accepts(s: Slot, p: PodShape): boolean {
  return s.cpu >= p.cpuMillis && s.mem >= p.memoryMiB && s.pods >= 1 && !toleratesAll(p.tolerations, s.pool?.taints ?? []) && (p.terms.length === 0 || p.terms.some((t) => termSatisfied(t, s.labels)));
}

/** First-fit of the pods onto the slots; returns the moves, or undefined when one pod has nowhere to go. */
function moves(pods: readonly PodShape[], slots: readonly Slot[]): Map<Slot, PodShape[]> | undefined {
  const trial = slots.map((s) => ({ s, cpu: s.cpu, mem: s.mem, pods: s.pods }));
  const out = new Map<Slot, PodShape[]>();
  for (const p of [...pods].sort((a, b) => b.cpuMillis - a.cpuMillis || b.memoryMiB - a.memoryMiB || (a.id < b.id ? -1 : 1))) {
    const t = trial.find((x) => x.cpu >= p.cpuMillis && x.mem >= p.memoryMiB && x.pods >= 1 && accepts({ ...x.s, cpu: x.cpu, mem: x.mem, pods: x.pods }, p));
    if (!t) return undefined;
    t.cpu -= p.cpuMillis;
    t.mem -= p.memoryMiB;
    t.pods -= 1;
    out.set(t.s, [...(out.get(t.s) ?? []), p]);
  }
  return out;
}

function apply(m: Map<Slot, PodShape[]>): void {
  for (const [s, ps] of m) {
    const cpu = ps.reduce((a, p) => a + p.cpuMillis, 0);
    const mem = ps.reduce((a, p) => a + p.memoryMiB, 0);
    s.cpu -= cpu;
    s.mem -= mem;
    s.pods -= ps.length;
    s.node = { ...s.node, pods: [...s.node.pods, ...ps], podCpuMillis: s.node.podCpuMillis + cpu, podMemoryMiB: s.node.podMemoryMiB + mem };
  }
}

const cost = (ns: readonly PlannedNode[]): number => ns.reduce((s, n) => s + n.priceUsdPerHour, 0);

/** The plan with only the pods that remain (an HPA scaled down): nodes keep their types, some run emptier. */
export function keepPods(plan: Plan, remaining: ReadonlySet<string>): Plan {
  const nodes = plan.nodes.map((n) => {
    const pods = n.pods.filter((p) => remaining.has(p.id));
    return { ...n, pods, podCpuMillis: pods.reduce((a, p) => a + p.cpuMillis, 0), podMemoryMiB: pods.reduce((a, p) => a + p.memoryMiB, 0) };
  });
  return { nodes, unplaced: plan.unplaced.filter((u) => remaining.has(u.pod.id)), costUsdPerHour: cost(nodes) };
}

export function consolidate(plan: Plan, input: SolveInput, maxCandidates = 100): ConsolidationResult {
  let slots = plan.nodes.map((n) => slot(n, input.nodePools));
  let deleted = 0;
  const replaced: number[] = [];
  // Multi-node first, as Karpenter does: the largest prefix of candidates (binary search) whose pods fit on the
  // remaining nodes plus at most one new node that costs less than the nodes it replaces.
  // Nodes that hold a pod an inter-pod term can see stay: moving such pods would need every term re-checked, and
  // Karpenter's own consolidation simulates the scheduler for them. The other pods never conflict with anything.
  const index = affinityIndex(plan.nodes.flatMap((n) => n.pods));
  const movable = (s: Slot): boolean => !index.active || !s.node.pods.some((p) => index.involved.has(p));
  const order = (): Slot[] => [...slots].filter(movable).sort((a, b) => a.node.pods.length - b.node.pods.length || a.node.priceUsdPerHour - b.node.priceUsdPerHour);
  const tryReplace = (cands: readonly Slot[]): { m: Map<Slot, PodShape[]>; extra: PlannedNode | undefined } | undefined => {
    const rest = slots.filter((s) => !cands.includes(s));
    const pods = cands.flatMap((c) => c.node.pods);
    const direct = moves(pods, rest);
    if (direct) return { m: direct, extra: undefined };
    // Pods that do not fit the others go to one new node, if one holds them all and it is cheaper.
    const fresh = solve({ ...input, pods });
    if (fresh.unplaced.length > 0 || fresh.nodes.length !== 1) return undefined;
    const extra = fresh.nodes[0] as PlannedNode;
    return extra.priceUsdPerHour < cost(cands.map((c) => c.node)) - 1e-9 ? { m: new Map(), extra } : undefined;
  };
  for (;;) {
    const cands = order().slice(0, maxCandidates);
    let lo = 2;
    let hi = cands.length;
    let found: { k: number; r: NonNullable<ReturnType<typeof tryReplace>> } | undefined;
    while (lo <= hi) {
      const k = Math.floor((lo + hi) / 2);
      const r = tryReplace(cands.slice(0, k));
      if (r) {
        found = { k, r };
        lo = k + 1;
      } else hi = k - 1;
    }
    if (!found) break;
    const gone = cands.slice(0, found.k);
    apply(found.r.m);
    slots = slots.filter((s) => !gone.includes(s));
    if (found.r.extra) {
      slots.push(slot(found.r.extra, input.nodePools));
      replaced.push(found.k);
    } else deleted += found.k;
  }
  // Single-node deletes: any node whose pods all fit elsewhere.
  for (let changed = true; changed; ) {
    changed = false;
    for (const c of order()) {
      const m = moves(c.node.pods, slots.filter((s) => s !== c));
      if (!m) continue;
      apply(m);
      slots = slots.filter((s) => s !== c);
      deleted += 1;
      changed = true;
      break;
    }
  }
  // Single-node replace: a node whose pods fit one cheaper node is replaced by it.
  for (const c of order()) {
    if (c.node.pods.length === 0) continue;
    const fresh = solve({ ...input, pods: c.node.pods });
    const n = fresh.nodes[0];
    if (fresh.unplaced.length > 0 || fresh.nodes.length !== 1 || !n || n.priceUsdPerHour >= c.node.priceUsdPerHour - 1e-9) continue;
    slots = [...slots.filter((s) => s !== c), slot(n, input.nodePools)];
    replaced.push(1);
  }
  const nodes = slots.map((s) => s.node);
  return { plan: { nodes, unplaced: plan.unplaced, costUsdPerHour: cost(nodes) }, deleted, replaced };
}
