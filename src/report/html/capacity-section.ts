/** The capacity plan: what each scenario costs per month, on how many nodes, against the lower bound, node by node. */
import { esc, slug } from './escape.js';
import { int, pct, plural, usd } from './format-numbers.js';
import type { CapacityDoc, PlannedNodeDoc } from './inputs.js';
import { costChart } from './svg-charts.js';

const HOURS_PER_MONTH = 730;

type Scenario = CapacityDoc['scenarios'][number];

/** The cheapest scenario whose best plan places every pod (any scenario when none does), and the baseline. */
export function costHeadline(doc: CapacityDoc): { cheapest: Scenario | undefined; baseline: Scenario | undefined } {
  const complete = doc.scenarios.filter((s) => s.figures.best.unplaced === 0);
  const pool = complete.length > 0 ? complete : doc.scenarios;
  let cheapest: Scenario | undefined;
  for (const s of pool) if (!cheapest || s.figures.best.usdPerMonth < cheapest.figures.best.usdPerMonth) cheapest = s;
  return { cheapest, baseline: doc.scenarios.find((s) => s.id === 'x86-on-demand') };
}

function nodeRows(nodes: readonly PlannedNodeDoc[]): string {
  return nodes
    .map((n, i) => {
      const freeCpu = n.allocatableCpuMillis - n.daemonSetCpuMillis;
      const freeMem = n.allocatableMemoryMiB - n.daemonSetMemoryMiB;
      const why = `cheapest offering of the ${int(n.candidates)} types that hold all its pods${n.runnerUp ? `; next: ${n.runnerUp.type} at ${usd(n.runnerUp.priceUsdPerHour * HOURS_PER_MONTH)}/month` : ''}`;
      return `<tr><td class="num">${i + 1}</td><td class="mono">${esc(n.type)}</td><td>${esc(n.capacityType)}</td><td class="mono">${esc(n.zone)}</td><td>${esc(n.nodePool)}</td><td class="num">${esc(usd(n.priceUsdPerHour * HOURS_PER_MONTH))}</td><td class="num">${int(n.pods.length)}</td><td class="num">${int(n.podCpuMillis)}m of ${int(freeCpu)}m</td><td class="num">${int(n.podMemoryMiB)} of ${int(freeMem)} MiB</td><td>${esc(why)}</td></tr>`;
    })
    .join('\n');
}

function scenarioDetails(s: Scenario): string {
  const plan = s.best.plan;
  const unplaced = plan.unplaced.length > 0 ? `<p class="worse">${plural(plan.unplaced.length, 'pod')} cannot be placed:</p><ul>${plan.unplaced.map((u) => `<li><code>${esc(u.pod)}</code>: ${esc(u.reason)}</li>`).join('')}</ul>` : '';
  const change = s.best.change ? `<p>NodePool change that reaches this plan: <code>${esc(s.best.change)}</code></p>` : '';
  return (
    `<details id="nodes-${slug(s.id)}"><summary>${esc(s.title)}: keelson's best plan node by node (${plural(plan.nodes.length, 'node')}, ${esc(usd(s.figures.best.usdPerMonth))}/month)</summary>${change}${unplaced}` +
    `<div class="scroll"><table><thead><tr><th scope="col" class="num">#</th><th scope="col">Type</th><th scope="col">Capacity</th><th scope="col">Zone</th><th scope="col">NodePool</th><th scope="col" class="num">Per month</th><th scope="col" class="num">Pods</th><th scope="col" class="num">CPU requested of free</th><th scope="col" class="num">Memory requested of free</th><th scope="col">Why this type</th></tr></thead><tbody>\n${nodeRows(plan.nodes)}\n</tbody></table></div></details>`
  );
}

export function capacitySection(doc: CapacityDoc): string {
  const a = doc.assumptions;
  const { cheapest, baseline } = costHeadline(doc);
  const lede = cheapest
    ? `<p>For ${plural(doc.pods, 'pod')} and ${plural(doc.daemonSets, 'DaemonSet')}: the cheapest scenario, <strong>${esc(cheapest.title)}</strong>, costs <strong>${esc(usd(cheapest.figures.best.usdPerMonth))} per month</strong> on ${plural(cheapest.figures.best.nodes, 'node')}${baseline && baseline !== cheapest ? `; the ${esc(baseline.title)} costs ${esc(usd(baseline.figures.best.usdPerMonth))}` : ''}. Worker nodes only: the EKS control plane, load balancers, NAT gateways and storage are extra.</p>`
    : '<p>The plan has no scenarios.</p>';
  const chart = costChart(
    doc.scenarios.map((s) => ({
      label: s.title,
      karpenterUsd: s.figures.karpenter.usdPerMonth,
      karpenterNodes: s.figures.karpenter.nodes,
      bestUsd: s.figures.best.usdPerMonth,
      bestNodes: s.figures.best.nodes,
      lowerBoundUsd: s.figures.lowerBoundUsdPerMonth,
    })),
  );
  const rows = doc.scenarios
    .map((s) => {
      const f = s.figures;
      const saving = s.savingVsBaseline === undefined || s.savingVsBaseline === null ? 'baseline' : `${s.savingVsBaseline >= 0 ? '−' : '+'}${pct(Math.abs(s.savingVsBaseline))}`;
      const ratio = f.best.ratioToLowerBound === null || !Number.isFinite(f.best.ratioToLowerBound) ? '—' : `${f.best.ratioToLowerBound.toFixed(2)}×`;
      return `<tr><th scope="row">${esc(s.title)}</th><td class="num">${esc(usd(f.karpenter.usdPerMonth))} (${int(f.karpenter.nodes)})</td><td class="num">${esc(usd(f.best.usdPerMonth))} (${int(f.best.nodes)})</td><td class="num">${pct(f.best.cpuUtilisation)} / ${pct(f.best.memoryUtilisation)}</td><td class="num">${esc(usd(f.lowerBoundUsdPerMonth))}</td><td class="num">${ratio}</td><td class="num">${saving}</td><td class="num">${f.best.unplaced > 0 ? `<span class="worse">${int(f.best.unplaced)}</span>` : '0'}</td></tr>`;
    })
    .join('\n');
  const table =
    '<div class="scroll"><table><caption class="muted">Monthly cost (nodes) per scenario</caption><thead><tr><th scope="col">Scenario</th><th scope="col" class="num">Karpenter plan</th><th scope="col" class="num">keelson best</th><th scope="col" class="num">CPU / memory used</th><th scope="col" class="num">Lower bound</th><th scope="col" class="num">Best / bound</th><th scope="col" class="num">vs baseline</th><th scope="col" class="num">Pods not placed</th></tr></thead>' +
    `<tbody>\n${rows}\n</tbody></table></div>`;
  const assumptions = `<p class="muted">Prices: ${esc(a.region)} on-demand list prices as of ${esc(doc.pricesAsOf)}${doc.pricesSource ? ` (${esc(doc.pricesSource)})` : ''}. Spot is on-demand × ${(1 - a.spotDiscount).toFixed(2)}; Compute Savings Plans take ${pct(a.savingsPlanDiscount)} off on-demand; 730 hours per month. The lower bound charges every pod its requests at the cheapest price per unit of CPU, memory and pod slots it may use: no plan for these pods costs less.</p>`;
  const notes = doc.notes && doc.notes.length > 0 ? `<ul>${doc.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
  return `<section id="capacity" aria-labelledby="capacity-h"><h2 id="capacity-h">Capacity and cost</h2>${lede}${chart}${table}${assumptions}${notes}<h3>Node by node</h3>${doc.scenarios.map(scenarioDetails).join('\n')}</section>`;
}
