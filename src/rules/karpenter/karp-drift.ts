import type { Inventory, K8sObject } from '../../sources/inventory.js';
import { objectsOfKind } from '../../sources/inventory.js';
import { isRecord } from '../../sources/detect.js';
import { valueAt } from '../../sources/fact.js';
import { child } from '../../sources/location.js';
import type { At } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { objectTargets } from '../internal/targets.js';
import type { Verdict } from '../types.js';

/** Where Karpenter's Drift feature gate is turned off (v0.32–v0.37: FEATURE_GATES env or Helm settings.featureGates.drift). */
function driftGateOff(inv: Inventory): { at: At; what: string } | undefined {
  for (const w of inv.workloads) {
    for (const c of w.containers) {
      const env = c.value.env;
      if (!Array.isArray(env)) continue;
      const i = env.findIndex((e) => isRecord(e) && e.name === 'FEATURE_GATES' && typeof e.value === 'string' && /(^|,)\s*Drift\s*=\s*false/i.test(e.value));
      if (i >= 0) return { at: child(c.at, 'env', i, 'value'), what: `${w.object.kind} ${w.object.name} sets FEATURE_GATES ${String((env[i] as Record<string, unknown>).value)}` };
    }
  }
  for (const k of objectsOfKind(inv, 'Kustomization')) {
    const charts = k.value.helmCharts;
    if (!Array.isArray(charts)) continue;
    for (const [i, ch] of charts.entries()) {
      if (isRecord(ch) && ch.name === 'karpenter' && valueAt(ch, ['valuesInline', 'settings', 'featureGates', 'drift']) === false) {
        return { at: child(k.at, 'helmCharts', i, 'valuesInline', 'settings', 'featureGates', 'drift'), what: 'the karpenter Helm values set settings.featureGates.drift: false' };
      }
    }
  }
  return undefined;
}

/** How one amiSelectorTerms entry picks AMIs: by alias, by a selector that follows new releases, or by a fixed ID. */
function termKind(t: unknown): 'alias' | 'follows' | 'id' | 'unknown' {
  if (!isRecord(t)) return 'unknown';
  if (typeof t.alias === 'string') return 'alias';
  if (t.name !== undefined || t.tags !== undefined || t.ssmParameter !== undefined) return 'follows';
  if (t.id !== undefined) return 'id';
  return 'unknown';
}

export default defineRule({
  id: 'KARP-DRIFT',
  title: 'Drift replacement is active: AMIs selected by alias or pinned version, not a frozen ID',
  severity: 'low',
  area: 'karpenter',
  evidence: ['K8S', 'LIVE'],
  checklist: 7,
  rationale: 'The guide upgrades Karpenter nodes through drift detection: change the EC2NodeClass AMI alias and Karpenter replaces every node that no longer matches, within the disruption budgets. An EC2NodeClass that selects a fixed AMI ID never drifts to a patched AMI, and a disabled Drift feature gate stops the replacement altogether.',
  practice: 'The guide writes `alias: al2023@latest`, which drifts every node to each new AMI release as soon as AWS publishes it. Karpenter and AWS now recommend pinning a version in production (`alias: al2023@v20260903`) and moving it deliberately, after staging, as keelson does; both pass. Drift is always on since Karpenter v1 (the featureGates.drift setting the guide mentions existed only in v0.32–v0.37). An AMI ID is fine when a pipeline rewrites it: suppress this rule with that reason.',
  remediation: { kubernetes: 'select the AMI with spec.amiSelectorTerms: [{alias: al2023@v20260903}] (a pinned version) or al2023@latest, instead of a fixed id; remove Drift=false from the Karpenter feature gates' },
  ...objectTargets('EC2NodeClass', 'karpenter.k8s.aws'),
  check(o: K8sObject, ctx) {
    const out: Verdict[] = [];
    const first = objectsOfKind(ctx.inventory, 'EC2NodeClass', 'karpenter.k8s.aws')[0];
    // The gate is Karpenter-wide: report it once, on the first EC2NodeClass, not on every one.
    if (first === o) {
      const off = driftGateOff(ctx.inventory);
      if (off) out.push(ctx.fail(`drift is disabled: ${off.what}; nodes are never replaced when their AMI or NodePool changes`, off.at, { sub: 'feature-gate' }));
    }
    const terms = valueAt(o.value, ['spec', 'amiSelectorTerms']);
    const termsAt = child(o.at, 'spec', 'amiSelectorTerms');
    if (!Array.isArray(terms) || terms.length === 0) {
      // v1beta1 (and earlier) picks the newest EKS-optimized AMI of spec.amiFamily when no terms are given: that drifts.
      if (o.apiVersion !== 'karpenter.k8s.aws/v1' && typeof valueAt(o.value, ['spec', 'amiFamily']) === 'string') return out;
      out.push(ctx.fail(`EC2NodeClass ${o.name} has no amiSelectorTerms: Karpenter v1 requires them (an alias such as al2023@v20260903)`, termsAt, { sub: 'ami' }));
      return out;
    }
    const kinds = terms.map(termKind);
    if (kinds.includes('alias') || kinds.includes('follows')) return out;
    const i = kinds.indexOf('id');
    if (i >= 0) {
      const ids = terms.flatMap((t) => (isRecord(t) && t.id !== undefined ? [String(t.id)] : []));
      out.push(ctx.fail(`EC2NodeClass ${o.name} selects fixed AMI ID${ids.length > 1 ? 's' : ''} ${ids.join(', ')}: its nodes never drift to a patched AMI until someone edits the ID`, child(termsAt, i, 'id'), { sub: 'ami' }));
    } else {
      out.push(ctx.notEvaluated(`EC2NodeClass ${o.name}: amiSelectorTerms select by no field keelson knows (alias, id, name, tags, ssmParameter)`, termsAt, { sub: 'ami' }));
    }
    return out;
  },
});
