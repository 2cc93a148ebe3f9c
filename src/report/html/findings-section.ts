/**
 * The findings: filters (real checkboxes and a search field, so they work from the keyboard and with assistive
 * technology), then every unsuppressed finding grouped by area and rule with its rationale and fix. The page's
 * script filters by the data-* attributes each finding carries (its area comes from the section around it, which
 * keeps 10,000 findings a few hundred kilobytes lighter); without the script everything stays visible.
 */
import { formatLocation } from '../../errors.js';
import { AREAS, SEVERITIES } from '../../rules/types.js';
import type { RuleMeta } from '../../rules/types.js';
import { ruleDocsUrl } from '../types.js';
import { esc, slug } from './escape.js';
import { groupFindings } from './finding-groups.js';
import type { IndexedFinding, RuleGroup } from './finding-groups.js';
import { int, plural } from './format-numbers.js';
import type { CheckFinding } from './inputs.js';

export const NO_FILE = '(no file)';

/** Findings of one rule shown before a "show more": enough to see the pattern, few enough to open fast. */
export const SHOWN_PER_RULE = 20;

export const sourceOf = (f: CheckFinding): string => f.location.file ?? NO_FILE;

/** Most checkboxes the source filter shows; thousands of form controls would make a large page slow to open. */
export const MAX_SOURCE_CHOICES = 40;

/**
 * The source filter's choices: each file, or, when there are too many, the folders at the deepest level that still
 * gives at most MAX_SOURCE_CHOICES of them (a file above that level stays a choice of its own).
 */
export function sourceChoices(files: readonly string[]): (file: string) => string {
  if (files.length <= MAX_SOURCE_CHOICES) return (file) => file;
  const folderAt = (depth: number) => (file: string): string => {
    const parts = file.split('/');
    return parts.length - 1 < depth ? file : `${parts.slice(0, depth).join('/')}/`;
  };
  let best = folderAt(1);
  for (let depth = 2; depth < 12; depth++) {
    const at = folderAt(depth);
    if (new Set(files.map(at)).size > MAX_SOURCE_CHOICES) break;
    best = at;
  }
  return best;
}

export const areaLabel = (area: string): string => area.charAt(0).toUpperCase() + area.slice(1).replace(/-/g, ' ');

export function severityBadge(severity: string): string {
  return `<span class="badge sev-${esc(severity)}">${esc(severity)}</span>`;
}

export function locationText(f: CheckFinding): string {
  return formatLocation(f.location) || NO_FILE;
}

const REMEDIATION_LABELS: Record<string, string> = { keelson: 'keelson', eksctl: 'eksctl', cloudformation: 'CloudFormation / CDK', terraform: 'Terraform', kubernetes: 'Kubernetes' };

function remediation(meta: RuleMeta | undefined): string {
  if (!meta) return '';
  const rows = Object.entries(meta.remediation)
    .filter(([, text]) => typeof text === 'string' && text.length > 0)
    .map(([format, text]) => `<dt>${esc(REMEDIATION_LABELS[format] ?? format)}</dt><dd>${esc(text)}</dd>`);
  const practice = meta.practice ? `<p><strong>Current AWS practice:</strong> ${esc(meta.practice)}</p>` : '';
  return `<details><summary>How to fix, by input format</summary>${rows.length > 0 ? `<dl>${rows.join('')}</dl>` : ''}${practice}<p><a href="${esc(ruleDocsUrl(meta.id))}">Rule documentation for ${esc(meta.id)}</a></p></details>`;
}

function findingItem({ index, finding: f }: IndexedFinding, src: number): string {
  const outcome = f.outcome === 'not-evaluated' ? ' <span class="badge out-not-evaluated">not evaluated</span>' : '';
  // Line breaks rather than a paragraph per line: fewer nodes, which is most of what 10,000 findings cost to open.
  const fix = f.fix ? `<br><strong>Fix:</strong> ${esc(f.fix)}` : '';
  return (
    `<li class="f" id="f-${index}" data-sev="${esc(f.severity)}" data-out="${esc(f.outcome)}" data-src="${src}">` +
    `${severityBadge(f.severity)}${outcome} <code>${esc(f.id)}</code> <span class="loc">${esc(locationText(f))}</span><br>${esc(f.message)}${fix}</li>`
  );
}

function ruleBlock(g: RuleGroup, sourceIndex: ReadonlyMap<string, number>): string {
  const why = g.meta ? `<p class="why"><strong>Why it matters:</strong> ${esc(g.meta.rationale)}</p>` : '';
  const item = (f: IndexedFinding): string => findingItem(f, sourceIndex.get(sourceOf(f.finding)) ?? 0);
  const first = g.findings.slice(0, SHOWN_PER_RULE).map(item).join('\n');
  const rest = g.findings.slice(SHOWN_PER_RULE);
  // A closed <details> is parsed but neither styled nor laid out: what keeps 10,000 findings fast to open.
  const more = rest.length > 0 ? `<details class="more"><summary>Show ${plural(rest.length, 'more finding')} of ${esc(g.ruleId)}</summary><ul class="findings">\n${rest.map(item).join('\n')}\n</ul></details>` : '';
  return (
    `<div class="rule" id="rule-${slug(g.ruleId)}" data-rule="${esc(g.ruleId)}">` +
    `<h4>${severityBadge(g.severity)} <span>${esc(g.title)}</span> <code>${esc(g.ruleId)}</code> <span class="muted rc">${plural(g.findings.length, 'finding')}</span></h4>` +
    `${why}${remediation(g.meta)}<ul class="findings">\n${first}\n</ul>${more}</div>`
  );
}

