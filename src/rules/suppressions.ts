/**
 * Suppressions: a `keelson.io/suppress` annotation on a Kubernetes object, a `# keelson:suppress` YAML comment, or a
 * suppressions file with selectors.
 * Every suppression needs a reason; an expired one stops suppressing and is itself a finding. Suppressed findings
 * stay in the result (JSON and SARIF show them) and no longer count toward --fail-on.
 */
import { parse } from 'yaml';
import type { SourceLocation } from '../errors.js';
import { isRecord } from '../sources/detect.js';
import type { Inventory } from '../sources/inventory.js';
import { formatDocPath, locationOf } from '../sources/location.js';
import type { Finding } from './types.js';

export const SUPPRESS_ANNOTATION = 'keelson.io/suppress';

export interface Suppression {
  /** A rule id (`SEC-IMAGE-REGISTRY`, matching every sub-id) or a full id (`CP-LOGGING[audit]`). */
  readonly rule: string;
  readonly reason: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  /** A file path glob (`*` within a folder, `**` across folders), relative as the report shows files. */
  readonly path?: string;
  /** YYYY-MM-DD: the last day the suppression applies. */
  readonly expires?: string;
  /** Where the suppression is written, for messages. */
  readonly source: SourceLocation;
  /** For annotations: only findings in this object. */
  readonly object?: { readonly file: string; readonly document: number; readonly objectPath: string };
  /** For YAML comments: only findings on these lines of this file. */
  readonly lines?: { readonly file: string; readonly lines: readonly number[] };
}

const COMMENT = /#\s*keelson:suppress\s+([A-Z0-9-]+(?:\[[^\]]+\])?)\s+(\S.*)$/;

/**
 * `# keelson:suppress RULE-ID reason` in a YAML file: at the end of the finding's line, or alone on the line above.
 * A comment without a reason is reported, never applied.
 */
export function commentSuppressions(inv: Inventory): Suppression[] {
  const out: Suppression[] = [];
  const seen = new Set<string>();
  for (const doc of inv.documents) {
    const file = doc.origin.file;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!doc.text.includes('keelson:suppress')) continue;
    doc.text.split('\n').forEach((text, i) => {
      if (!text.includes('keelson:suppress')) return;
      const line = i + 1;
      const m = COMMENT.exec(text);
      if (!m) {
        inv.notices.push({ kind: 'invalid', message: 'suppression comment ignored: write "# keelson:suppress RULE-ID reason" (a reason is required)', location: { file, line, column: text.indexOf('#') + 1 } });
        return;
      }
      const alone = text.trimStart().startsWith('#');
      out.push({ rule: m[1] as string, reason: (m[2] as string).trim(), source: { file, line, column: text.indexOf('#') + 1 }, lines: { file, lines: alone ? [line + 1] : [line] } });
    });
  }
  return out;
}

export class SuppressionFileError extends Error {}

/** Parses a suppressions file: `suppressions: [{rule, reason, kind?, namespace?, name?, path?, expires?}]`. */
export function parseSuppressionFile(text: string, file: string): Suppression[] {
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 100 });
  } catch (e) {
    throw new SuppressionFileError(`${file}: not valid YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  const list = isRecord(doc) ? doc.suppressions : undefined;
  if (!Array.isArray(list)) throw new SuppressionFileError(`${file}: expected a top-level "suppressions:" list`);
  return list.map((s, i): Suppression => {
    const where = `${file} suppressions[${i}]`;
    if (!isRecord(s) || typeof s.rule !== 'string') throw new SuppressionFileError(`${where}: "rule" is required (a rule id such as SEC-IMAGE-TAG or CP-LOGGING[audit])`);
    if (typeof s.reason !== 'string' || s.reason.trim().length < 5) throw new SuppressionFileError(`${where}: "reason" is required: say why this finding is accepted`);
    const expires = s.expires instanceof Date ? s.expires.toISOString().slice(0, 10) : s.expires;
    if (expires !== undefined && (typeof expires !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(expires))) throw new SuppressionFileError(`${where}: "expires" must be a date like 2026-12-31`);
    const opt = (k: string): string | undefined => (typeof s[k] === 'string' ? (s[k] as string) : undefined);
    return { rule: s.rule, reason: s.reason, kind: opt('kind'), namespace: opt('namespace'), name: opt('name'), path: opt('path'), expires, source: { file, path: `suppressions[${i}]` } };
  });
}

/** `RULE: reason` entries, one per line or separated by `;`, in the annotation of each object. */
export function annotationSuppressions(inv: Inventory): Suppression[] {
  const out: Suppression[] = [];
  for (const o of inv.objects) {
    const text = o.annotations[SUPPRESS_ANNOTATION];
    if (text === undefined) continue;
    const source = locationOf({ origin: o.at.origin, path: [...o.at.path, 'metadata', 'annotations', SUPPRESS_ANNOTATION] });
    for (const entry of text.split(/[;\n]/).map((x) => x.trim()).filter(Boolean)) {
      const m = /^([A-Z0-9-]+(?:\[[^\]]+\])?)\s*:\s*(.+)$/.exec(entry);
      if (!m) {
        inv.notices.push({ kind: 'invalid', message: `suppression "${entry}" ignored: write "RULE-ID: reason" (a reason is required)`, location: source });
        continue;
      }
      out.push({ rule: m[1] as string, reason: (m[2] as string).trim(), source, object: { file: o.at.origin.file, document: o.at.origin.docIndex, objectPath: formatDocPath(o.at.path) } });
    }
  }
  return out;
}

function globToRegExp(glob: string): RegExp {
  // `**` spans folders, `*` and `?` stay within one; everything else is literal.
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function matches(s: Suppression, f: Finding): boolean {
  if (s.rule !== f.id && s.rule !== f.ruleId) return false;
  if (s.object) {
    if (f.location.file !== s.object.file || f.document?.index !== s.object.document) return false;
    if (f.document.objectPath !== s.object.objectPath) return false;
  }
  if (s.lines && !(f.location.file === s.lines.file && f.location.line !== undefined && s.lines.lines.includes(f.location.line))) return false;
  if (s.kind !== undefined && f.subject?.kind !== s.kind) return false;
  if (s.name !== undefined && f.subject?.name !== s.name) return false;
  if (s.namespace !== undefined && f.subject?.namespace !== s.namespace) return false;
  if (s.path !== undefined && !(f.location.file && globToRegExp(s.path).test(f.location.file))) return false;
  return true;
}

/**
 * Marks suppressed findings (in place) and returns one new finding per expired suppression. `today` is
 * YYYY-MM-DD, passed in so results do not depend on the clock of the test machine.
 */
export function applySuppressions(findings: Finding[], suppressions: readonly Suppression[], today: string): Finding[] {
  const expired: Finding[] = [];
  for (const s of suppressions) {
    if (s.expires !== undefined && s.expires < today) {
      expired.push({
        ruleId: 'SUPPRESSION-EXPIRED',
        id: `SUPPRESSION-EXPIRED[${s.rule}]`,
        severity: 'medium',
        area: 'suppressions',
        title: 'A suppression has expired',
        outcome: 'fail',
        message: `the suppression of ${s.rule} expired on ${s.expires} ("${s.reason}"); its findings are reported again`,
        location: s.source,
        fix: 'fix the findings, or renew the suppression with a new expiry and reason',
      });
      continue;
    }
    for (const f of findings) {
      if (!f.suppressed && f.outcome === 'fail' && matches(s, f)) f.suppressed = { reason: s.reason, source: s.object ? 'annotation' : s.lines ? 'comment' : (s.source.file ?? 'config') };
    }
  }
  return expired;
}
