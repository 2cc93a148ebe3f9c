/** The upgrade plan: blockers first, then what needs a decision, the add-ons, and the runbook. */
import { formatLocation } from '../../errors.js';
import { esc } from './escape.js';
import { int, plural } from './format-numbers.js';
import type { UpgradeDoc } from './inputs.js';
import { markdownLite } from './markdown-lite.js';

const LEVEL_CLASS: Record<string, string> = { blocker: 'sev-critical', warning: 'sev-medium', info: 'sev-info' };

export function upgradeSection(doc: UpgradeDoc): string {
  const t = doc.target;
  const head = `<p>${esc(doc.clusterName)}: Kubernetes ${esc(doc.from ?? '(current version unknown)')} → ${esc(doc.to)} (${esc(doc.kind)}), strategy <strong>${esc(doc.strategy)}</strong>${doc.inPlaceSteps.length > 1 ? `; in place it takes ${int(doc.inPlaceSteps.length)} control-plane steps (${esc(doc.inPlaceSteps.join(' → '))})` : ''}.</p>`;
  const support = `<p>${esc(t.version)} support on ${esc(doc.today)}: ${esc(t.state)}${t.daysLeft !== undefined ? `, ${int(t.daysLeft)} days left` : ''}${t.known?.endOfStandardSupport ? `; standard support until ${esc(t.known.endOfStandardSupport)}` : ''}${t.known?.endOfExtendedSupport ? `, extended until ${esc(t.known.endOfExtendedSupport)}` : ''}. Extended support costs ${esc(`$${t.extendedPremiumUsdPerMonth.toFixed(0)}`)} more per cluster and month.</p>`;
  const verdict = doc.blockers > 0 ? `<p class="worse">${plural(doc.blockers, 'blocker')} must be fixed before the upgrade.</p>` : '<p class="better">No blocker found in the inputs.</p>';
  const order = { blocker: 0, warning: 1, info: 2 } as const;
  const findings = [...doc.findings].sort((a, b) => (order[a.level] ?? 3) - (order[b.level] ?? 3));
  const list =
    findings.length === 0
      ? '<p>No findings.</p>'
      : `<ul class="findings">${findings
          .map((f) => `<li class="upg"><p><span class="badge ${LEVEL_CLASS[f.level] ?? 'sev-info'}">${esc(f.level)}</span> ${esc(f.area)}${f.location ? ` <span class="loc">${esc(formatLocation(f.location))}</span>` : ''}</p><p>${esc(f.message)}</p><p><strong>Fix:</strong> ${esc(f.fix)}</p></li>`)
          .join('\n')}</ul>`;
  const addons =
    doc.addons.length === 0
      ? ''
      : `<h3>Add-ons</h3><div class="scroll"><table><thead><tr><th scope="col">Add-on</th><th scope="col">Pinned</th><th scope="col">Latest EKS build for ${esc(doc.to)}</th><th scope="col">Verdict</th><th scope="col">Note</th></tr></thead><tbody>${doc.addons
          .map((a) => `<tr><th scope="row">${esc(a.addon)}</th><td>${esc(a.pinned ?? '(EKS default)')}</td><td>${esc(a.forTarget ?? 'see DescribeAddonVersions')}</td><td>${esc(a.verdict)}</td><td>${esc(a.note ?? '')}</td></tr>`)
          .join('')}</tbody></table></div>`;
  const stateful = doc.statefulWorkloads && doc.statefulWorkloads.length > 0 ? `<p>Workloads with cluster-local state (a blue-green upgrade needs a data path for them): ${doc.statefulWorkloads.map((w) => `<code>${esc(w)}</code>`).join(', ')}</p>` : '';
  const runbook = doc.runbook
    ? `<details class="md" id="runbook"><summary>The runbook (guide section 11, checklist filled in)</summary>${markdownLite(doc.runbook, 2)}</details>`
    : '<p class="muted">This plan carries no runbook: run <code>keelson plan upgrade --format json</code> with this keelson version to include it, or <code>--format markdown</code> for the runbook alone.</p>';
  return `<section id="upgrade" aria-labelledby="upgrade-h"><h2 id="upgrade-h">Upgrade to ${esc(doc.to)}</h2>${head}${verdict}${support}<h3>Blockers and warnings</h3>${list}${addons}${stateful}<h3>Runbook</h3>${runbook}</section>`;
}
