/**
 * Two snapshots of one cluster, compared: what was added, removed or changed (AWS resources by logical id,
 * Kubernetes objects by kind/namespace/name, down to the changed fields), and which findings are new or gone.
 * Bookkeeping the API server changes on its own (resourceVersion, generation, uid, timestamps, status) is not a change.
 */
import type { SourceLocation } from '../../errors.js';
import type { Finding } from '../../rules/types.js';
import { isRecord } from '../detect.js';
import type { Inventory } from '../inventory.js';
import { formatDocPath, locationOf } from '../location.js';
import type { Origin, PathKey } from '../location.js';
import { LIVE_GAPS_METADATA } from './eks-gather.js';
import { GAPS_ANNOTATION, SNAPSHOT_ANNOTATION } from './snapshot.js';

export interface EvidenceChange {
  readonly kind: 'added' | 'removed' | 'changed';
  /** `AWS::EC2::Subnet Subnetsubnet1`, `apps/v1 Deployment shop/web`. */
  readonly subject: string;
  /** Changed fields, each with its value before and after (at most 20 per subject). */
  readonly fields: readonly { readonly path: string; readonly before: unknown; readonly after: unknown }[];
  readonly at: SourceLocation | undefined;
}

export interface SnapshotComparison {
  readonly changes: EvidenceChange[];
  readonly newFindings: Finding[];
  readonly resolvedFindings: Finding[];
}

interface Entry {
  readonly subject: string;
  readonly value: unknown;
  readonly origin: Origin;
  readonly path: PathKey[];
}

const VOLATILE_METADATA = new Set(['resourceVersion', 'generation', 'uid', 'creationTimestamp', 'managedFields', 'selfLink']);

function stripVolatile(o: Record<string, unknown>): Record<string, unknown> {
  const { status: _status, metadata, ...rest } = o;
  const m = isRecord(metadata) ? Object.fromEntries(Object.entries(metadata).filter(([k]) => !VOLATILE_METADATA.has(k))) : metadata;
  // Nodes keep their status (kubelet version, capacity): that is the evidence rules read about them.
  return { ...rest, metadata: m, ...(o.kind === 'Node' ? { status: o.status } : {}) };
}

/** Every resource and object of the snapshot files among the inputs, keyed for comparison. */
export function snapshotEntries(inv: Inventory): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const doc of inv.documents) {
    const v = doc.value;
    if (!isRecord(v)) continue;
    if (v.kind === 'List' && isRecord(v.metadata) && isRecord(v.metadata.annotations) && SNAPSHOT_ANNOTATION in v.metadata.annotations && Array.isArray(v.items)) {
      v.items.forEach((item, i) => {
        if (!isRecord(item)) return;
        const m = isRecord(item.metadata) ? item.metadata : {};
        const subject = `${String(item.apiVersion)} ${String(item.kind)} ${typeof m.namespace === 'string' ? `${m.namespace}/` : ''}${String(m.name)}`;
        out.set(subject, { subject, value: stripVolatile(item), origin: doc.origin, path: ['items', i] });
      });
    } else if (isRecord(v.Metadata) && LIVE_GAPS_METADATA in v.Metadata && isRecord(v.Resources)) {
      for (const [id, r] of Object.entries(v.Resources)) {
        const subject = `${isRecord(r) ? String(r.Type) : '?'} ${id}`;
        out.set(subject, { subject, value: r, origin: doc.origin, path: ['Resources', id] });
      }
    }
  }
  return out;
}

function diffFields(a: unknown, b: unknown, path: PathKey[], out: { path: string; before: unknown; after: unknown }[]): void {
  if (out.length >= 20) return;
  if (isRecord(a) && isRecord(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) diffFields(a[k], b[k], [...path, k], out);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path: formatDocPath(path), before: a ?? null, after: b ?? null });
}

function located(origin: Origin, path: PathKey[]): SourceLocation | undefined {
  try {
    return locationOf({ origin, path });
  } catch {
    return { file: origin.file };
  }
}

const findingKey = (f: Finding): string => `${f.id}|${f.outcome}|${f.subject ? `${f.subject.kind}/${f.subject.namespace ?? ''}/${f.subject.name}` : ''}|${f.message}`;

/** What changed from `before` to `after`, and which findings appeared or went away. */
export function compareSnapshots(before: Inventory, after: Inventory, beforeFindings: readonly Finding[], afterFindings: readonly Finding[]): SnapshotComparison {
  const a = snapshotEntries(before);
  const b = snapshotEntries(after);
  const changes: EvidenceChange[] = [];
  for (const [k, e] of b) {
    const old = a.get(k);
    if (!old) {
      changes.push({ kind: 'added', subject: k, fields: [], at: located(e.origin, e.path) });
      continue;
    }
    const fields: { path: string; before: unknown; after: unknown }[] = [];
    diffFields(old.value, e.value, [], fields);
    if (fields.length > 0) changes.push({ kind: 'changed', subject: k, fields, at: located(e.origin, e.path) });
  }
  for (const [k, e] of a) if (!b.has(k)) changes.push({ kind: 'removed', subject: k, fields: [], at: located(e.origin, e.path) });
  changes.sort((x, y) => x.subject.localeCompare(y.subject) || x.kind.localeCompare(y.kind));
  const oldKeys = new Set(beforeFindings.map(findingKey));
  const newKeys = new Set(afterFindings.map(findingKey));
  return {
    changes,
    newFindings: afterFindings.filter((f) => !oldKeys.has(findingKey(f))),
    resolvedFindings: beforeFindings.filter((f) => !newKeys.has(findingKey(f))),
  };
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

export function formatComparison(c: SnapshotComparison, earlier: string): string {
  const lines = [`\nChanges since ${earlier}: ${c.changes.length} in the evidence, ${c.newFindings.length} new finding${c.newFindings.length === 1 ? '' : 's'}, ${c.resolvedFindings.length} gone`];
  for (const ch of c.changes) {
    lines.push(`  ${ch.kind} ${ch.subject}`);
    for (const f of ch.fields) lines.push(`    ${f.path}: ${show(f.before)} -> ${show(f.after)}`);
  }
  for (const f of c.newFindings) lines.push(`  new ${f.outcome === 'fail' ? 'failure' : 'not evaluated'} ${f.id}: ${f.message}`);
  for (const f of c.resolvedFindings) lines.push(`  gone ${f.id}: ${f.message}`);
  return `${lines.join('\n')}\n`;
}

/** The inventory has at least one live snapshot. */
export function hasSnapshot(inv: Inventory): boolean {
  return snapshotEntries(inv).size > 0 || inv.documents.some((d) => isRecord(d.value) && d.value.kind === 'List' && isRecord(d.value.metadata) && isRecord(d.value.metadata.annotations) && GAPS_ANNOTATION in d.value.metadata.annotations);
}
