/**
 * Add-on versions for the target, from the embedded table (the EKS user guide's "latest build per Kubernetes
 * version"), checked against the versions a definition pins. Offline and dated: live, eks:DescribeAddonVersions wins.
 */
import type { Inventory } from '../../sources/inventory.js';
import { objectsOfKind } from '../../sources/inventory.js';
import { valueAt } from '../../sources/fact.js';
import { selectorMatches } from '../../sources/kubernetes/k8s-objects.js';
import { child } from '../../sources/location.js';
import { EKS_LIFECYCLE, minorString } from './lifecycle.js';
import type { EksLifecycleFile } from './lifecycle.js';
import { definedAddons } from '../../rules/internal/addon-specs.js';
import { locate } from './finding.js';
import type { UpgradeFinding } from './finding.js';

export interface PinnedAddons {
  readonly coredns?: string;
  readonly kubeProxy?: string;
  readonly vpcCni?: string;
}

export interface AddonRow {
  readonly addon: string;
  readonly pinned: string | undefined;
  /** The latest EKS build the table lists for the target; undefined when the table has no row. */
  readonly forTarget: string | undefined;
  readonly verdict: 'ok' | 'update' | 'incompatible' | 'unknown';
  readonly note: string;
}

export function addonRows(target: string, pinned: PinnedAddons, data: EksLifecycleFile = EKS_LIFECYCLE): AddonRow[] {
  const table = data.latestAddonByVersion;
  const rows: AddonRow[] = [];
  const kp = table['kube-proxy']?.[target];
  const kpMinor = pinned.kubeProxy ? minorString(pinned.kubeProxy) : undefined;
  rows.push({
    addon: 'kube-proxy',
    pinned: pinned.kubeProxy,
    forTarget: kp,
    verdict: pinned.kubeProxy === undefined ? (kp ? 'update' : 'unknown') : kpMinor === target ? 'ok' : 'incompatible',
    note: 'its minor tracks the cluster minor: v' + target + '.x for ' + target + '; update it right after the control plane',
  });
  const cd = table.coredns?.[target];
  rows.push({
    addon: 'coredns',
    pinned: pinned.coredns,
    forTarget: cd,
    verdict: pinned.coredns === undefined ? (cd ? 'update' : 'unknown') : pinned.coredns === cd ? 'ok' : 'update',
    note: 'EKS builds ship their own PodDisruptionBudget; a user PDB for CoreDNS can make the add-on update fail',
  });
  rows.push({
    addon: 'vpc-cni',
    pinned: pinned.vpcCni,
    forTarget: undefined,
    verdict: 'unknown',
    note: 'one build line serves every supported version; upgrade one minor at a time (below v1.7.0: go to v1.7.0 first)',
  });
  return rows;
}

/**
 * From a live snapshot (eks:DescribeAddonVersions kept on each add-on): every installed add-on against what EKS
 * itself supports on the target, which overrules the embedded table for the add-ons it covers.
 */
export function liveAddonRows(inv: Inventory, target: string): (AddonRow & { at: ReturnType<typeof locate> })[] {
  const rows: (AddonRow & { at: ReturnType<typeof locate> })[] = [];
  for (const a of definedAddons(inv)) {
    if (!a.supportedVersions) continue;
    const forTarget = a.supportedVersions.filter((v) => v.clusterVersions.some((k) => minorString(k) === target)).map((v) => v.version);
    const pinned = a.version.value;
    rows.push({
      addon: a.name,
      pinned,
      forTarget: forTarget[0],
      verdict: forTarget.length === 0 || pinned === undefined ? 'unknown' : forTarget.includes(pinned) ? (pinned === forTarget[0] ? 'ok' : 'update') : 'incompatible',
      note: `live: eks:DescribeAddonVersions lists ${forTarget.length} version${forTarget.length === 1 ? '' : 's'} for ${target}`,
      at: locate(a.version.at),
    });
  }
  return rows;
}

/** The rows a plan shows: live rows where a snapshot has them, the embedded table for the rest. */
export function planAddonRows(inv: Inventory, target: string, pinned: PinnedAddons, data: EksLifecycleFile = EKS_LIFECYCLE): AddonRow[] {
  const live = liveAddonRows(inv, target).map(({ at: _at, ...row }) => row);
  return [...live, ...addonRows(target, pinned, data).filter((r) => !live.some((l) => l.addon === r.addon))];
}

export function addonFindings(inv: Inventory, target: string, pinned: PinnedAddons, data: EksLifecycleFile = EKS_LIFECYCLE): UpgradeFinding[] {
  const out: UpgradeFinding[] = [];
  const live = liveAddonRows(inv, target);
  for (const r of live) {
    if (r.verdict === 'incompatible') out.push({ area: 'addons', level: 'blocker', message: `${r.addon} ${r.pinned} is not supported on Kubernetes ${target} (eks:DescribeAddonVersions)`, fix: `update ${r.addon} to ${r.forTarget} before the control plane moves, or right after where EKS requires the order`, location: r.at });
    else if (r.verdict === 'update') out.push({ area: 'addons', level: 'warning', message: `${r.addon} ${r.pinned} runs on ${target}; EKS's newest for ${target} is ${r.forTarget}`, fix: `update ${r.addon} to ${r.forTarget} after the control-plane upgrade`, location: r.at });
  }
  for (const r of addonRows(target, pinned, data).filter((row) => !live.some((l) => l.addon === row.addon))) {
    if (r.verdict === 'incompatible') out.push({ area: 'addons', level: 'blocker', message: `${r.addon} is pinned to ${r.pinned}, which does not match Kubernetes ${target}`, fix: `pin ${r.forTarget ?? `a v${target}.x build`} (or unpin it) together with the upgrade`, location: undefined });
    else if (r.verdict === 'update' && r.pinned !== undefined) out.push({ area: 'addons', level: 'warning', message: `${r.addon} is pinned to ${r.pinned}; EKS lists ${r.forTarget} for ${target}`, fix: `pin ${r.forTarget} after the control-plane upgrade`, location: undefined });
  }
  for (const pdb of objectsOfKind(inv, 'PodDisruptionBudget', 'policy')) {
    if ((pdb.namespace ?? 'default') !== 'kube-system') continue;
    if (selectorMatches(valueAt(pdb.value, ['spec', 'selector']), { 'k8s-app': 'kube-dns' })) {
      out.push({ area: 'addons', level: 'warning', message: `PodDisruptionBudget kube-system/${pdb.name} selects CoreDNS: the EKS CoreDNS add-on brings its own PDB and the update can fail on the conflict`, fix: 'delete this PDB, or update the add-on with resolveConflicts OVERWRITE', location: locate(child(pdb.at, 'spec', 'selector')) });
    }
  }
  if (!data.latestAddonByVersion['kube-proxy']?.[target] && !data.latestAddonByVersion.coredns?.[target]) {
    out.push({ area: 'addons', level: 'info', message: `the embedded add-on table (observed ${data.addonsObserved}) has no row for ${target}`, fix: `aws eks describe-addon-versions --kubernetes-version ${target}`, location: undefined });
  }
  return out;
}
