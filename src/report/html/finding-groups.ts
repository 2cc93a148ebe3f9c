/** Findings arranged for reading: by area, then by rule (worst first), plus the short list of what to fix first. */
import { AREAS, SEVERITIES } from '../../rules/types.js';
import type { Area, RuleMeta, Severity } from '../../rules/types.js';
import type { CheckFinding } from './inputs.js';

/** A finding with its position in the result, which gives it a stable anchor on the page. */
export interface IndexedFinding {
  readonly index: number;
  readonly finding: CheckFinding;
}

export interface RuleGroup {
  readonly ruleId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly meta: RuleMeta | undefined;
  readonly findings: readonly IndexedFinding[];
}

export interface AreaGroup {
  readonly area: Area | string;
  readonly rules: readonly RuleGroup[];
  readonly count: number;
}

export const severityRank = (s: string): number => SEVERITIES.indexOf(s as Severity);

function worst(findings: readonly IndexedFinding[]): Severity {
  let best = 'info' as Severity;
  for (const { finding } of findings) if (severityRank(finding.severity) > severityRank(best)) best = finding.severity;
  return best;
}

/** Areas in the catalogue's order (unknown areas after them, by name); rules worst first, then by id. */
export function groupFindings(findings: readonly IndexedFinding[], rules: readonly RuleMeta[]): AreaGroup[] {
  const metaById = new Map(rules.map((r) => [r.id, r]));
  const byArea = new Map<string, Map<string, IndexedFinding[]>>();
  for (const f of findings) {
    let area = byArea.get(f.finding.area);
    if (!area) byArea.set(f.finding.area, (area = new Map()));
    const list = area.get(f.finding.ruleId);
    if (list) list.push(f);
    else area.set(f.finding.ruleId, [f]);
  }
  const order = (a: string): number => {
    const i = (AREAS as readonly string[]).indexOf(a);
    return i < 0 ? AREAS.length : i;
  };
  return [...byArea.keys()]
    .sort((a, b) => order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map((area) => {
      const groups = [...(byArea.get(area) ?? new Map<string, IndexedFinding[]>())].map(([ruleId, list]): RuleGroup => {
        const meta = metaById.get(ruleId);
        return { ruleId, title: meta?.title ?? list[0]?.finding.title ?? ruleId, severity: worst(list), meta, findings: list };
      });
      groups.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
      return { area, rules: groups, count: groups.reduce((n, g) => n + g.findings.length, 0) };
    });
}

export interface FixFirst {
  readonly ruleId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly count: number;
  readonly first: IndexedFinding;
}

/**
 * The rules to work on first: failing, unsuppressed, worst severity first, then the rule with most findings (one
 * fix usually clears them all), then by id so ties do not depend on input order.
 */
export function fixFirst(findings: readonly IndexedFinding[], limit = 5): FixFirst[] {
  const byRule = new Map<string, IndexedFinding[]>();
  for (const f of findings) {
    if (f.finding.outcome !== 'fail' || f.finding.suppressed) continue;
    const list = byRule.get(f.finding.ruleId);
    if (list) list.push(f);
    else byRule.set(f.finding.ruleId, [f]);
  }
  return [...byRule]
    .map(([ruleId, list]): FixFirst => {
      const severity = worst(list);
      const first = list.find((f) => f.finding.severity === severity) ?? (list[0] as IndexedFinding);
      return { ruleId, title: first.finding.title, severity, count: list.length, first };
    })
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || b.count - a.count || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0))
    .slice(0, limit);
}
