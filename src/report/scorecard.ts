/** The guide's closing 20-item checklist, each item judged from the rules that carry its [CL-n] mark in RULES.md. */
import type { CheckResult, RuleStatus } from '../rules/types.js';

export type ScoreStatus = RuleStatus | 'attest';

export interface ChecklistItem {
  readonly n: number;
  readonly text: string;
  readonly rules: readonly string[];
  /** A process item: it needs a person's confirmation, never a silent pass. */
  readonly attest?: boolean;
}

export const CHECKLIST: readonly ChecklistItem[] = [
  { n: 1, text: 'Cluster provisioned via IaC, no manual Console changes', rules: ['CP-IAC'], attest: true },
  { n: 2, text: 'Private API endpoint enabled; public endpoint restricted or disabled', rules: ['CP-ENDPOINT'] },
  { n: 3, text: 'Secrets encrypted at rest with KMS envelope encryption', rules: ['CP-SECRETS-KMS'] },
  { n: 4, text: 'All control plane log types shipped to CloudWatch Logs', rules: ['CP-LOGGING'] },
  { n: 5, text: 'IRSA / EKS Pod Identity; no workload uses the instance profile', rules: ['IAM-IRSA'] },
  { n: 6, text: 'IMDSv2 enforced via launch template', rules: ['NODE-IMDSV2'] },
  { n: 7, text: 'Karpenter with NodePool, disruption budgets and drift', rules: ['KARP-PRESENT', 'KARP-BUDGETS', 'KARP-DRIFT'] },
  { n: 8, text: 'Pod Security Standards restricted on all application namespaces', rules: ['SEC-PSS'] },
  { n: 9, text: 'Kyverno or Gatekeeper enforce ECR-only, limits, no latest, labels', rules: ['SEC-POLICY-ENGINE'] },
  { n: 10, text: 'ECR enhanced scanning; CI blocks Critical/High CVEs', rules: ['SEC-ECR-SCAN'] },
  { n: 11, text: 'Default-deny NetworkPolicy in all namespaces', rules: ['NET-DEFAULT-DENY'] },
  { n: 12, text: 'PDBs for all production Deployments and StatefulSets', rules: ['WL-PDB'] },
  { n: 13, text: 'HPA for all stateless services', rules: ['WL-HPA'] },
  { n: 14, text: 'Fluent Bit shipping logs to CloudWatch / OpenSearch', rules: ['OBS-LOGS'] },
  { n: 15, text: 'Prometheus + Grafana (or AMP/AMG) dashboards', rules: ['OBS-METRICS'] },
  { n: 16, text: 'OpenTelemetry distributed tracing', rules: ['OBS-TRACING'] },
  { n: 17, text: 'Spot and Graviton enabled in Karpenter NodePools', rules: ['KARP-SPOT-DIVERSITY', 'KARP-GRAVITON'] },
  { n: 18, text: 'Compute Savings Plans for the On-Demand baseline', rules: ['COST-SAVINGS-PLANS'], attest: true },
  { n: 19, text: 'Quarterly upgrade cadence; staging runs N+1', rules: ['UPG-CADENCE'], attest: true },
  { n: 20, text: 'GuardDuty EKS runtime monitoring enabled', rules: ['SEC-GUARDDUTY'] },
];

export interface ScoreLine {
  readonly n: number;
  readonly text: string;
  readonly status: ScoreStatus;
  readonly rules: readonly { readonly id: string; readonly status: RuleStatus | 'not-implemented' }[];
}

/** fail if any rule behind the item fails; pass only if every rule behind it ran and passed. */
export function scorecard(result: CheckResult): ScoreLine[] {
  const byId = new Map(result.rules.map((r) => [r.ruleId, r.status]));
  return CHECKLIST.map((item) => {
    const rules = item.rules.map((id) => ({ id, status: byId.get(id) ?? ('not-implemented' as const) }));
    let status: ScoreStatus;
    if (item.attest) status = 'attest';
    else if (rules.some((r) => r.status === 'fail')) status = 'fail';
    else if (rules.every((r) => r.status === 'pass')) status = 'pass';
    else status = 'not-evaluated';
    return { n: item.n, text: item.text, status, rules };
  });
}
