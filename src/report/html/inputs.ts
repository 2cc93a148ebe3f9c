/**
 * What the HTML report reads: the JSON that `keelson check --format json` and `keelson plan ... --format json`
 * write. Only the fields the page shows are typed here; each input is recognised by its shape, so the files can be
 * given in any order.
 */
import type { SourceLocation } from '../../errors.js';
import type { Finding, RuleStatus } from '../../rules/types.js';
import type { ScoreStatus } from '../scorecard.js';

/**
 * A finding as `keelson check --format json` writes it (report/json.ts): the rules' Finding with `fix` null rather
 * than absent. `suppressed.expires` is read when present, so a result that records the suppression's expiry shows it.
 */
export type CheckFinding = Readonly<Omit<Finding, 'fix'>> & { readonly fix: string | null };

export interface CheckDoc {
  readonly schemaVersion: number;
  readonly tool: { readonly name: string; readonly version: string };
  readonly summary: { readonly documents?: number; readonly objects?: number; readonly unknownObjects?: number; readonly clusters?: number };
  readonly findings: readonly CheckFinding[];
  readonly rules: readonly { readonly ruleId: string; readonly status: RuleStatus; readonly targets: number; readonly reason?: string }[];
  readonly checklist: readonly { readonly n: number; readonly text: string; readonly status: ScoreStatus; readonly rules: readonly { readonly id: string; readonly status: RuleStatus | 'not-implemented' }[] }[];
  readonly notices: readonly { readonly kind: string; readonly message: string; readonly location: SourceLocation }[];
}

export interface PlanFiguresDoc {
  readonly usdPerMonth: number;
  readonly nodes: number;
  readonly unplaced: number;
  readonly cpuUtilisation: number;
  readonly memoryUtilisation: number;
  readonly ratioToLowerBound: number | null;
}

export interface PlannedNodeDoc {
  readonly nodePool: string;
  readonly type: string;
  readonly capacityType: string;
  readonly zone: string;
  readonly priceUsdPerHour: number;
  readonly pods: readonly string[];
  readonly podCpuMillis: number;
  readonly podMemoryMiB: number;
  readonly daemonSetCpuMillis: number;
  readonly daemonSetMemoryMiB: number;
  readonly allocatableCpuMillis: number;
  readonly allocatableMemoryMiB: number;
  readonly candidates: number;
  readonly runnerUp?: { readonly type: string; readonly priceUsdPerHour: number } | null;
}

/** A plan as `keelson plan capacity --format json` writes each of them: types by name, pods by id. */
export interface PlanDoc {
  readonly nodes: readonly PlannedNodeDoc[];
  readonly unplaced: readonly { readonly pod: string; readonly reason: string }[];
  readonly costUsdPerHour?: number;
}

export interface CapacityDoc {
  readonly pricesAsOf: string;
  readonly pricesSource?: string;
  readonly assumptions: { readonly region: string; readonly spotDiscount: number; readonly savingsPlanDiscount: number };
  readonly pods: number;
  readonly daemonSets: number;
  readonly notes?: readonly string[];
  readonly scenarios: readonly {
    readonly id: string;
    readonly title: string;
    readonly savingVsBaseline?: number | null;
    readonly best: {
      readonly strategy: string;
      readonly change?: string | null;
      readonly plan: PlanDoc;
    };
    readonly karpenter?: PlanDoc;
    /** Karpenter's plan after its consolidation: how many nodes it deleted, and how many each replacement replaced. */
    readonly consolidated?: { readonly plan: PlanDoc; readonly deleted: number; readonly replaced: readonly number[] };
    readonly figures: { readonly karpenter: PlanFiguresDoc; readonly best: PlanFiguresDoc; readonly consolidated?: PlanFiguresDoc; readonly lowerBoundUsdPerMonth: number };
  }[];
}

export interface IpsDoc {
  readonly plan: {
    readonly input: { readonly instanceType: string | { readonly name: string }; readonly nodes: number; readonly mode: string };
    readonly podsPerNode: number;
    readonly perNode: { readonly addresses: number; readonly warmAddresses?: number };
    readonly subnets: readonly {
      readonly subnet: { readonly name?: string; readonly cidr: string; readonly zone?: string };
      readonly role: string;
      readonly nodes: number;
      readonly addressesPerNode: number;
      readonly demand: number;
      readonly usable: number;
      readonly free: number;
      readonly runsOut: boolean;
      readonly maxNodes: number | null;
      readonly fragmentationRisk?: string;
    }[];
    readonly maxNodes: number | null;
    readonly ok: boolean;
    readonly alternatives: readonly { readonly title: string; readonly change: string; readonly fits: boolean; readonly maxNodes: number | null }[];
  };
  readonly notes?: readonly string[];
}

