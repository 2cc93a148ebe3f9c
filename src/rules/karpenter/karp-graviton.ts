import type { Inventory, K8sObject, WorkloadFact } from '../../sources/inventory.js';
import { objectsOfKind } from '../../sources/inventory.js';
import { isRecord } from '../../sources/detect.js';
import { valueAt } from '../../sources/fact.js';
import { child } from '../../sources/location.js';
import type { At } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { applicationWorkloadsOf } from '../internal/targets.js';
import { nodePoolTargets } from './internal-nodepool.js';

const ARCH = 'kubernetes.io/arch';
/** Graviton families carry a `g` right after the generation: m7g, c6gn, r8gd, t4g, im4gn, g5g (but not g5, p5). */
const GRAVITON_FAMILY = /^[a-z]+\d+g/;

interface Exclusion {
  readonly at: At;
  readonly why: string;
}

/** Where a NodePool's requirements rule out arm64 nodes, if they do. */
function excludesArm64(p: K8sObject): Exclusion | undefined {
  const reqs = valueAt(p.value, ['spec', 'template', 'spec', 'requirements']);
  if (!Array.isArray(reqs)) return undefined;
  const reqsAt = child(p.at, 'spec', 'template', 'spec', 'requirements');
  for (const [i, r] of reqs.entries()) {
    if (!isRecord(r)) continue;
    const values = Array.isArray(r.values) ? r.values.map(String) : [];
    const at = child(reqsAt, i, 'values');
    if (r.key === ARCH) {
      if (r.operator === 'In' && !values.includes('arm64')) return { at, why: `${ARCH} In [${values.join(', ')}]` };
      if (r.operator === 'NotIn' && values.includes('arm64')) return { at, why: `${ARCH} NotIn [${values.join(', ')}]` };
      if (r.operator === 'DoesNotExist') return { at: child(reqsAt, i), why: `${ARCH} DoesNotExist` };
    }
    // Instance families or types written out without one Graviton among them rule arm64 out as surely as the arch key.
    if ((r.key === 'karpenter.k8s.aws/instance-family' || r.key === 'node.kubernetes.io/instance-type') && r.operator === 'In' && values.length > 0 && !values.some((v) => GRAVITON_FAMILY.test(v))) {
      return { at, why: `${String(r.key)} In [${values.join(', ')}] (no Graviton family)` };
    }
  }
  return undefined;
}

/** A workload that asks for amd64 nodes only (nodeSelector or required node affinity): its images are not multi-arch. */
function pinsAmd64(w: WorkloadFact): boolean {
  const sel = w.podSpec.nodeSelector;
  if (isRecord(sel) && sel[ARCH] === 'amd64') return true;
  const terms = valueAt(w.podSpec, ['affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms']);
  if (!Array.isArray(terms) || terms.length === 0) return false;
  return terms.every((t) => {
    const exprs = isRecord(t) && Array.isArray(t.matchExpressions) ? t.matchExpressions : [];
    return exprs.some((e) => isRecord(e) && e.key === ARCH && e.operator === 'In' && Array.isArray(e.values) && !e.values.includes('arm64'));
  });
}

function allWorkloadsPinAmd64(inv: Inventory): boolean {
  const apps = applicationWorkloadsOf(inv);
  return apps.length > 0 && apps.every(pinsAmd64);
}

export default defineRule({
  id: 'KARP-GRAVITON',
  title: 'NodePools allow arm64 (Graviton) where the workloads are multi-arch',
  severity: 'info',
  area: 'karpenter',
  evidence: ['K8S', 'LIVE'],
  checklist: 17,
  rationale: 'The guide runs Graviton (arm64) nodes for 20–40% better price/performance: most images build for linux/arm64 unchanged (docker buildx), and a NodePool that allows arm64 lets Karpenter choose it. A NodePool restricted to amd64 gives that saving away.',
  practice: 'The guide\'s NodePool allows arm64 only; with images that are not all multi-arch yet, allow both (kubernetes.io/arch In [arm64, amd64]) and pin the amd64-only workloads with a nodeSelector, or keep a separate amd64 NodePool next to an arm64 one. This rule passes when another NodePool allows arm64, or when every workload in the inputs pins amd64 (their images are not multi-arch).',
  remediation: { kubernetes: 'add arm64 to the NodePool requirement: {key: kubernetes.io/arch, operator: In, values: [arm64, amd64]} (and Graviton families such as m7g, c7g, r7g if families are listed)' },
  ...nodePoolTargets,
  check(p, ctx) {
    const ex = excludesArm64(p);
    if (!ex) return [];
    const pools = objectsOfKind(ctx.inventory, 'NodePool', 'karpenter.sh');
    if (pools.some((o) => o !== p && excludesArm64(o) === undefined)) return [];
    if (allWorkloadsPinAmd64(ctx.inventory)) return [];
    return [ctx.fail(`NodePool ${p.name} rules out arm64 (${ex.why}) and no other NodePool allows it: multi-arch workloads never get Graviton nodes`, ex.at)];
  },
});
