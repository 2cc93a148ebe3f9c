/**
 * What changed between two check results: findings that are new or fixed, and checklist items that got better or
 * worse. A finding is the same finding when its id, file, field path and subject match: line numbers move with
 * every edit above them, so they only identify a finding that has neither a field path nor a subject.
 */
import { SEVERITIES } from '../../rules/types.js';
import type { CheckDoc, CheckFinding } from './inputs.js';

export function findingKey(f: CheckFinding): string {
  const where = f.location.path ?? (f.subject ? '' : `line ${f.location.line ?? 0}`);
  const subject = f.subject ? `${f.subject.kind}/${f.subject.namespace ?? ''}/${f.subject.name}` : '';
  return [f.id, f.outcome, f.location.file ?? '', where, subject].join('\u0000');
}

export interface FindingDiff {
  /** Open in the newer result, not in the older one. */
  readonly added: readonly CheckFinding[];
  /** Open in the older result, gone from the newer one (fixed, or no longer in the inputs). */
  readonly fixed: readonly CheckFinding[];
  readonly unchanged: number;
}

/** Compares open (unsuppressed) findings as multisets, so two identical findings count twice. */
export function diffFindings(base: CheckDoc, current: CheckDoc): FindingDiff {
  const remaining = new Map<string, number>();
  for (const f of base.findings) if (!f.suppressed) remaining.set(findingKey(f), (remaining.get(findingKey(f)) ?? 0) + 1);
  const added: CheckFinding[] = [];
  let unchanged = 0;
  for (const f of current.findings) {
    if (f.suppressed) continue;
    const k = findingKey(f);
    const n = remaining.get(k) ?? 0;
    if (n > 0) {
      remaining.set(k, n - 1);
      unchanged++;
    } else added.push(f);
  }
  const fixed: CheckFinding[] = [];
  for (const f of base.findings) {
    if (f.suppressed) continue;
    const k = findingKey(f);
    const n = remaining.get(k) ?? 0;
    if (n > 0) {
      remaining.set(k, n - 1);
      fixed.push(f);
    }
  }
  return { added, fixed, unchanged };
}

/** How ready a checklist status says the item is: attest and not evaluated both wait on someone. */
const READINESS: Record<string, number> = { fail: 0, 'not-evaluated': 1, attest: 1, pass: 2 };

export type Direction = 'better' | 'worse' | 'changed';

export interface ChecklistChange {
  readonly n: number;
  readonly text: string;
  readonly before: string;
  readonly after: string;
  readonly direction: Direction;
}

export function checklistChanges(base: CheckDoc, current: CheckDoc): ChecklistChange[] {
  const before = new Map(base.checklist.map((c) => [c.n, c.status]));
  const out: ChecklistChange[] = [];
  for (const item of current.checklist) {
    const was = before.get(item.n);
    if (was === undefined || was === item.status) continue;
    const d = (READINESS[item.status] ?? 1) - (READINESS[was] ?? 1);
    out.push({ n: item.n, text: item.text, before: was, after: item.status, direction: d > 0 ? 'better' : d < 0 ? 'worse' : 'changed' });
  }
  return out;
}

export interface Metric {
  readonly label: string;
  readonly before: number;
  readonly after: number;
  /** Which way is better; a suppression is a decision, neither better nor worse. */
  readonly better: 'higher' | 'lower' | 'neither';
}

export function metrics(doc: CheckDoc): Record<string, number> {
  const open = doc.findings.filter((f) => !f.suppressed);
  const m: Record<string, number> = {
    failing: open.filter((f) => f.outcome === 'fail').length,
    notEvaluated: open.filter((f) => f.outcome === 'not-evaluated').length,
    suppressed: doc.findings.length - open.length,
    checklistPass: doc.checklist.filter((c) => c.status === 'pass').length,
    checklistFail: doc.checklist.filter((c) => c.status === 'fail').length,
    rulesPassed: doc.rules.filter((r) => r.status === 'pass').length,
  };
  for (const s of SEVERITIES) m[`failing-${s}`] = open.filter((f) => f.outcome === 'fail' && f.severity === s).length;
  return m;
}

export function compareMetrics(base: CheckDoc, current: CheckDoc): Metric[] {
  const a = metrics(base);
  const b = metrics(current);
  const row = (key: string, label: string, better: Metric['better']): Metric => ({ label, before: a[key] ?? 0, after: b[key] ?? 0, better });
  return [
    row('checklistPass', 'Checklist items passing', 'higher'),
    row('checklistFail', 'Checklist items failing', 'lower'),
    row('failing', 'Failing findings', 'lower'),
    ...[...SEVERITIES].reverse().map((s) => row(`failing-${s}`, `Failing ${s}`, 'lower')),
    row('notEvaluated', 'Not evaluated', 'lower'),
    row('suppressed', 'Suppressed', 'neither'),
    row('rulesPassed', 'Rules passed', 'higher'),
  ];
}

export function direction(m: Metric): Direction | 'same' {
  if (m.after === m.before) return 'same';
  if (m.better === 'neither') return 'changed';
  return m.after > m.before === (m.better === 'higher') ? 'better' : 'worse';
}
