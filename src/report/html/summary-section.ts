/**
 * The top of the page, for someone who reads nothing else: is it ready, what is not, what to fix first, and what
 * it will cost.
 */
import { SEVERITIES } from '../../rules/types.js';
import { esc, slug } from './escape.js';
import { fixFirst, severityRank } from './finding-groups.js';
import type { FixFirst, IndexedFinding } from './finding-groups.js';
import { locationText, severityBadge } from './findings-section.js';
import { int, plural, usd } from './format-numbers.js';
import type { ReportInputs } from './inputs.js';
import { costHeadline } from './capacity-section.js';
import { checklistCounts } from './scorecard-section.js';
import { compareHeadline } from './compare-section.js';
import { diffFindings } from './compare-results.js';

function fixItem(f: FixFirst): string {
  const fix = f.first.finding.fix ? `<br><strong>Fix:</strong> ${esc(f.first.finding.fix)}` : '';
  const more = f.count > 1 ? `${plural(f.count, 'finding')}, the first at` : 'at';
  return `<li>${severityBadge(f.severity)} <a href="#rule-${slug(f.ruleId)}">${esc(f.title)}</a> <code>${esc(f.ruleId)}</code><br><span class="muted">${more} <span class="mono">${esc(locationText(f.first.finding))}</span>: ${esc(f.first.finding.message)}</span>${fix}</li>`;
}

function tile(title: string, big: string, body: string, href: string): string {
  return `<div class="tile"><h3><a href="${href}">${esc(title)}</a></h3><p class="big">${big}</p>${body}</div>`;
}

export function summarySection(inputs: ReportInputs): string {
  const doc = inputs.check;
  const indexed: IndexedFinding[] = doc.findings.map((finding, index) => ({ index, finding }));
  const open = indexed.filter((f) => !f.finding.suppressed);
  const failing = open.filter((f) => f.finding.outcome === 'fail');
  const notEvaluated = open.length - failing.length;
  const suppressed = indexed.length - open.length;
  const bySeverity = [...SEVERITIES].reverse().map((s) => [s, failing.filter((f) => f.finding.severity === s).length] as const).filter(([, n]) => n > 0);
  const cl = checklistCounts(doc);

  // The verdict: findings first, then whatever the plans say would stop a production rollout.
  const problems: string[] = [];
  if (failing.length > 0) problems.push(`${plural(failing.length, 'failing finding')} (${bySeverity.map(([s, n]) => `${int(n)} ${s}`).join(', ')}) in ${plural(new Set(failing.map((f) => f.finding.ruleId)).size, 'rule')}`);
  if (inputs.upgrade && inputs.upgrade.blockers > 0) problems.push(`${plural(inputs.upgrade.blockers, 'upgrade blocker')} for ${esc(inputs.upgrade.to)}`);
  if (inputs.ips && !inputs.ips.plan.ok) problems.push('a subnet runs out of pod IP addresses');
  const unplaced = inputs.capacity && inputs.capacity.scenarios.length > 0 ? Math.min(...inputs.capacity.scenarios.map((s) => s.figures.best.unplaced)) : 0;
  if (unplaced > 0) problems.push(`${plural(unplaced, 'pod')} cannot be placed on any planned node`);
  const waiting = cl['not-evaluated'] + cl.attest;
  const verdict =
    problems.length > 0
      ? `<div class="verdict bad" id="verdict"><p><strong>Not ready.</strong> ${problems.join('; ')}.</p><p>${int(cl.pass)} of ${int(doc.checklist.length)} checklist items pass; ${int(cl.fail)} fail.</p></div>`
      : `<div class="verdict ${waiting > 0 ? 'unknown' : 'good'}" id="verdict"><p><strong>No failing findings.</strong> Ready on everything keelson could check: ${int(cl.pass)} of ${int(doc.checklist.length)} checklist items pass.</p>${waiting > 0 ? `<p>${plural(cl['not-evaluated'], 'item')} could not be evaluated from these inputs and ${int(cl.attest)} need a person's confirmation: see the checklist below.</p>` : ''}</div>`;

  const tiles: string[] = [
    tile('Checklist', `${int(cl.pass)} of ${int(doc.checklist.length)} pass`, `<p>${int(cl.fail)} fail · ${int(cl['not-evaluated'])} not evaluated · ${int(cl.attest)} to attest</p>`, '#scorecard'),
    tile(
      'Findings',
      `${int(failing.length)} failing`,
      `<p>${bySeverity.length > 0 ? bySeverity.map(([s, n]) => `${severityBadge(s)} ${int(n)}`).join(' ') : 'none failing'}</p><p>${int(notEvaluated)} not evaluated · ${int(suppressed)} suppressed</p>`,
      '#findings',
    ),
  ];
  if (inputs.capacity) {
    const { cheapest, baseline } = costHeadline(inputs.capacity);
    if (cheapest) {
      tiles.push(
        tile(
          'Cost of worker nodes',
          `${esc(usd(cheapest.figures.best.usdPerMonth))} / month`,
          `<p>${esc(cheapest.title)}, ${plural(cheapest.figures.best.nodes, 'node')}${baseline && baseline !== cheapest ? `; ${esc(usd(baseline.figures.best.usdPerMonth))} / month x86 on-demand` : ''}</p>`,
          '#capacity',
        ),
      );
    }
  }
  if (inputs.ips) {
    const p = inputs.ips.plan;
    tiles.push(tile('Pod IP addresses', p.ok ? 'Enough' : 'Runs out', `<p>${plural(p.input.nodes, 'node')} planned; the subnets hold ${p.maxNodes === null ? 'any number' : int(p.maxNodes)}</p>`, '#ips'));
  }
  if (inputs.upgrade) {
    const u = inputs.upgrade;
    tiles.push(tile(`Upgrade to ${u.to}`, plural(u.blockers, 'blocker'), `<p>${esc(u.from ?? '?')} → ${esc(u.to)}, ${esc(u.strategy)}</p>`, '#upgrade'));
  }
  if (inputs.base) {
    const d = diffFindings(inputs.base, doc);
    tiles.push(tile('Since the previous result', `+${int(d.added.length)} / −${int(d.fixed.length)}`, `<p>${esc(compareHeadline(inputs.base, doc))}</p>`, '#compare'));
  }

  const first = fixFirst(indexed);
  let todo: string;
  if (first.length > 0) {
    todo = `<h3 id="fix-first-h">What to fix first</h3><p class="muted">Failing rules, most severe first; one fix usually clears all of a rule's findings.</p><ol class="fixfirst" aria-labelledby="fix-first-h">${first.map(fixItem).join('')}</ol>`;
  } else {
    const unknown = [...new Map(open.filter((f) => f.finding.outcome === 'not-evaluated').sort((a, b) => severityRank(b.finding.severity) - severityRank(a.finding.severity) || a.index - b.index).map((f) => [f.finding.ruleId, f])).values()].slice(0, 5);
    todo = `<h3 id="fix-first-h">What to fix first</h3><p>Nothing: no rule fails on these inputs.</p>${unknown.length > 0 ? `<p>Check next: keelson could not decide these from the inputs.</p><ul class="fixfirst">${unknown.map((f) => `<li>${severityBadge(f.finding.severity)} <a href="#f-${f.index}">${esc(f.finding.title)}</a> <code>${esc(f.finding.id)}</code><br><span class="muted">${esc(f.finding.message)}</span></li>`).join('')}</ul>` : ''}`;
  }
  return `<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h" class="sr-only">Summary</h2>${verdict}<div class="tiles">${tiles.join('')}</div>${todo}</section>`;
}
