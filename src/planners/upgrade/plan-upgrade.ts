/**
 * solve() for upgrades: the strategy the guide's section 11 prescribes for the step (in-place for a patch,
 * blue-green for a minor), the support windows and what extended support costs, and every finding that blocks or
 * needs a decision, each located in the user's files.
 */
import type { Inventory } from '../../sources/inventory.js';
import { valueAt } from '../../sources/fact.js';
import { addonFindings, planAddonRows } from './addon-compat.js';
import type { AddonRow, PinnedAddons } from './addon-compat.js';
import { apiRemovals } from './api-removals.js';
import { drainBlockers } from './drain-blockers.js';
import { sortFindings } from './finding.js';
import type { UpgradeFinding } from './finding.js';
import { compareMinor, EKS_LIFECYCLE, minorString, supportWindow } from './lifecycle.js';
import type { EksLifecycleFile, SupportWindow } from './lifecycle.js';
import { nodeDrift } from './node-drift.js';

export interface UpgradeInput {
  readonly inventory: Inventory;
  /** The cluster's current version (x.y or x.y.z); from the definition when omitted. */
  readonly from?: string;
  readonly to: string;
  /** ISO date the support windows are judged on. */
  readonly today: string;
  readonly pinned?: PinnedAddons;
  readonly clusterName?: string;
  readonly data?: EksLifecycleFile;
}

export type UpgradeKind = 'patch' | 'minor' | 'multi-minor' | 'downgrade' | 'unknown';

export interface UpgradePlan {
  readonly clusterName: string;
  readonly from: string | undefined;
  readonly to: string;
  readonly kind: UpgradeKind;
  readonly strategy: 'in-place' | 'blue-green';
  /** In-place control-plane steps: EKS upgrades one minor at a time. */
  readonly inPlaceSteps: readonly string[];
  readonly current: SupportWindow | undefined;
  readonly target: SupportWindow;
  readonly addons: readonly AddonRow[];
  readonly findings: readonly UpgradeFinding[];
  readonly blockers: number;
  /** Workloads with cluster-local state (StatefulSets, PVCs): blue-green needs a data path for them. */
  readonly statefulWorkloads: readonly string[];
  readonly today: string;
  readonly dataCompiled: string;
}

function kindOf(from: string | undefined, to: string): UpgradeKind {
  if (!from) return 'unknown';
  const c = compareMinor(to, from);
  if (c < 0) return 'downgrade';
  if (c === 0) return 'patch';
  const f = minorString(from)?.split('.').map(Number) ?? [0, 0];
  const t = minorString(to)?.split('.').map(Number) ?? [0, 0];
  return f[0] === t[0] && (t[1] ?? 0) - (f[1] ?? 0) === 1 ? 'minor' : 'multi-minor';
}

function steps(from: string | undefined, to: string): string[] {
  const f = from ? minorString(from)?.split('.').map(Number) : undefined;
  const t = minorString(to)?.split('.').map(Number);
  if (!f || !t || f[0] !== t[0]) return [];
  const out: string[] = [];
  for (let m = (f[1] ?? 0) + 1; m <= (t[1] ?? 0); m++) out.push(`${t[0]}.${m}`);
  return out;
}

function supportFindings(current: SupportWindow | undefined, target: SupportWindow): UpgradeFinding[] {
  const out: UpgradeFinding[] = [];
  const premium = `$${target.extendedPremiumUsdPerMonth.toFixed(0)}`;
  if (target.state === 'unknown' || target.state === 'unreleased') {
    out.push({ area: 'support', level: 'blocker', message: `EKS has ${target.state === 'unreleased' ? `not released ${target.version} yet (release ${target.known?.eksRelease})` : `no ${target.version} in keelson's lifecycle table`}`, fix: 'pick a released version (keelson plan upgrade lists them), or refresh the table', location: undefined });
  } else if (target.state === 'end-of-life') {
    out.push({ area: 'support', level: 'blocker', message: `${target.version} left extended support on ${target.known?.endOfExtendedSupport}: EKS auto-upgrades such clusters`, fix: 'target a version in standard support', location: undefined });
  } else if (target.state === 'extended') {
    out.push({ area: 'support', level: 'warning', message: `${target.version} is already in extended support (until ${target.known?.endOfExtendedSupport}): ${premium} more per cluster and month than standard support`, fix: 'target a version in standard support', location: undefined });
  } else if ((target.daysLeft ?? 0) < 120) {
    out.push({ area: 'support', level: 'warning', message: `${target.version} leaves standard support in ${target.daysLeft} days (${target.known?.endOfStandardSupport}); then it costs ${premium} more per cluster and month`, fix: 'consider the next version, or plan the following upgrade now', location: undefined });
  }
  if (current?.state === 'end-of-life') {
    out.push({ area: 'support', level: 'warning', message: `the cluster's ${current.version} left extended support on ${current.known?.endOfExtendedSupport}: EKS upgrades such control planes automatically, on its schedule`, fix: 'upgrade now, on yours', location: undefined });
  }
  if (current?.state === 'extended') {
    out.push({ area: 'support', level: 'info', message: `the cluster's ${current.version} is in extended support now, costing ${premium} per month more than standard; extended support ends in ${current.daysLeft} days (${current.known?.endOfExtendedSupport})`, fix: 'upgrade before that date, or EKS upgrades the control plane itself', location: undefined });
  }
  return out;
}

function stateful(inv: Inventory): string[] {
  return inv.workloads
    .filter((w) => {
      if (w.object.kind === 'StatefulSet') return true;
      const vols = valueAt(w.podSpec, ['volumes']);
      return Array.isArray(vols) && vols.some((v) => typeof v === 'object' && v !== null && 'persistentVolumeClaim' in v);
    })
    .map((w) => `${w.object.kind} ${w.object.namespace ?? 'default'}/${w.object.name}`)
    .sort();
}

export function planUpgrade(input: UpgradeInput): UpgradePlan {
  const data = input.data ?? EKS_LIFECYCLE;
  const inv = input.inventory;
  const defVersion = inv.clusters.map((c) => c.version.value).find((v) => typeof v === 'string' || typeof v === 'number');
  const from = input.from ?? (defVersion === undefined ? undefined : String(defVersion));
  const to = minorString(input.to) ?? input.to;
  const kind = kindOf(from, input.to);
  const target = supportWindow(to, input.today, data);
  const current = from ? supportWindow(from, input.today, data) : undefined;
  const pinned = input.pinned ?? {};
  const findings = sortFindings([
    ...supportFindings(current, target),
    ...apiRemovals(inv, to),
    ...drainBlockers(inv),
    ...nodeDrift(inv, from ? minorString(from) : undefined, to),
    ...addonFindings(inv, to, pinned, data),
    ...(kind === 'downgrade' ? [{ area: 'support' as const, level: 'blocker' as const, message: `${to} is older than the cluster's ${from}: EKS cannot downgrade`, fix: 'create a new cluster on the older version if you must', location: undefined }] : []),
  ]);
  return {
    clusterName: input.clusterName ?? inv.clusters[0]?.name ?? 'the cluster',
    from,
    to,
    kind,
    strategy: kind === 'patch' ? 'in-place' : 'blue-green',
    inPlaceSteps: steps(from, to),
    current,
    target,
    addons: planAddonRows(inv, to, pinned, data),
    findings,
    blockers: findings.filter((f) => f.level === 'blocker').length,
    statefulWorkloads: stateful(inv),
    today: input.today,
    dataCompiled: data.compiled,
  };
}
