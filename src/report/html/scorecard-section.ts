/** The guide's 20-item checklist: each item's status, and on demand the rules behind it with their reasons. */
import type { RuleMeta } from '../../rules/types.js';
import { esc, slug } from './escape.js';
import { int } from './format-numbers.js';
import type { CheckDoc } from './inputs.js';

export const STATUS_LABEL: Record<string, string> = { pass: 'pass', fail: 'fail', 'not-evaluated': 'not evaluated', attest: 'attest', 'not-implemented': 'not implemented' };

export const STATUS_MEANING: Record<string, string> = {
  pass: 'ready: every rule behind the item ran and passed',
  fail: 'not ready: a rule behind the item failed',
  'not-evaluated': 'not evaluated: the inputs hold no evidence for it, or keelson has no rule for it yet',
  attest: 'attest: a process item no file shows; a person confirms it',
};

export function statusBadge(status: string): string {
  return `<span class="badge st-${esc(status)}">${esc(STATUS_LABEL[status] ?? status)}</span>`;
}

export function checklistCounts(doc: CheckDoc): Record<'pass' | 'fail' | 'not-evaluated' | 'attest', number> {
  const c = { pass: 0, fail: 0, 'not-evaluated': 0, attest: 0 };
  for (const item of doc.checklist) if (item.status in c) c[item.status as keyof typeof c]++;
  return c;
}

export function scorecardSection(doc: CheckDoc, rules: readonly RuleMeta[]): string {
  const meta = new Map(rules.map((r) => [r.id, r]));
  const outcome = new Map(doc.rules.map((r) => [r.ruleId, r]));
  const withFindings = new Set(doc.findings.filter((f) => !f.suppressed).map((f) => f.ruleId));
  const counts = checklistCounts(doc);
  const buttons = [
    `<button type="button" data-sc="all" aria-pressed="true">All (${int(doc.checklist.length)})</button>`,
    ...(['fail', 'not-evaluated', 'attest', 'pass'] as const).map((s) => `<button type="button" data-sc="${s}" aria-pressed="false">${esc(STATUS_LABEL[s])} (${int(counts[s])})</button>`),
  ].join('');
  const rows = doc.checklist
    .map((item) => {
      const ruleLines = item.rules
        .map((r) => {
          const o = outcome.get(r.id);
          const reason = r.status === 'not-implemented' ? 'keelson has no rule for this yet; confirm it by hand' : o?.reason ?? (r.status === 'pass' ? `passed on ${int(o?.targets ?? 0)} target${o?.targets === 1 ? '' : 's'}` : '');
          const link = withFindings.has(r.id) ? ` <a href="#rule-${slug(r.id)}" data-show-rule="${esc(r.id)}">show its findings</a>` : '';
          return `<li>${statusBadge(r.status)} <code>${esc(r.id)}</code> ${esc(meta.get(r.id)?.title ?? '')}${reason ? ` <span class="muted">— ${esc(reason)}</span>` : ''}${link}</li>`;
        })
        .join('');
      const attest = item.status === 'attest' ? '<p class="muted">A person confirms this item; keelson never passes it silently.</p>' : '';
      return `<tr data-status="${esc(item.status)}" id="cl-${item.n}"><td class="num">${item.n}</td><td><details><summary>${esc(item.text)}</summary>${attest}<ul>${ruleLines}</ul></details></td><td>${statusBadge(item.status)}</td></tr>`;
    })
    .join('\n');
  const legend = (['pass', 'fail', 'not-evaluated', 'attest'] as const).map((s) => `<li>${statusBadge(s)} ${esc(STATUS_MEANING[s])}</li>`).join('');
  return (
    '<section id="scorecard" aria-labelledby="scorecard-h"><h2 id="scorecard-h">Production checklist</h2>' +
    `<p>The guide's 20-item checklist: <strong>${int(counts.pass)} pass</strong>, <strong>${int(counts.fail)} fail</strong>, ${int(counts['not-evaluated'])} not evaluated, ${int(counts.attest)} to attest. Open an item to see the rules behind it.</p>` +
    `<div class="toolbar" role="group" aria-label="Show checklist items by status">${buttons}</div>` +
    `<table class="scorecard"><caption class="muted">Checklist items and their status</caption><thead><tr><th scope="col" class="num">#</th><th scope="col">Item</th><th scope="col">Status</th></tr></thead><tbody>\n${rows}\n</tbody></table>` +
    `<ul class="muted legend">${legend}</ul></section>`
  );
}
