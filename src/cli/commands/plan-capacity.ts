import { formatLocation } from '../../errors.js';
import { loadCatalogue } from '../../planners/catalogue/catalogue.js';
import { cachedCatalogue, NoCredentialsError, refreshCatalogue } from '../../planners/catalogue/refresh.js';
import type { Catalogue } from '../../planners/catalogue/catalogue.js';
import { DEFAULT_NODE_POOL, workloadsFrom } from '../../planners/capacity/from-inventory.js';
import type { ReplicaChoice } from '../../planners/capacity/from-inventory.js';
import type { Plan, PlannedNode } from '../../planners/capacity/model.js';
import { loadLpSolver } from '../../planners/capacity/config-lp.js';
import { planCapacity } from '../../planners/capacity/plan-capacity.js';
import type { CapacityPlan, ScenarioResult } from '../../planners/capacity/plan-capacity.js';
import { DEFAULT_ASSUMPTIONS } from '../../planners/capacity/scenarios.js';
import type { ScenarioId } from '../../planners/capacity/scenarios.js';
import { loadDefinition } from '../../model/load.js';
import { addDefinitionObjects, definitionZones } from '../../planners/internal/definition-inventory.js';
import { emptyInventory } from '../../sources/inventory.js';
import { listInputFiles, readInputs, UnreadableInputError } from '../../sources/read-inputs.js';
import type { Io } from '../main.js';
import { json, parseFormat, parseFraction, renderTable, usage, usd } from './plan-table.js';
import { loadDefinitionParser } from '../../sources/keelson/definition-parser.js';

export interface PlanCapacityOptions {
  readonly config?: string;
  readonly format?: string;
  readonly explain?: boolean;
  readonly replicas?: string;
  readonly spotDiscount?: string;
  readonly savingsPlanDiscount?: string;
  readonly region?: string;
  readonly zones?: string;
  readonly scenario?: string;
  readonly prefixDelegation?: boolean;
  readonly refresh?: boolean;
}

const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;

function mix(nodes: readonly PlannedNode[]): string {
  const by = new Map<string, number>();
  for (const n of nodes) by.set(`${n.type.name} ${n.capacityType}`, (by.get(`${n.type.name} ${n.capacityType}`) ?? 0) + 1);
  return [...by].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 4).map(([k, n]) => `${n}x ${k}`).join(', ') + (by.size > 4 ? ', ...' : '');
}

/** Share of vCPU hours by CPU maker: what a Graviton saving is measured against. */
function manufacturers(nodes: readonly PlannedNode[]): string {
  const by = new Map<string, number>();
  for (const n of nodes) by.set(n.type.cpuManufacturer, (by.get(n.type.cpuManufacturer) ?? 0) + n.type.vcpu);
  const total = [...by.values()].reduce((a, b) => a + b, 0);
  return total === 0 ? 'none' : [...by].sort((a, b) => b[1] - a[1]).map(([m, v]) => `${m} ${pct(v / total)}`).join(', ');
}

function explainScenario(s: ScenarioResult): string[] {
  const out = [`  ${s.title}: keelson's best plan, node by node`];
  for (const [i, n] of s.best.plan.nodes.entries()) {
    out.push(`    node ${i + 1}: ${n.type.name} ${n.capacityType} ${n.zone} (NodePool ${n.nodePool}) ${usd(n.priceUsdPerHour * 730)}/month — ${n.pods.length} pods, ${n.podCpuMillis}m/${n.allocatableCpuMillis - n.daemonSetCpuMillis}m CPU, ${Math.round(n.podMemoryMiB)}/${Math.round(n.allocatableMemoryMiB - n.daemonSetMemoryMiB)}Mi after DaemonSets`);
    out.push(`      why: cheapest offering of the ${n.candidates} types that still hold all its pods${n.runnerUp ? `; next ${n.runnerUp.type} at ${usd(n.runnerUp.priceUsdPerHour * 730)}/month` : ''}`);
  }
  for (const u of s.best.plan.unplaced) out.push(`    cannot place ${u.pod.id}: ${u.reason}`);
  return out;
}

