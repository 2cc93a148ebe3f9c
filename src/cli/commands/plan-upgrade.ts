import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatLocation } from '../../errors.js';
import { loadDefinition } from '../../model/load.js';
import type { PinnedAddons } from '../../planners/upgrade/addon-compat.js';
import { compareMinor, EKS_LIFECYCLE, minorString, newestVersion, parseMinor } from '../../planners/upgrade/lifecycle.js';
import { planUpgrade } from '../../planners/upgrade/plan-upgrade.js';
import type { UpgradePlan } from '../../planners/upgrade/plan-upgrade.js';
import { renderRunbook } from '../../planners/upgrade/runbook.js';
import { listInputFiles, readInputs, UnreadableInputError } from '../../sources/read-inputs.js';
import { emptyInventory } from '../../sources/inventory.js';
import { addDefinitionObjects } from '../../planners/internal/definition-inventory.js';
import type { Io } from '../main.js';
import { json, renderTable, usage } from './plan-table.js';
import { loadDefinitionParser } from '../../sources/keelson/definition-parser.js';

export interface PlanUpgradeOptions {
  readonly to: string;
  readonly from?: string;
  readonly config?: string;
  readonly today?: string;
  readonly format?: string;
  readonly output?: string;
}

export function formatUpgradeSummary(plan: UpgradePlan): string {
  const w = plan.target;
  const lines = [
    `keelson plan upgrade: ${plan.clusterName} ${plan.from ?? '?'} -> ${plan.to} (${plan.kind}): ${plan.strategy}${plan.inPlaceSteps.length > 1 ? `; in place it takes ${plan.inPlaceSteps.length} control-plane steps` : ''}`,
    `  ${w.version}: ${w.state}${w.daysLeft !== undefined ? `, ${w.daysLeft} days left` : ''}; standard support until ${w.known?.endOfStandardSupport ?? '?'}, extended until ${w.known?.endOfExtendedSupport ?? '?'}; extended support costs $${w.extendedPremiumUsdPerMonth.toFixed(0)} more per cluster and month (lifecycle table ${plan.dataCompiled})`,
    '',
  ];
  if (plan.findings.length > 0) {
    for (const f of plan.findings) lines.push(`  ${f.level.padEnd(7)}  ${f.area.padEnd(7)}  ${f.location ? `${formatLocation(f.location)}  ` : ''}${f.message}`, `  ${''.padEnd(7)}  ${''.padEnd(7)}  fix: ${f.fix}`);
  } else {
    lines.push('No findings.');
  }
  lines.push('', renderTable(['add-on', 'pinned', `latest EKS build for ${plan.to}`, 'verdict'], plan.addons.map((a) => [a.addon, a.pinned ?? '(EKS default)', a.forTarget ?? 'see DescribeAddonVersions', a.verdict])));
  lines.push('', `${plan.blockers} blocker(s). The runbook (guide section 11, checklist filled in): --format markdown, or --output runbook.md`);
  return `${lines.join('\n')}\n`;
}

function writeAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(path.resolve(file)), `.keelson-tmp-${process.pid}-${path.basename(file)}`);
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export async function runPlanUpgrade(paths: readonly string[], opts: PlanUpgradeOptions, io: Io): Promise<number> {
  if (!parseMinor(opts.to)) throw usage(`--to ${opts.to} is not a Kubernetes version`, `pass --to 1.36 (EKS versions keelson knows: ${EKS_LIFECYCLE.versions.map((v) => v.version).join(', ')})`);
  // A version past the table has no dates, add-on builds or removals to plan with: say so instead of guessing.
  const newest = newestVersion();
  if (compareMinor(opts.to, newest) > 0) {
    throw usage(
      `--to ${opts.to}: keelson's EKS lifecycle table ends at ${newest} (compiled ${EKS_LIFECYCLE.compiled}); ${minorString(opts.to)} has no release date, support window or add-on builds in it`,
      `pass --to ${newest} or older; once EKS releases ${minorString(opts.to)}, add it to ../shared/data/eks-versions.yaml and rebuild the table with npx tsx scripts/build-upgrade-data.ts`,
    );
  }
  if (opts.from !== undefined && !parseMinor(opts.from)) throw usage(`--from ${opts.from} is not a Kubernetes version`, 'pass --from 1.35');
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw usage(`--today ${today} is not an ISO date`, 'pass --today 2026-11-26');
  const format = opts.format ?? 'table';
  if (!['table', 'json', 'markdown'].includes(format)) throw usage(`--format ${format} is not a format`, 'use table, json or markdown');
  let inventory = emptyInventory();
  try {
    if (paths.length > 0) {
      if (listInputFiles(paths).length === 0) throw usage(`no YAML or JSON files under ${paths.join(', ')}`, 'pass the manifest files or directories');
      // The synchronous reader needs the definition parser loaded, for keelson definitions among the paths.
      await loadDefinitionParser();
      inventory = readInputs(paths);
    }
  } catch (e) {
    if (e instanceof UnreadableInputError) throw usage(e.message, 'pass existing files or directories');
    throw e;
  }
  let from = opts.from;
  let pinned: PinnedAddons = {};
  let clusterName: string | undefined;
  if (opts.config) {
    const { definition: d } = await loadDefinition(opts.config);
    // The definition's own NodePools, EC2NodeClass and PDBs are upgraded with the cluster: judge them too.
    addDefinitionObjects(inventory, d, opts.config);
    from ??= d.kubernetesVersion;
    clusterName = d.name;
    pinned = { coredns: d.addons.coreDns.version, kubeProxy: d.addons.kubeProxy.version, vpcCni: d.addons.vpcCni.version };
  }
  const plan = planUpgrade({ inventory, from, to: opts.to, today, pinned, clusterName });
  for (const n of inventory.notices) io.err(`${formatLocation(n.location)}: ${n.message}\n`);
  const runbook = renderRunbook(plan);
  if (opts.output) writeAtomic(opts.output, runbook);
  // The runbook rides along in the JSON, so `keelson report` shows it without re-planning.
  if (format === 'json') io.out(json({ ...plan, runbook }));
  else if (format === 'markdown') io.out(runbook);
  else io.out(formatUpgradeSummary(plan) + (opts.output ? `runbook written to ${opts.output}\n` : ''));
  return plan.blockers > 0 ? 1 : 0;
}
