/** What a rule is (metadata, as data) and what it decides (verdicts). */
import type { SourceLocation } from '../errors.js';
import type { At } from '../sources/location.js';
import type { Inventory } from '../sources/inventory.js';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const AREAS = ['control-plane', 'network', 'nodes', 'karpenter', 'identity', 'workload-security', 'workload-resilience', 'addons', 'observability', 'upgrades', 'suppressions'] as const;
export type Area = (typeof AREAS)[number];

export type Evidence = 'DEF' | 'K8S' | 'LIVE';
export type RemediationFormat = 'keelson' | 'eksctl' | 'cloudformation' | 'terraform' | 'kubernetes';

export interface RuleMeta {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly area: Area;
  readonly evidence: readonly Evidence[];
  /** The item of the guide's 20-item checklist this rule backs, if any. */
  readonly checklist?: number;
  /** Why, in the guide's terms. */
  readonly rationale: string;
  /** Where the guide and current AWS practice differ, both are explained here. */
  readonly practice?: string;
  /** How to fix it, per input format. */
  readonly remediation: Partial<Record<RemediationFormat, string>>;
}

export interface Verdict {
  readonly outcome: 'fail' | 'not-evaluated';
  readonly message: string;
  readonly at: At | undefined;
  /** Stable sub-id, e.g. `audit` for `CP-LOGGING[audit]`, so each failure mode can be suppressed on its own. */
  readonly sub?: string;
  readonly fix?: string;
}

export interface RuleOptions {
  /** Kubernetes minor version the manifests must work on (UPG-DEPRECATED-APIS). */
  readonly targetVersion?: string;
  /** Registries allowed besides the account's ECR (SEC-IMAGE-REGISTRY). */
  readonly allowedRegistries?: readonly string[];
  /** Today as YYYY-MM-DD, passed in so date-based rules (CP-VERSION) give the same answer in tests. */
  readonly today?: string;
}

export interface RuleContext {
  readonly inventory: Inventory;
  readonly options: RuleOptions;
  fail(message: string, at: At | undefined, extra?: { sub?: string; fix?: string }): Verdict;
  notEvaluated(reason: string, at: At | undefined, extra?: { sub?: string }): Verdict;
}

export interface Rule<T = unknown> extends RuleMeta {
  /** The things this rule judges; none means the inputs hold no evidence for it. */
  targets(inventory: Inventory): readonly T[];
  /** Where a target is, for a rule error on it. */
  locate(target: T): At;
  /** The input format a target comes from, to pick the remediation. */
  format(target: T): RemediationFormat;
  /** Verdicts for one target; an empty list is a pass. */
  check(target: T, ctx: RuleContext): Verdict[];
}

export interface FindingSubject {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export type FindingOutcome = 'fail' | 'not-evaluated';

export interface Finding {
  readonly ruleId: string;
  /** The rule id with its sub-id: `CP-LOGGING[audit]`. */
  readonly id: string;
  readonly severity: Severity;
  readonly area: Area;
  readonly title: string;
  readonly outcome: FindingOutcome;
  readonly message: string;
  readonly location: SourceLocation;
  readonly fix: string | undefined;
  /** What the finding is about, for suppression selectors (kind, namespace, name). */
  readonly subject?: FindingSubject;
  /** The document (0-based) of `location.file` the finding is in, and the object's path inside it. */
  readonly document?: { readonly index: number; readonly objectPath: string };
  /** Set when a suppression covers this finding; suppressed findings stay visible in JSON and SARIF. */
  suppressed?: { readonly reason: string; readonly source: string; readonly expires?: string };
}

export type RuleStatus = 'pass' | 'fail' | 'not-evaluated';

export interface RuleOutcome {
  readonly ruleId: string;
  readonly status: RuleStatus;
  readonly targets: number;
  readonly reason?: string;
}

export interface CheckResult {
  readonly findings: Finding[];
  readonly rules: RuleOutcome[];
  readonly notices: Inventory['notices'];
  readonly stats: { readonly documents: number; readonly objects: number; readonly unknownObjects: number; readonly clusters: number };
}
