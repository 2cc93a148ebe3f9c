import type { Inventory, K8sObject } from '../../sources/inventory.js';
import { objectsOfGroup } from '../../sources/inventory.js';
import { isRecord } from '../../sources/detect.js';
import { valueAt } from '../../sources/fact.js';
import { child } from '../../sources/location.js';
import type { At } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import type { RemediationFormat, Verdict } from '../types.js';

type Guardrail = 'ecr-only' | 'resource-limits' | 'no-latest' | 'required-labels';

/** How each guardrail shows in a Kyverno rule body and in a Gatekeeper constraint kind. */
const GUARDRAILS: Record<Guardrail, { kyverno: (body: string) => boolean; gatekeeper: RegExp; what: string }> = {
  'ecr-only': { kyverno: (b) => /dkr\.ecr|amazonaws\.com/.test(b), gatekeeper: /^K8sAllowedRepos$/, what: 'images only from ECR' },
  'resource-limits': { kyverno: (b) => /"limits"/.test(b) && /memory/.test(b), gatekeeper: /^K8s(ContainerLimits|RequiredResources)$/, what: 'resource requests and limits' },
  'no-latest': { kyverno: (b) => /:latest/.test(b), gatekeeper: /^K8sDisallowedTags$/, what: 'no latest tag' },
  'required-labels': { kyverno: (b) => /"labels"/.test(b) && /"metadata"/.test(b), gatekeeper: /^K8sRequiredLabels$/, what: 'required labels' },
};

interface Candidate {
  readonly object: K8sObject;
  readonly enforced: boolean;
  /** Where the enforcement mode is (or would be) set. */
  readonly modeAt: At;
}

function kyvernoCandidates(p: K8sObject, g: Guardrail): Candidate[] {
  const rules = valueAt(p.value, ['spec', 'rules']);
  if (!Array.isArray(rules)) return [];
  const specAction = String(valueAt(p.value, ['spec', 'validationFailureAction']) ?? 'Audit');
  return rules.flatMap((r, i): Candidate[] => {
    if (!isRecord(r) || !isRecord(r.validate)) return [];
    if (!GUARDRAILS[g].kyverno(JSON.stringify(r.validate))) return [];
    // Kyverno 1.13+ moved the mode into each rule (validate.failureAction); the spec-level field is the fallback.
    const ruleAction = r.validate.failureAction;
    const action = typeof ruleAction === 'string' ? ruleAction : specAction;
    const modeAt = typeof ruleAction === 'string' ? child(p.at, 'spec', 'rules', i, 'validate', 'failureAction') : child(p.at, 'spec', 'validationFailureAction');
    return [{ object: p, enforced: /^enforce$/i.test(action), modeAt }];
  });
}

function gatekeeperCandidates(p: K8sObject, g: Guardrail): Candidate[] {
  if (!GUARDRAILS[g].gatekeeper.test(p.kind)) return [];
  const action = String(valueAt(p.value, ['spec', 'enforcementAction']) ?? 'deny');
  if (g === 'ecr-only' && !/dkr\.ecr/.test(JSON.stringify(valueAt(p.value, ['spec', 'parameters']) ?? {}))) return [];
  return [{ object: p, enforced: action === 'deny', modeAt: child(p.at, 'spec', 'enforcementAction') }];
}

export default defineRule({
  id: 'SEC-POLICY-ENGINE',
  title: 'Kyverno or Gatekeeper enforces the four guardrails',
  severity: 'high',
  area: 'workload-security',
  evidence: ['K8S', 'LIVE'],
  checklist: 9,
  rationale: 'The guide installs Kyverno (or Gatekeeper) and enforces four guardrails at admission: images only from ECR, resource limits, no latest tag, required labels. A policy in Audit mode only reports; it stops nothing.',
  remediation: { kubernetes: 'add a Kyverno ClusterPolicy per guardrail with validationFailureAction: Enforce (Kyverno 1.13+: validate.failureAction: Enforce), or Gatekeeper constraints with enforcementAction: deny' },
  targets(inv: Inventory): readonly Inventory[] {
    // Only manifests can show a policy engine; without any, there is no evidence either way.
    return inv.objects.length > 0 ? [inv] : [];
  },
  locate: (inv: Inventory) => inv.objects[0]!.at,
  format: (): RemediationFormat => 'kubernetes',
  check(inv, ctx) {
    const policies = objectsOfGroup(inv, 'kyverno.io').filter((o) => (o.kind === 'ClusterPolicy' || o.kind === 'Policy'));
    const constraints = objectsOfGroup(inv, 'constraints.gatekeeper.sh');
    const anchor = (policies[0] ?? constraints[0] ?? inv.objects[0])!.at;
    const out: Verdict[] = [];
    for (const g of Object.keys(GUARDRAILS) as Guardrail[]) {
      const found = [...policies.flatMap((p) => kyvernoCandidates(p, g)), ...constraints.flatMap((c) => gatekeeperCandidates(c, g))];
      if (found.some((c) => c.enforced)) continue;
      const audit = found[0];
      if (audit) out.push(ctx.fail(`${audit.object.kind} ${audit.object.name} checks "${GUARDRAILS[g].what}" but does not enforce it (Audit only)`, audit.modeAt, { sub: g, fix: 'set validationFailureAction: Enforce (or validate.failureAction: Enforce per rule)' }));
      else out.push(ctx.fail(`no Kyverno or Gatekeeper policy in the inputs enforces "${GUARDRAILS[g].what}"`, anchor, { sub: g }));
    }
    return out;
  },
});
