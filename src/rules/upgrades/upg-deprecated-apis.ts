import { child } from '../../sources/location.js';
import { DEFAULT_KUBERNETES_VERSION } from '../../model/constants.js';
import type { Inventory, K8sObject, UpgradeInsight } from '../../sources/inventory.js';
import type { At } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import type { RemediationFormat, RuleContext, Verdict } from '../types.js';
import { DEPRECATED_APIS } from './deprecated-apis.data.js';

// Every object is looked up: by apiVersion and kind, the first entry of the data for each pair.
const DEPRECATED_BY_API = new Map<string, Map<string, (typeof DEPRECATED_APIS)[number]>>();
for (const d of DEPRECATED_APIS) {
  let kinds = DEPRECATED_BY_API.get(d.apiVersion);
  if (!kinds) DEPRECATED_BY_API.set(d.apiVersion, (kinds = new Map()));
  if (!kinds.has(d.kind)) kinds.set(d.kind, d);
}

/** "v1.25.0" or "1.25" -> [1, 25]; undefined for an empty or non-Kubernetes version. */
function minor(v: string): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(v);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function atOrBefore(a: [number, number], b: [number, number]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]);
}

/** The version to check against: the option, else the newest version a cluster definition in the inputs names. */
function targetVersion(inv: Inventory, option: string | undefined): string {
  if (option) return option;
  const versions = inv.clusters.flatMap((c) => (typeof c.version.value === 'string' || typeof c.version.value === 'number' ? [String(c.version.value)] : []));
  const sorted = versions.filter((v) => minor(v)).sort((a, b) => (atOrBefore(minor(a)!, minor(b)!) ? 1 : -1));
  return sorted[0] ?? DEFAULT_KUBERNETES_VERSION;
}

/** A running cluster's EKS upgrade insight: EKS saw these API calls in the audit log, whatever the manifests say. */
interface InsightTarget {
  readonly insight: UpgradeInsight;
  readonly cluster: string;
  readonly at: At;
}
type Target = K8sObject | InsightTarget;
const isInsight = (t: Target): t is InsightTarget => 'insight' in t;

function insightTargets(inv: Inventory): InsightTarget[] {
  return inv.clusters.flatMap((c) => (c.upgradeInsights?.value ?? []).map((insight, i) => ({ insight, cluster: c.name, at: child(c.upgradeInsights!.at, i) })));
}

function checkInsight(t: InsightTarget, ctx: RuleContext): Verdict[] {
  const { insight: i } = t;
  const what = `EKS upgrade insight "${i.name}"${i.kubernetesVersion ? ` (Kubernetes ${i.kubernetesVersion})` : ''} on cluster ${t.cluster}`;
  const fix = `aws eks describe-insight --cluster-name ${t.cluster} --id <id> lists the clients (user agents) still calling the deprecated APIs; move them to the replacement APIs, then let EKS refresh the insight before upgrading`;
  if (i.status === 'ERROR' || i.status === 'WARNING') return [ctx.fail(`${what} is ${i.status}: ${i.reason ?? i.description ?? 'no reason given'}`, t.at, { sub: 'insight', fix })];
  if (i.status === 'PASSING') return [];
  return [ctx.notEvaluated(`${what} has status ${i.status ?? 'unknown'}: EKS could not decide it${i.reason ? ` (${i.reason})` : ''}`, t.at)];
}

export default defineRule({
  id: 'UPG-DEPRECATED-APIS',
  title: 'No manifest uses an API removed in, or deprecated by, the target version',
  severity: 'high',
  area: 'upgrades',
  evidence: ['K8S', 'LIVE'],
  rationale: 'The guide checks manifests for removed APIs before every upgrade (pluto, kubent): an object on a removed API fails to apply after the upgrade, and Helm releases that contain one cannot be upgraded or rolled back.',
  remediation: { kubernetes: 'move the object to the replacement apiVersion (kubectl convert helps) before upgrading' },
  targets: (inv: Inventory): readonly Target[] => [...inv.objects, ...insightTargets(inv)],
  locate: (t: Target) => t.at,
  format: (): RemediationFormat => 'kubernetes',
  check(subject, ctx) {
    if (isInsight(subject)) return checkInsight(subject, ctx);
    const o = subject;
    const entry = DEPRECATED_BY_API.get(o.apiVersion)?.get(o.kind);
    if (!entry) return [];
    const at = child(o.at, 'apiVersion');
    const fix = `use ${entry.replacement}`;
    if (entry.removedIn.startsWith('karpenter-')) {
      return [ctx.fail(`${o.kind} ${o.name} uses ${o.apiVersion}, which Karpenter ${entry.removedIn.slice('karpenter-'.length)} no longer serves`, at, { sub: 'removed', fix })];
    }
    const target = targetVersion(ctx.inventory, ctx.options.targetVersion);
    const t = minor(target);
    const removed = minor(entry.removedIn);
    const deprecated = minor(entry.deprecatedIn);
    if (!t) return [ctx.notEvaluated(`target version "${target}" is not a Kubernetes version`, at)];
    if (removed && atOrBefore(removed, t)) return [ctx.fail(`${o.kind} ${o.name} uses ${o.apiVersion}, removed in Kubernetes ${entry.removedIn} (target ${target})`, at, { sub: 'removed', fix })];
    if (deprecated && atOrBefore(deprecated, t)) return [ctx.fail(`${o.kind} ${o.name} uses ${o.apiVersion}, deprecated since Kubernetes ${entry.deprecatedIn}${entry.removedIn ? ` and removed in ${entry.removedIn}` : ''}`, at, { sub: 'deprecated', fix })];
    return [];
  },
});