export function formatCapacity(plan: CapacityPlan, cat: Catalogue, notes: readonly string[], explain: boolean): string {
  const a = plan.assumptions;
  const out: string[] = [
    `keelson plan capacity: ${plan.pods} pods, ${plan.daemonSets} DaemonSets; prices ${a.region} on-demand list as of ${cat.meta.pricesAsOf} (${cat.meta.pricesSource})`,
    `  assumptions: ${cat.types.some((t) => t.spotUsdPerHour[a.region] !== undefined) ? `Spot from the Spot price history in the catalogue, on-demand x ${(1 - a.spotDiscount).toFixed(2)} for types without one` : `Spot = on-demand x ${(1 - a.spotDiscount).toFixed(2)} (--spot-discount ${a.spotDiscount}; no Spot price history is embedded)`}; Compute Savings Plans ${pct(a.savingsPlanDiscount)} off on-demand (--savings-plan-discount); StatefulSet pods stay on-demand in the Spot scenarios; 730 h per month`,
    '',
    renderTable(
      ['scenario', 'Karpenter plan', 'keelson best', 'nodes', 'CPU / mem used', 'lower bound', 'best / bound', 'Karpenter / bound', 'best / per-resource bound', 'vs baseline'],
      plan.scenarios.map((s) => [
        s.title,
        `${usd(s.figures.karpenter.usdPerMonth)}/mo`,
        `${usd(s.figures.best.usdPerMonth)}/mo`,
        s.figures.best.nodes,
        `${pct(s.figures.best.cpuUtilisation)} / ${pct(s.figures.best.memoryUtilisation)}`,
        `${usd(s.figures.lowerBoundUsdPerMonth)}/mo`,
        s.figures.best.ratioToLowerBound.toFixed(3),
        s.figures.karpenter.ratioToLowerBound.toFixed(3),
        s.figures.best.ratioToPerResourceBound.toFixed(3),
        s.savingVsBaseline === undefined ? 'baseline' : `${s.savingVsBaseline >= 0 ? '-' : '+'}${pct(Math.abs(s.savingVsBaseline))}`,
      ]),
      [1, 2, 3, 5, 6, 7, 8],
    ),
    '',
  ];
  const base = plan.scenarios.find((s) => s.id === 'x86-on-demand');
  for (const s of plan.scenarios) {
    out.push(`${s.title}: ${mix(s.best.plan.nodes) || 'no nodes'}${s.id === 'x86-on-demand' ? `  (CPUs: ${manufacturers(s.best.plan.nodes)})` : base ? `  (against the baseline above, whose CPUs are ${manufacturers(base.best.plan.nodes)}; Graviton saves less against AMD than against Intel)` : ''}`);
    if (s.best.strategy !== 'karpenter') {
      out.push(`  Karpenter as configured: ${mix(s.karpenter.nodes)} = ${usd(s.figures.karpenter.usdPerMonth)}/mo.`);
      if (s.best.strategy === 'lp-rounding') out.push(`  keelson's best rounds the configuration LP's node mix to whole nodes (${usd(s.figures.best.usdPerMonth)}/mo): CPU- and memory-heavy pods share nodes; Karpenter provisions largest pods first and reaches such mixes only through consolidation.`);
      if (s.best.strategy === 'balanced-fill') out.push(`  keelson's best mixes CPU- and memory-heavy pods on the same nodes (${usd(s.figures.best.usdPerMonth)}/mo); Karpenter provisions largest pods first and reaches such mixes only through consolidation.`);
      if (s.best.maxVcpu !== undefined && s.best.cappedUsdPerHour !== undefined) {
        out.push(`  Karpenter keeps adding pods to a planned node while any type still fits them, so batches land on a few large nodes; capped at ${s.best.maxVcpu} vCPU it costs ${usd(s.best.cappedUsdPerHour * 730)}/mo.`);
        out.push(`  NodePool change: ${s.best.change}`);
      }
    }
    const c = s.consolidated;
    const fig = s.figures.consolidated;
    out.push(
      s.scaledDown
        ? `  scale-down to the HPA minimums, then Karpenter consolidation: ${c.deleted} nodes deleted${c.replaced.length ? `, ${c.replaced.reduce((a, b) => a + b, 0)} replaced by ${c.replaced.length}` : ''}; ${fig.nodes} nodes left, ${usd(fig.usdPerMonth)}/mo (CPU ${pct(fig.cpuUtilisation)}, memory ${pct(fig.memoryUtilisation)} used)`
        : `  Karpenter consolidation on its fresh plan: ${c.deleted + c.replaced.reduce((a, b) => a + b, 0) === 0 ? 'nothing to remove (use --replicas max to see a scale-down)' : `${c.deleted} deleted, ${c.replaced.length} replacements, ${usd(fig.usdPerMonth)}/mo`}`,
    );
    if (s.best.plan.unplaced.length > 0) out.push(`  ${s.best.plan.unplaced.length} pods cannot be placed (--explain lists them with the reason)`);
  }
  if (explain) {
    out.push('');
    for (const s of plan.scenarios) out.push(...explainScenario(s), '');
  }
  out.push(
    '',
    'How: allocatable per type as Karpenter and the EKS AL2023 AMI compute it (kube-reserved CPU bands, 11 MiB/pod + 255 MiB, 100 MiB eviction, 7.5% VM overhead); DaemonSets charged on every node; the Karpenter plan packs pods largest first and launches each node as its cheapest fitting offering, then consolidation runs on it; keelson best is the cheaper of Karpenter with a size cap and the configuration LP solution rounded to whole nodes (a balanced fill without the LP).',
    'The lower bound: every pod charged its requests at the cheapest price per unit of CPU, memory and pod slots (weighted for the best bound) over the offerings it may use; no plan for these pods can cost less.',
    ...(plan.scenarios.some((s) => s.bound.configLp)
      ? ['Tighter, the configuration LP (HiGHS, column generation over node configurations per offering): its Farley bound, the LP value over the largest ratio of any configuration\'s dual value to its price, is a bound at every iteration; the table shows the larger of the two.']
      : []),
    ...plan.scenarios.map((s) => `  ${s.title}: per-resource ${usd(s.figures.perResourceBoundUsdPerMonth)}/mo${s.bound.configLp ? `, configuration LP ${usd(s.bound.configLp.boundUsdPerHour * 730)}/mo (LP value ${usd(s.bound.configLp.lpUsdPerHour * 730)}/mo after ${s.bound.configLp.iterations} rounds, ${s.bound.configLp.columns} configurations)` : ''}`),
  );
  for (const n of notes) out.push(`note: ${n}`);
  return `${out.join('\n')}\n`;
}

