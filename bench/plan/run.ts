// keelson plan capacity bench: 10,000 pods of mixed shapes against the full catalogue.
//   npx tsx bench/plan/run.ts [pods]
// Prints the time of each scenario, both plans' costs and their ratios to the lower bound. Goal (issue 6): under 2 s
// and keelson's best plan within 5% of the bound.
import { loadCatalogue } from '../../src/planners/catalogue/catalogue.js';
import { DEFAULT_NODE_POOL } from '../../src/planners/capacity/from-inventory.js';
import type { DaemonSetShape, PodShape } from '../../src/planners/capacity/model.js';
import { planCapacity } from '../../src/planners/capacity/plan-capacity.js';
import { planViolations } from '../../src/planners/capacity/internal/verify-plan.js';
import { scenarioSpecs } from '../../src/planners/capacity/scenarios.js';
import { withSizeCap } from '../../src/planners/capacity/best-plan.js';
import { loadLpSolver } from '../../src/planners/capacity/config-lp.js';

const count = Number(process.argv[2] ?? 10_000);
// A fixed-seed generator: the same pods on every run, so timings compare.
let seed = 42;
const rand = (): number => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const SHAPES: readonly [number, number, number][] = [
  // [cpu millis, memory MiB, weight]: web, workers, memory-heavy caches, batch, sidecar-heavy
  [250, 512, 30], [500, 1024, 25], [1000, 2048, 15], [2000, 4096, 10], [1000, 8192, 8], [4000, 8192, 5], [100, 128, 5], [8000, 32768, 2],
];
const total = SHAPES.reduce((s, x) => s + x[2], 0);
const pods: PodShape[] = [];
for (let w = 0; pods.length < count; w++) {
  let r = rand() * total;
  const shape = SHAPES.find((s) => (r -= s[2]) < 0) ?? SHAPES[0];
  const replicas = Math.min(count - pods.length, 1 + Math.floor(rand() * 40));
  const kind = rand() < 0.15 ? 'StatefulSet' : 'Deployment';
  for (let i = 0; i < replicas; i++) pods.push({ id: `${kind} bench/w${w}#${i}`, workload: `${kind} bench/w${w}`, cpuMillis: shape?.[0] ?? 250, memoryMiB: shape?.[1] ?? 512, terms: [], tolerations: [] });
}
const daemonSets: DaemonSetShape[] = [
  { workload: 'DaemonSet logging/fluent-bit', cpuMillis: 100, memoryMiB: 200, terms: [], tolerations: [{ operator: 'Exists' }] },
  { workload: 'DaemonSet monitoring/node-exporter', cpuMillis: 50, memoryMiB: 64, terms: [], tolerations: [{ operator: 'Exists' }] },
];
const cat = loadCatalogue();
const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const specs = scenarioSpecs([DEFAULT_NODE_POOL], pods);
process.stdout.write(`${pods.length} pods, ${daemonSets.length} DaemonSets, ${cat.types.length} instance types; prices ${cat.meta.pricesAsOf}\n`);
const lp = await loadLpSolver();
// One small plan first, reported apart: V8's JIT and the WASM tier-up cost a CLI run about a second once, before
// its first scenario; the per-scenario figures below measure the planner, not the warm-up.
{
  const w0 = performance.now();
  planCapacity({ pods: pods.slice(0, 500), daemonSets, nodePools: [DEFAULT_NODE_POOL], types: cat.types, zones, only: ['graviton-spot'], lp });
  process.stdout.write(`warm-up (500 pods, one scenario, not counted): ${((performance.now() - w0) / 1000).toFixed(2)} s\n`);
}
let totalMs = 0;
for (const spec of specs) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const plan = planCapacity({ pods, daemonSets, nodePools: [DEFAULT_NODE_POOL], types: cat.types, zones, only: [spec.id], lp });
  const ms = performance.now() - t0;
  // CPU time as well: on a shared machine the wall time mostly measures the other processes.
  const used = process.cpuUsage(c0);
  const cpuMs = (used.user + used.system) / 1000;
  totalMs += ms;
  const s = plan.scenarios[0];
  if (!s) continue;
  const f = s.figures;
  const pools = s.best.strategy === 'size-cap' && s.best.maxVcpu !== undefined ? withSizeCap({ pods, daemonSets, nodePools: spec.nodePools, types: cat.types, zones, price: spec.price }, s.best.maxVcpu).nodePools : spec.nodePools;
  const bad = planViolations(s.best.plan, pools).length + planViolations(s.karpenter, spec.nodePools).length + planViolations(s.consolidated.plan, spec.nodePools).length;
  const r = (x: { ratioToLowerBound: number; ratioToPerResourceBound: number }) => `x${x.ratioToLowerBound.toFixed(3)} LP, x${x.ratioToPerResourceBound.toFixed(3)} per-resource`;
  process.stdout.write(
    `${s.title.padEnd(32)} ${(ms / 1000).toFixed(2)} s (CPU ${(cpuMs / 1000).toFixed(2)} s)  Karpenter $${f.karpenter.usdPerMonth.toFixed(0)}/mo ${r(f.karpenter)}; consolidated $${f.consolidated.usdPerMonth.toFixed(0)}/mo ${r(f.consolidated)}; best $${f.best.usdPerMonth.toFixed(0)}/mo ${r(f.best)} (${f.best.nodes} nodes, ${s.best.strategy})\n` +
      `${''.padEnd(32)} bounds: LP $${(f.lpBoundUsdPerMonth ?? 0).toFixed(0)}/mo (${s.bound.configLp?.iterations ?? 0} rounds), per-resource $${f.perResourceBoundUsdPerMonth.toFixed(0)}/mo${bad ? `  ${bad} VIOLATIONS` : ''}\n`,
  );
}
process.stdout.write(`total ${(totalMs / 1000).toFixed(2)} s for ${specs.length} scenarios (Karpenter plan and consolidation, size-cap sweep, both bounds, LP rounding); goal < 2 s per scenario\n`);
