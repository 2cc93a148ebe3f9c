/** Runs rules over an inventory. A rule that throws is "not evaluated" for that target: never a crash, never a pass. */
import type { Inventory } from '../sources/inventory.js';
import { locationOf } from '../sources/location.js';
import type { At, Origin } from '../sources/location.js';
import type { SourceLocation } from '../errors.js';
import type { CheckResult, Finding, FindingSubject, Rule, RuleContext, RuleOptions, RuleOutcome, Verdict } from './types.js';
import { isRecord } from '../sources/detect.js';
import { formatDocPath } from '../sources/location.js';
import type { PathKey } from '../sources/location.js';

export function compareFindings(a: Finding, b: Finding): number {
  const fa = a.location.file ?? '';
  const fb = b.location.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  const la = a.location.line ?? 0;
  const lb = b.location.line ?? 0;
  if (la !== lb) return la - lb;
  const ca = a.location.column ?? 0;
  const cb = b.location.column ?? 0;
  if (ca !== cb) return ca - cb;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

export function runRules(rules: readonly Rule<unknown>[], inventory: Inventory, options: RuleOptions = {}): CheckResult {
  const ctx: RuleContext = {
    inventory,
    options,
    fail: (message, at, extra) => ({ outcome: 'fail', message, at, ...extra }),
    notEvaluated: (message, at, extra) => ({ outcome: 'not-evaluated', message, at, ...extra }),
  };
  const findings: Finding[] = [];
  const outcomes: RuleOutcome[] = [];
  const judged: Judged[] = [];
  for (const rule of rules) {
    let targets: readonly unknown[];
    try {
      targets = rule.targets(inventory);
    } catch (e) {
      outcomes.push({ ruleId: rule.id, status: 'not-evaluated', targets: 0, reason: `rule error: ${errorText(e)}` });
      continue;
    }
    if (targets.length === 0) {
      outcomes.push({ ruleId: rule.id, status: 'not-evaluated', targets: 0, reason: 'no evidence for this rule in the inputs' });
      continue;
    }
    let failed = false;
    let undecided = false;
    for (const target of targets) {
      let verdicts: Verdict[];
      try {
        verdicts = rule.check(target, ctx);
      } catch (e) {
        verdicts = [ctx.notEvaluated(`rule error: ${errorText(e)}`, safeLocate(rule, target))];
      }
      for (const v of verdicts) {
        if (v.outcome === 'fail') failed = true;
        else undecided = true;
        judged.push({ rule, target, verdict: v, location: {} });
      }
    }
    outcomes.push({ ruleId: rule.id, status: failed ? 'fail' : undecided ? 'not-evaluated' : 'pass', targets: targets.length });
  }
  locateAll(judged);
  for (const j of judged) findings.push(toFinding(j));
  findings.sort(compareFindings);
  return {
    findings,
    rules: outcomes,
    notices: inventory.notices,
    stats: { documents: inventory.documents.length, objects: inventory.objects.length, unknownObjects: inventory.unknownObjects, clusters: inventory.clusters.length },
  };
}

interface Judged {
  readonly rule: Rule<unknown>;
  readonly target: unknown;
  readonly verdict: Verdict;
  location: SourceLocation;
}

function toFinding({ rule, target, verdict: v, location }: Judged): Finding {
  let format;
  try {
    format = rule.format(target);
  } catch {
    format = undefined;
  }
  const fix = v.fix ?? (format ? rule.remediation[format] : undefined) ?? Object.values(rule.remediation)[0];
  return {
    ruleId: rule.id,
    id: v.sub ? `${rule.id}[${v.sub}]` : rule.id,
    severity: rule.severity,
    area: rule.area,
    title: rule.title,
    outcome: v.outcome,
    message: v.message,
    location,
    fix: v.outcome === 'fail' ? fix : undefined,
    ...subjectOf(target),
    ...(v.at ? { document: { index: v.at.origin.docIndex, objectPath: objectPathOf(target) } } : {}),
  };
}

/** The Kubernetes object (or cluster, node group) a target is, so suppressions can select it by kind/namespace/name. */
function subjectOf(target: unknown): { subject?: FindingSubject } {
  if (!isRecord(target)) return {};
  const obj = isRecord(target.object) ? target.object : target;
  if (typeof obj.kind === 'string' && typeof obj.name === 'string' && typeof obj.apiVersion === 'string') {
    return { subject: { kind: obj.kind, name: obj.name, ...(typeof obj.namespace === 'string' ? { namespace: obj.namespace } : {}) } };
  }
  if (typeof target.name === 'string' && typeof target.source === 'string') {
    const kind = target.kind === 'ec2NodeClass' ? 'EC2NodeClass' : target.kind === 'nodeGroup' ? 'NodeGroup' : 'Cluster';
    return { subject: { kind, name: target.name } };
  }
  return {};
}

function objectPathOf(target: unknown): string {
  if (!isRecord(target)) return '';
  const obj = isRecord(target.object) ? target.object : target;
  const at = obj.at;
  return isRecord(at) && Array.isArray(at.path) ? formatDocPath(at.path as PathKey[]) : '';
}

function safeLocate(rule: Rule<unknown>, target: unknown): At | undefined {
  try {
    return rule.locate(target);
  } catch {
    return undefined;
  }
}

/**
 * Locates findings grouped by document: a document's text is scanned once for all its findings rather than once per
 * finding, whatever order the rules produced them in.
 */
function locateAll(judged: readonly Judged[]): void {
  const byOrigin = new Map<Origin, { at: At; judged: Judged }[]>();
  for (const j of judged) {
    const at = j.verdict.at;
    if (!at) continue;
    const list = byOrigin.get(at.origin);
    if (list) list.push({ at, judged: j });
    else byOrigin.set(at.origin, [{ at, judged: j }]);
  }
  for (const list of byOrigin.values()) for (const { at, judged: j } of list) j.location = safeLocation(at);
}

function safeLocation(at: At): SourceLocation {
  try {
    return locationOf(at);
  } catch {
    return { file: at.origin.file };
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