export interface UpgradeDoc {
  readonly clusterName: string;
  readonly from?: string | null;
  readonly to: string;
  readonly kind: string;
  readonly strategy: string;
  readonly inPlaceSteps: readonly string[];
  readonly target: { readonly version: string; readonly state: string; readonly daysLeft?: number; readonly known?: { readonly endOfStandardSupport?: string; readonly endOfExtendedSupport?: string }; readonly extendedPremiumUsdPerMonth: number };
  readonly current?: { readonly version: string; readonly state: string; readonly daysLeft?: number } | null;
  readonly addons: readonly { readonly addon: string; readonly pinned?: string; readonly forTarget?: string; readonly verdict: string; readonly note?: string }[];
  readonly findings: readonly { readonly area: string; readonly level: 'blocker' | 'warning' | 'info'; readonly message: string; readonly fix: string; readonly location?: SourceLocation }[];
  readonly blockers: number;
  readonly statefulWorkloads?: readonly string[];
  readonly today: string;
  /** The Markdown runbook; written by `keelson plan upgrade --format json` since the report shows it. */
  readonly runbook?: string;
}

/** Everything one page shows. `base` turns on comparison mode: `check` is then the newer result. */
export interface ReportInputs {
  readonly check: CheckDoc;
  readonly base?: CheckDoc;
  /** Labels for the two sides of a comparison, e.g. the file names. */
  readonly labels?: { readonly base: string; readonly check: string };
  readonly capacity?: CapacityDoc;
  readonly ips?: IpsDoc;
  readonly upgrade?: UpgradeDoc;
}

export type ReportInput =
  | { readonly kind: 'check'; readonly doc: CheckDoc }
  | { readonly kind: 'capacity'; readonly doc: CapacityDoc }
  | { readonly kind: 'ips'; readonly doc: IpsDoc }
  | { readonly kind: 'upgrade'; readonly doc: UpgradeDoc };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Which keelson output a parsed JSON value is, or why it is none. The checks go one level deeper than the key
 * names where the page would otherwise fail half-way through rendering.
 */
export function classifyInput(value: unknown): ReportInput | { readonly kind: 'unknown'; readonly why: string } {
  if (!isObject(value)) return { kind: 'unknown', why: 'not a JSON object' };
  if (Array.isArray(value.findings) && Array.isArray(value.checklist) && Array.isArray(value.rules)) {
    if (value.schemaVersion !== 1) return { kind: 'unknown', why: `a check result of schemaVersion ${String(value.schemaVersion)}; this keelson reads schemaVersion 1` };
    const bad = (value.findings as unknown[]).findIndex((f) => !isObject(f) || typeof f.id !== 'string' || typeof f.severity !== 'string' || !isObject(f.location));
    if (bad >= 0) return { kind: 'unknown', why: `findings[${bad}] is not a keelson finding (id, severity, location)` };
    return { kind: 'check', doc: { notices: [], summary: {}, ...value } as unknown as CheckDoc };
  }
  if (Array.isArray(value.scenarios) && typeof value.pricesAsOf === 'string') {
    const bad = (value.scenarios as unknown[]).findIndex((s) => !isObject(s) || !isObject(s.figures) || !isObject(s.best));
    if (bad >= 0) return { kind: 'unknown', why: `scenarios[${bad}] is not a capacity scenario (figures, best)` };
    return { kind: 'capacity', doc: value as unknown as CapacityDoc };
  }
  if (isObject(value.plan) && Array.isArray(value.plan.subnets) && isObject(value.plan.perNode)) return { kind: 'ips', doc: value as unknown as IpsDoc };
  if (typeof value.to === 'string' && Array.isArray(value.findings) && typeof value.blockers === 'number') return { kind: 'upgrade', doc: value as unknown as UpgradeDoc };
  return { kind: 'unknown', why: 'not the JSON of keelson check or keelson plan capacity / ips / upgrade (--format json)' };
}
