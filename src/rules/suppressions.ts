/**
 * Suppressions, five kinds:
 * - a `keelson.io/suppress: "RULE-ID: reason"` annotation on a Kubernetes object (findings in that object);
 * - a `# keelson:suppress RULE-ID reason` comment in YAML or HCL (`//` also in HCL), for its own line or the next;
 * - CloudFormation metadata on a resource, `Metadata: {keelson: {suppress: [{rule, reason, expires?}]}}` (CDK:
 *   `cfnResource.addMetadata('keelson', {suppress: [...]})`), for findings in that resource or about it;
 * - a suppressions file with selectors (rule, kind, namespace, name, path, expires).
 * Every suppression needs a reason; an expired one stops suppressing and is itself a finding. Suppressed findings
 * stay in the result (JSON and SARIF show them) and no longer count toward --fail-on.
 */
import { yamlLib } from '../yaml-lib.js';
import type { SourceLocation } from '../errors.js';
import { detectKind, isRecord } from '../sources/detect.js';
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
  /** For CloudFormation metadata: only findings located in this resource, or whose subject is it. */
  readonly resource?: { readonly file: string; readonly document: number; readonly path: string };
}

const COMMENT = /#\s*keelson:suppress\s+([A-Z0-9-]+(?:\[[^\]]+\])?)\s+(\S.*)$/;
/** HCL also has `//` comments; YAML does not (there `//` is text), so only `.tf` files accept them. */
const HCL_COMMENT = /(?:#|\/\/)\s*keelson:suppress\s+([A-Z0-9-]+(?:\[[^\]]+\])?)\s+(\S.*)$/;
const HCL_FILE = /\.tf$/i;

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
      const hcl = HCL_FILE.test(file);
      const m = (hcl ? HCL_COMMENT : COMMENT).exec(text);
      const column = (m ? m.index : text.search(hcl ? /#|\/\// : /#/)) + 1;
      if (!m) {
        inv.notices.push({ kind: 'invalid', message: 'suppression comment ignored: write "# keelson:suppress RULE-ID reason" (a reason is required)', location: { file, line, column: Math.max(1, column) } });
        return;
      }
      const alone = text.trimStart().startsWith('#') || (hcl && text.trimStart().startsWith('//'));
      out.push({ rule: m[1] as string, reason: (m[2] as string).trim(), source: { file, line, column }, lines: { file, lines: alone ? [line + 1] : [line] } });
    });
  }
  return out;
}

export class SuppressionFileError extends Error {}

function dateOf(v: unknown): unknown {
  return v instanceof Date ? v.toISOString().slice(0, 10) : v;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `Metadata: {keelson: {suppress: [{rule, reason, expires?}]}}` on the resources of every CloudFormation template (CDK
 * output included). An entry without a rule or a reason, or with a malformed date, is reported and not applied.
 */
export function metadataSuppressions(inv: Inventory): Suppression[] {
  const out: Suppression[] = [];
  for (const doc of inv.documents) {
    const v = doc.value;
    if (!isRecord(v) || !isRecord(v.Resources) || detectKind(v) !== 'cloudformation') continue;
    for (const [id, r] of Object.entries(v.Resources)) {
      const meta = isRecord(r) && isRecord(r.Metadata) ? r.Metadata.keelson : undefined;
      if (meta === undefined) continue;
      const base = ['Resources', id, 'Metadata', 'keelson'];
      const list = isRecord(meta) ? meta.suppress : undefined;
      if (!Array.isArray(list)) {
        inv.notices.push({ kind: 'invalid', message: `Metadata.keelson of ${id} ignored: expected {suppress: [{rule, reason, expires?}]}`, location: doc.origin.locate(base) });
        continue;
      }
      list.forEach((e, i) => {
        const source = doc.origin.locate([...base, 'suppress', i]);
        const expires = isRecord(e) ? dateOf(e.expires) : undefined;
        if (!isRecord(e) || typeof e.rule !== 'string' || !/^[A-Z0-9-]+(?:\[[^\]]+\])?$/.test(e.rule)) {
          inv.notices.push({ kind: 'invalid', message: `suppression ${i} of ${id} ignored: "rule" must be a rule id such as CP-ENDPOINT or CP-LOGGING[audit]`, location: source });
        } else if (typeof e.reason !== 'string' || e.reason.trim().length < 5) {
          inv.notices.push({ kind: 'invalid', message: `suppression of ${e.rule} on ${id} ignored: "reason" is required: say why this finding is accepted`, location: source });
        } else if (expires !== undefined && (typeof expires !== 'string' || !DATE.test(expires))) {
          inv.notices.push({ kind: 'invalid', message: `suppression of ${e.rule} on ${id} ignored: "expires" must be a date like 2026-12-31`, location: source });
        } else {
          out.push({ rule: e.rule, reason: e.reason.trim(), expires: expires as string | undefined, source, resource: { file: doc.origin.file, document: doc.origin.docIndex, path: formatDocPath(['Resources', id]) } });
        }
      });
    }
  }
  return out;
}

