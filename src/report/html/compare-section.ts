/** Comparison mode: two check results side by side, and what got better or worse between them. */
import { esc } from './escape.js';
import { locationText, severityBadge } from './findings-section.js';
import { int, plural } from './format-numbers.js';
import type { CheckDoc, CheckFinding } from './inputs.js';
import { checklistChanges, compareMetrics, diffFindings, direction } from './compare-results.js';
import { statusBadge } from './scorecard-section.js';

function change(label: string): string {
  if (label === 'better' || label === 'worse') return `<span class="${label}">${label}</span>`;
  return label === 'same' ? '<span class="muted">same</span>' : 'changed';
}

function findingList(findings: readonly CheckFinding[], none: string): string {
  if (findings.length === 0) return `<p class="muted">${esc(none)}</p>`;
  return `<ul class="findings">${findings.map((f) => `<li><p>${severityBadge(f.severity)}${f.outcome === 'not-evaluated' ? ' <span class="badge out-not-evaluated">not evaluated</span>' : ''} <code>${esc(f.id)}</code> <span class="loc">${esc(locationText(f))}</span></p><p>${esc(f.message)}</p></li>`).join('\n')}</ul>`;
}

/** One line for the top of the page. */
export function compareHeadline(base: CheckDoc, current: CheckDoc): string {
  const d = diffFindings(base, current);
  const items = checklistChanges(base, current);
  const better = items.filter((c) => c.direction === 'better').length;
  const worse = items.filter((c) => c.direction === 'worse').length;
  return `${plural(d.added.length, 'new finding')}, ${plural(d.fixed.length, 'fixed finding')}; ${plural(better, 'checklist item')} better, ${int(worse)} worse.`;
}

export function compareSection(base: CheckDoc, current: CheckDoc, labels: { base: string; check: string }): string {
  const d = diffFindings(base, current);
  const rows = compareMetrics(base, current)
    .map((m) => {
      const delta = m.after - m.before;
      return `<tr><th scope="row">${esc(m.label)}</th><td class="num">${int(m.before)}</td><td class="num">${int(m.after)}</td><td class="num">${delta > 0 ? '+' : ''}${int(delta)}</td><td>${change(direction(m))}</td></tr>`;
    })
    .join('\n');
  const items = checklistChanges(base, current);
  const itemTable =
    items.length === 0
      ? '<p>No checklist item changed status.</p>'
      : `<table><thead><tr><th scope="col" class="num">#</th><th scope="col">Item</th><th scope="col">Before</th><th scope="col">After</th><th scope="col">Change</th></tr></thead><tbody>${items
          .map((c) => `<tr><td class="num">${c.n}</td><td>${esc(c.text)}</td><td>${statusBadge(c.before)}</td><td>${statusBadge(c.after)}</td><td>${change(c.direction)}</td></tr>`)
          .join('')}</tbody></table>`;
  return (
    '<section id="compare" aria-labelledby="compare-h"><h2 id="compare-h">What changed</h2>' +
    `<p>Before: <code>${esc(labels.base)}</code>. After: <code>${esc(labels.check)}</code> (the rest of this page shows the after side). ${esc(compareHeadline(base, current))} ${plural(d.unchanged, 'finding')} unchanged.</p>` +
    `<div class="scroll"><table><caption class="muted">Before and after, side by side</caption><thead><tr><th scope="col">Measure</th><th scope="col" class="num">Before</th><th scope="col" class="num">After</th><th scope="col" class="num">Change</th><th scope="col">Verdict</th></tr></thead><tbody>\n${rows}\n</tbody></table></div>` +
    `<h3>Checklist changes</h3>${itemTable}` +
    `<div class="side"><div><h3>New findings (${int(d.added.length)})</h3>${findingList(d.added, 'No new findings.')}</div><div><h3>Fixed findings (${int(d.fixed.length)})</h3>${findingList(d.fixed, 'No finding was fixed.')}</div></div></section>`
  );
}