const SCENARIOS: readonly ScenarioId[] = ['x86-on-demand', 'graviton-on-demand', 'graviton-spot', 'graviton-spot-savings-plans'];

/**
 * A plan as `--format json` writes it: a node's instance type by name (its price is the node's priceUsdPerHour; the
 * catalogue holds the rest), its pods and the unplaced pods by id.
 */
function planJson(p: Plan) {
  return {
    ...p,
    nodes: p.nodes.map((n) => ({ ...n, type: n.type.name, pods: n.pods.map((x) => x.id) })),
    unplaced: p.unplaced.map((u) => ({ pod: u.pod.id, reason: u.reason })),
  };
}

export async function runPlanCapacity(paths: readonly string[], opts: PlanCapacityOptions, io: Io): Promise<number> {
  const format = parseFormat(opts.format);
  const replicas = (opts.replicas ?? 'current') as ReplicaChoice;
  if (!['current', 'min', 'max'].includes(replicas)) throw usage(`--replicas ${opts.replicas} is not current, min or max`, 'use --replicas max to plan for every HPA at its maximum');
  const region = opts.region ?? DEFAULT_ASSUMPTIONS.region;
  const early: string[] = [];
  let cat = loadCatalogue();
  if (opts.refresh) {
    try {
      // Endpoints follow the SDK's own AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL_PRICING when set.
      const r = await refreshCatalogue({ region, ec2Endpoint: process.env.AWS_ENDPOINT_URL_EC2, pricingEndpoint: process.env.AWS_ENDPOINT_URL_PRICING });
      cat = r.catalogue;
      io.err(`--refresh: ${r.file.rows.length} instance types and their ${region} prices read from AWS (${r.file.pricesAsOf}); written to ${r.path}\n`);
    } catch (e) {
      if (!(e instanceof NoCredentialsError)) throw e;
      io.err(`--refresh: ${e.message}. Planning with the embedded catalogue (prices as of ${cat.meta.pricesAsOf}).\n`);
    }
  } else {
    const cached = cachedCatalogue(region);
    if (cached) {
      cat = cached.catalogue;
      early.push(`instance types and prices from the catalogue refreshed on ${cat.meta.pricesAsOf} (${cached.path}); delete it to plan with the embedded one`);
    }
  }
  if (!cat.meta.regions.includes(region)) throw usage(`no prices for ${region} in keelson's catalogue (${cat.meta.pricesAsOf})`, `use --region ${cat.meta.regions.join(' | ')}, or --refresh with AWS credentials to read ${region}'s prices from the Pricing API`);
  const only = opts.scenario ? opts.scenario.split(',').map((s) => s.trim()) : undefined;
  const unknown = only?.filter((s) => !SCENARIOS.includes(s as ScenarioId)) ?? [];
  if (unknown.length > 0) throw usage(`--scenario ${unknown.join(',')} is not a scenario`, `use any of ${SCENARIOS.join(', ')}`);
  if (paths.length === 0 && !opts.config) throw usage('no manifests given', 'pass the Kubernetes manifests (files or directories) of the workloads to plan for, and --config for the definition');
  let inv = emptyInventory();
  try {
    if (paths.length > 0) {
      if (listInputFiles(paths).length === 0) throw usage(`no YAML or JSON files under ${paths.join(', ')}`, 'pass the manifest files or directories');
      // The synchronous reader needs the definition parser loaded, for keelson definitions among the paths.
      await loadDefinitionParser();
      inv = readInputs(paths);
    }
  } catch (e) {
    if (e instanceof UnreadableInputError) throw usage(e.message, 'pass existing files or directories');
    throw e;
  }
  let defZones: string[] | undefined;
  let prefixDelegation = opts.prefixDelegation;
  if (opts.config) {
    const { definition: d } = await loadDefinition(opts.config);
    addDefinitionObjects(inv, d, opts.config);
    defZones = definitionZones(d);
    prefixDelegation ??= d.addons.vpcCni.prefixDelegation;
    if (d.region !== region) early.push(`the definition is in ${d.region}; prices are ${region} list prices (keelson embeds no others): scale the dollars by your region's price ratio`);
  }
  for (const n of inv.notices) io.err(`${formatLocation(n.location)}: ${n.message}\n`);
  const zones = opts.zones ? opts.zones.split(',').map((z) => z.trim()) : (defZones ?? ['a', 'b', 'c'].map((z) => `${region}${z}`));
  const view = workloadsFrom(inv, zones, replicas);
  const notes = [...early, ...view.notes];
  const nodePools = view.nodePools.length > 0 ? view.nodePools : [DEFAULT_NODE_POOL];
  if (view.nodePools.length === 0) notes.push("no Karpenter NodePool in the inputs: planned with Karpenter's recommended default (c/m/r, generation > 2, Linux)");
  // Planned at the HPA maximums, the cluster later scales down to the minimums: that is when consolidation acts.
  const scaleDownTo = replicas === 'max' ? workloadsFrom(inv, zones, 'min').pods : undefined;
  const plan = planCapacity({
    lp: await loadLpSolver(),
    scaleDownTo,
    pods: view.pods,
    daemonSets: view.daemonSets,
    nodePools,
    types: cat.types,
    zones,
    prefixDelegation,
    only: only as ScenarioId[] | undefined,
    assumptions: {
      region,
      spotDiscount: parseFraction('--spot-discount', opts.spotDiscount) ?? DEFAULT_ASSUMPTIONS.spotDiscount,
      savingsPlanDiscount: parseFraction('--savings-plan-discount', opts.savingsPlanDiscount) ?? DEFAULT_ASSUMPTIONS.savingsPlanDiscount,
    },
  });
  if (format === 'json') {
    io.out(json({
      pricesAsOf: cat.meta.pricesAsOf,
      pricesSource: cat.meta.pricesSource,
      ...plan,
      scenarios: plan.scenarios.map((s) => ({
        ...s,
        karpenter: planJson(s.karpenter),
        // Every plan the same way, the consolidated one too: instance types by name, pods by id.
        consolidated: { ...s.consolidated, plan: planJson(s.consolidated.plan) },
        best: { ...s.best, plan: planJson(s.best.plan) },
      })),
      notes,
    }));
  } else {
    io.out(formatCapacity(plan, cat, notes, opts.explain === true));
  }
  return plan.scenarios.some((s) => s.best.plan.unplaced.length > 0) ? 1 : 0;
}