function checkboxGroup(legend: string, dim: string, values: readonly { value: string; label: string; count: number }[], many = false): string {
  const boxes = values
    .map((v, i) => `<label><input type="checkbox" data-filter="${dim}" value="${esc(v.value)}" id="flt-${dim}-${i}" checked> <span>${esc(v.label)} <span class="muted">(${int(v.count)})</span></span></label>`)
    .join('');
  return `<fieldset><legend>${esc(legend)}</legend><div${many ? ' class="many"' : ''}>${boxes}</div></fieldset>`;
}

function counts<T extends string>(values: Iterable<T>): Map<T, number> {
  const m = new Map<T, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

export function findingsSection(all: readonly CheckFinding[], rules: readonly RuleMeta[]): string {
  const open: IndexedFinding[] = [];
  all.forEach((finding, index) => {
    if (!finding.suppressed) open.push({ index, finding });
  });
  const head = '<section id="findings" aria-labelledby="findings-h"><h2 id="findings-h">Findings</h2>';
  if (open.length === 0) return `${head}<p>No open findings: every rule that found evidence in the inputs passed.</p></section>`;
  const files = [...new Set(open.map((f) => sourceOf(f.finding)))].sort();
  const choice = sourceChoices(files);
  const sources = [...new Set(files.map(choice))].sort();
  const choiceIndex = new Map(sources.map((s, i) => [s, i]));
  const sourceIndex = new Map(files.map((f) => [f, choiceIndex.get(choice(f)) ?? 0]));
  const sev = counts(open.map((f) => f.finding.severity));
  const out = counts(open.map((f) => f.finding.outcome));
  const area = counts(open.map((f) => f.finding.area));
  const src = counts(open.map((f) => choice(sourceOf(f.finding))));
  const areaOrder = [...area.keys()].sort((a, b) => {
    const ia = (AREAS as readonly string[]).indexOf(a);
    const ib = (AREAS as readonly string[]).indexOf(b);
    return (ia < 0 ? AREAS.length : ia) - (ib < 0 ? AREAS.length : ib) || (a < b ? -1 : 1);
  });
  const filters =
    '<form class="filters" id="filters" aria-label="Filter findings">' +
    checkboxGroup('Severity', 'sev', [...SEVERITIES].reverse().filter((s) => sev.has(s)).map((s) => ({ value: s, label: s, count: sev.get(s) ?? 0 }))) +
    checkboxGroup('Outcome', 'out', (['fail', 'not-evaluated'] as const).filter((o) => out.has(o)).map((o) => ({ value: o, label: o === 'fail' ? 'fail' : 'not evaluated', count: out.get(o) ?? 0 }))) +
    checkboxGroup('Area', 'area', areaOrder.map((a) => ({ value: a, label: areaLabel(a), count: area.get(a) ?? 0 })), areaOrder.length > 6) +
    checkboxGroup(sources.length < files.length ? 'Source folder' : 'Source file', 'src', sources.map((s, i) => ({ value: String(i), label: s, count: src.get(s) ?? 0 })), sources.length > 6) +
    '<div class="actions"><label for="f-search">Search rule id, message or file</label><input type="search" id="f-search" autocomplete="off">' +
    '<button type="button" id="f-reset">Show all findings</button></div></form>';
  const status = `<p id="f-status" role="status" aria-live="polite">Showing ${int(open.length)} of ${int(open.length)} open findings.</p>`;
  const groups = groupFindings(open, rules)
    .map((g) => `<section class="area-group" id="area-${slug(g.area)}" data-area="${esc(g.area)}" aria-labelledby="area-${slug(g.area)}-h"><h3 id="area-${slug(g.area)}-h">${esc(areaLabel(g.area))} <span class="muted ac">(${plural(g.count, 'finding')})</span></h3>\n${g.rules.map((r) => ruleBlock(r, sourceIndex)).join('\n')}</section>`)
    .join('\n');
  return `${head}<p class="muted">Open findings: failures and rules that could not be evaluated on some input. Suppressed findings are listed separately below.</p>${filters}${status}<div id="f-groups">\n${groups}\n</div></section>`;
}

export function suppressedSection(all: readonly CheckFinding[]): string {
  const rows = all.filter((f) => f.suppressed);
  if (rows.length === 0) return '';
  const body = rows
    .map(
      (f) =>
        `<tr><td>${severityBadge(f.severity)}</td><td><code>${esc(f.id)}</code><br>${esc(f.message)}</td><td class="mono">${esc(locationText(f))}</td><td>${esc(f.suppressed?.reason)}</td><td class="mono">${esc(f.suppressed?.source)}</td><td>${f.suppressed?.expires ? esc(f.suppressed.expires) : '<span class="muted">no expiry recorded</span>'}</td></tr>`,
    )
    .join('\n');
  return (
    '<section id="suppressed" aria-labelledby="suppressed-h"><h2 id="suppressed-h">Suppressed findings</h2>' +
    `<p>${plural(rows.length, 'finding')} accepted on purpose. They do not count toward the verdict; an expired suppression is reported again as a SUPPRESSION-EXPIRED finding.</p>` +
    `<div class="scroll"><table><thead><tr><th scope="col">Severity</th><th scope="col">Finding</th><th scope="col">Location</th><th scope="col">Reason</th><th scope="col">Suppressed by</th><th scope="col">Expires</th></tr></thead><tbody>\n${body}\n</tbody></table></div></section>`
  );
}
