/**
 * What a live audit could not read, turned into verdicts. A rule whose evidence was partly unreadable would
 * otherwise pass or fail on half the evidence (no flow logs read looks like no flow logs), so every rule a gap names
 * is reported `not evaluated` at the snapshot, naming what could not be read and the permission to grant. Works the
 * same on a fresh `--live` run and on a saved snapshot checked offline: the gaps travel inside the snapshot.
 */
import type { SourceLocation } from '../../errors.js';
import { isRecord } from '../detect.js';
import type { Inventory } from '../inventory.js';
import type { CheckResult, Finding, Rule } from '../../rules/types.js';
import { LIVE_GAPS_METADATA } from './eks-gather.js';
import type { Gap } from './kube-gather.js';
import { GAPS_ANNOTATION } from './snapshot.js';

export interface SnapshotGaps {
  readonly file: string;
  readonly location: SourceLocation;
  readonly gaps: readonly Gap[];
}

function asGaps(v: unknown): Gap[] {
  return Array.isArray(v) ? v.filter((g): g is Gap => isRecord(g) && typeof g.what === 'string' && typeof g.reason === 'string') : [];
}

/** The gaps recorded in the live snapshots among the inputs (the Kubernetes List annotation and the AWS template Metadata). */
export function snapshotGaps(inv: Inventory): SnapshotGaps[] {
  const out: SnapshotGaps[] = [];
  for (const doc of inv.documents) {
    const v = doc.value;
    if (!isRecord(v)) continue;
    if (v.kind === 'List' && isRecord(v.metadata) && isRecord(v.metadata.annotations) && typeof v.metadata.annotations[GAPS_ANNOTATION] === 'string') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(v.metadata.annotations[GAPS_ANNOTATION]);
      } catch {
        parsed = [];
      }
      out.push({ file: doc.origin.file, location: doc.origin.locate(['metadata', 'annotations', GAPS_ANNOTATION]), gaps: asGaps(parsed) });
    } else if (isRecord(v.Metadata) && LIVE_GAPS_METADATA in v.Metadata) {
      out.push({ file: doc.origin.file, location: doc.origin.locate(['Metadata', LIVE_GAPS_METADATA]), gaps: asGaps(v.Metadata[LIVE_GAPS_METADATA]) });
    }
  }
  return out;
}

/**
 * Replaces the verdicts of every rule a gap names, inside the snapshot files, with one `not evaluated` finding per
 * rule naming what could not be read and what to grant. Findings from other inputs (a manifest directory checked
 * alongside) are kept: they were read completely.
 */
export function applySnapshotGaps(result: CheckResult, inv: Inventory, rules: readonly Rule<unknown>[]): CheckResult {
  const snapshots = snapshotGaps(inv);
  const undecided = new Map<string, { gaps: Gap[]; files: Set<string>; location: SourceLocation }>();
  for (const s of snapshots) {
    for (const g of s.gaps) {
      for (const id of g.rules ?? []) {
        const u = undecided.get(id) ?? { gaps: [], files: new Set<string>(), location: s.location };
        if (!u.gaps.some((x) => x.what === g.what)) u.gaps.push(g);
        u.files.add(s.file);
        undecided.set(id, u);
      }
    }
  }
  if (undecided.size === 0) return result;
  const byId = new Map(rules.map((r) => [r.id, r]));
  const findings: Finding[] = result.findings.filter((f) => !(undecided.get(f.ruleId)?.files.has(f.location.file ?? '') ?? false));
  const outcomes = [...result.rules];
  for (const [id, u] of [...undecided].sort(([a], [b]) => a.localeCompare(b))) {
    const rule = byId.get(id);
    if (!rule) continue;
    const grants = [...new Set(u.gaps.map((g) => g.grant).filter((g): g is string => g !== undefined))];
    const what = u.gaps.map((g) => `${g.what} (${g.reason})`).join('; ');
    const message = `not evaluated: the live audit could not read ${what}${grants.length ? `; grant ${grants.join(', ')}` : ''}`;
    findings.push({ ruleId: id, id, severity: rule.severity, area: rule.area, title: rule.title, outcome: 'not-evaluated', message, location: u.location, fix: undefined });
    const i = outcomes.findIndex((o) => o.ruleId === id);
    const stillFails = findings.some((f) => f.ruleId === id && f.outcome === 'fail');
    const reason = `the live audit could not read what this rule needs${grants.length ? ` (grant ${grants.join(', ')})` : ''}`;
    const outcome = { ruleId: id, status: stillFails ? ('fail' as const) : ('not-evaluated' as const), targets: i >= 0 ? result.rules[i]!.targets : 0, reason };
    if (i >= 0) outcomes[i] = outcome;
    else outcomes.push(outcome);
  }
  return { ...result, findings, rules: outcomes };
}