/** Parses a suppressions file: `suppressions: [{rule, reason, kind?, namespace?, name?, path?, expires?}]`. */
export function parseSuppressionFile(text: string, file: string): Suppression[] {
  let doc: unknown;
  try {
    doc = yamlLib().parse(text, { maxAliasCount: 100 });
  } catch (e) {
    throw new SuppressionFileError(`${file}: not valid YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  const list = isRecord(doc) ? doc.suppressions : undefined;
  if (!Array.isArray(list)) throw new SuppressionFileError(`${file}: expected a top-level "suppressions:" list`);
  return list.map((s, i): Suppression => {
    const where = `${file} suppressions[${i}]`;
    if (!isRecord(s) || typeof s.rule !== 'string') throw new SuppressionFileError(`${where}: "rule" is required (a rule id such as SEC-IMAGE-TAG or CP-LOGGING[audit])`);
    if (typeof s.reason !== 'string' || s.reason.trim().length < 5) throw new SuppressionFileError(`${where}: "reason" is required: say why this finding is accepted`);
    const expires = dateOf(s.expires);
    if (expires !== undefined && (typeof expires !== 'string' || !DATE.test(expires))) throw new SuppressionFileError(`${where}: "expires" must be a date like 2026-12-31`);
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

/** A finding located inside the resource, or about it (a rule that judges the resource but points at a key it uses). */
function inResource(r: NonNullable<Suppression['resource']>, f: Finding): boolean {
  if (f.location.file !== r.file || (f.document !== undefined && f.document.index !== r.document)) return false;
  const within = (p: string | undefined): boolean => p !== undefined && (p === r.path || p.startsWith(`${r.path}.`) || p.startsWith(`${r.path}[`));
  return within(f.location.path) || within(f.document?.objectPath);
}

function matches(s: Suppression, f: Finding): boolean {
  if (s.rule !== f.id && s.rule !== f.ruleId) return false;
  if (s.object) {
    if (f.location.file !== s.object.file || f.document?.index !== s.object.document) return false;
    if (f.document.objectPath !== s.object.objectPath) return false;
  }
  if (s.lines && !(f.location.file === s.lines.file && f.location.line !== undefined && s.lines.lines.includes(f.location.line))) return false;
  if (s.resource && !inResource(s.resource, f)) return false;
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
      if (!f.suppressed && f.outcome === 'fail' && matches(s, f)) {
        f.suppressed = {
          reason: s.reason,
          source: s.object ? 'annotation' : s.lines ? 'comment' : s.resource ? 'metadata' : (s.source.file ?? 'config'),
          // Reviewers need to see when an accepted risk comes back, not only that it was accepted.
          ...(s.expires !== undefined ? { expires: s.expires } : {}),
        };
      }
    }
  }
  return expired;
}
